package io.loopline.loyalty.web;

import io.loopline.loyalty.EarningRule;
import io.loopline.loyalty.EarningRules;
import io.loopline.loyalty.Earnings;
import io.loopline.loyalty.LoyaltySettings;
import io.loopline.loyalty.MemberDay;
import io.loopline.loyalty.PurchaseEvent;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.InvalidInput.FieldError;
import io.loopline.platform.NotFound;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Console pages: earning rules and member days, their editors, and the rule simulator. */
@Controller
class RulePages {

  private final EarningRules rules;
  private final Earnings earnings;
  private final LoyaltySettings settings;
  private final Validator validator;

  RulePages(EarningRules rules, Earnings earnings, LoyaltySettings settings,
      Validator validator) {
    this.rules = rules;
    this.earnings = earnings;
    this.settings = settings;
    this.validator = validator;
  }

  @GetMapping("/console/loyalty/rules")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  String list(Model model) {
    model.addAttribute("rules", rules.rules());
    model.addAttribute("days", rules.memberDays());
    model.addAttribute("section", "rules");
    return "console/loyalty-rules";
  }

  @GetMapping("/console/loyalty/rules/new")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String create(Model model) {
    return editor(new RuleForm(), false, Map.of(), model);
  }

  @GetMapping("/console/loyalty/rules/{code}")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  String edit(@PathVariable String code, Model model) {
    return editor(RuleForm.of(rules.rule(code), settings.zone()), true, Map.of(), model);
  }

  @PostMapping("/console/loyalty/rules")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String save(@ModelAttribute("form") RuleForm form,
      @RequestParam(defaultValue = "false") boolean existing, Model model) {
    try {
      EarningRule rule = valid(form.toRule(settings.zone()));
      rules.save(rule);
      return "redirect:/console/loyalty/rules?saved=" + rule.code();
    } catch (InvalidInput e) {
      return editor(form, existing, errors(e), model);
    }
  }

  @PostMapping("/console/loyalty/rules/{code}/delete")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String delete(@PathVariable String code) {
    rules.deleteRule(code);
    return "redirect:/console/loyalty/rules";
  }

  /** The simulator's answer, rendered by htmx under the form. */
  @PostMapping("/console/loyalty/rules/simulate")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  String simulate(@RequestParam String memberId, @RequestParam(required = false) String channel,
      @RequestParam(required = false) String venue, @RequestParam String amountYuan,
      @RequestParam(required = false) String category, Model model) {
    try {
      long fen = new BigDecimal(amountYuan.trim()).movePointRight(2).longValueExact();
      List<PurchaseEvent.Line> lines = category == null || category.isBlank() ? List.of()
          : List.of(new PurchaseEvent.Line(null, category.trim(), fen));
      model.addAttribute("result", earnings.simulate(new PurchaseEvent(memberId.trim(),
          "simulation", fen, blankToNull(channel), blankToNull(venue), lines, null)));
    } catch (NotFound e) {
      model.addAttribute("simError", e.getMessage());
    } catch (NumberFormatException | ArithmeticException e) {
      model.addAttribute("simError", "amount: " + amountYuan);
    }
    return "console/loyalty-rules :: simulation";
  }

  @GetMapping("/console/loyalty/member-days/new")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String newDay(Model model) {
    return dayEditor(new DayForm(), Map.of(), model);
  }

  @PostMapping("/console/loyalty/member-days")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String saveDay(@ModelAttribute("day") DayForm form, Model model) {
    try {
      rules.save(valid(form.toMemberDay()));
      return "redirect:/console/loyalty/rules";
    } catch (InvalidInput e) {
      return dayEditor(form, errors(e), model);
    }
  }

  @PostMapping("/console/loyalty/member-days/{code}/delete")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String deleteDay(@PathVariable String code) {
    rules.deleteMemberDay(code);
    return "redirect:/console/loyalty/rules";
  }

  private String editor(RuleForm form, boolean existing, Map<String, String> errors,
      Model model) {
    model.addAttribute("form", form);
    model.addAttribute("existing", existing);
    model.addAttribute("errors", errors);
    model.addAttribute("triggers", EarningRule.Trigger.values());
    model.addAttribute("section", "rules");
    return "console/loyalty-rule";
  }

  private String dayEditor(DayForm form, Map<String, String> errors, Model model) {
    model.addAttribute("day", form);
    model.addAttribute("errors", errors);
    model.addAttribute("weekdays", DayOfWeek.values());
    model.addAttribute("section", "rules");
    return "console/loyalty-member-day";
  }

  private <T> T valid(T value) {
    return InvalidInput.unlessValid(validator, value);
  }

  private static Map<String, String> errors(InvalidInput e) {
    Map<String, String> errors = new LinkedHashMap<>();
    for (FieldError f : e.errors()) {
      errors.merge(f.field().replaceAll("\\[.*", ""), f.message(), (a, b) -> a + "; " + b);
    }
    return errors;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The member-day editor's form. */
  public static class DayForm {
    private String code = "";
    private String name = "";
    private String dates = "";
    private String dayOfMonth = "";
    private String dayOfWeek = "";
    private String multiplierPercent = "200";
    private String bonusPoints = "";
    private String tiers = "";
    private String segment = "";
    private boolean active = true;

    MemberDay toMemberDay() {
      try {
        Set<LocalDate> days = Arrays.stream(dates.split("[,，\\s]+")).filter(s -> !s.isBlank())
            .map(LocalDate::parse).collect(Collectors.toSet());
        return new MemberDay(code.trim(), name.trim(), days,
            dayOfMonth.isBlank() ? null : Integer.valueOf(dayOfMonth.trim()),
            dayOfWeek.isBlank() ? null : DayOfWeek.valueOf(dayOfWeek),
            multiplierPercent.isBlank() ? null : Integer.valueOf(multiplierPercent.trim()),
            bonusPoints.isBlank() ? null : Long.valueOf(bonusPoints.trim()),
            Arrays.stream(tiers.split("[,，\\s]+")).filter(s -> !s.isBlank())
                .map(String::toUpperCase).collect(Collectors.toSet()),
            segment.isBlank() ? null : segment.trim(), active);
      } catch (RuntimeException e) {
        throw new InvalidInput("dates", "dates are yyyy-mm-dd, numbers are whole numbers");
      }
    }

    public String getCode() { return code; }
    public void setCode(String v) { code = v; }
    public String getName() { return name; }
    public void setName(String v) { name = v; }
    public String getDates() { return dates; }
    public void setDates(String v) { dates = v; }
    public String getDayOfMonth() { return dayOfMonth; }
    public void setDayOfMonth(String v) { dayOfMonth = v; }
    public String getDayOfWeek() { return dayOfWeek; }
    public void setDayOfWeek(String v) { dayOfWeek = v; }
    public String getMultiplierPercent() { return multiplierPercent; }
    public void setMultiplierPercent(String v) { multiplierPercent = v; }
    public String getBonusPoints() { return bonusPoints; }
    public void setBonusPoints(String v) { bonusPoints = v; }
    public String getTiers() { return tiers; }
    public void setTiers(String v) { tiers = v; }
    public String getSegment() { return segment; }
    public void setSegment(String v) { segment = v; }
    public boolean isActive() { return active; }
    public void setActive(boolean v) { active = v; }
  }
}
