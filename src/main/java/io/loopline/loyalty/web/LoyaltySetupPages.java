package io.loopline.loyalty.web;

import io.loopline.loyalty.Benefit;
import io.loopline.loyalty.BenefitQuota;
import io.loopline.loyalty.Benefits;
import io.loopline.loyalty.CashOffsets;
import io.loopline.loyalty.OffsetPolicy;
import io.loopline.loyalty.Reward;
import io.loopline.loyalty.Rewards;
import io.loopline.loyalty.TierDefinition;
import io.loopline.loyalty.Tiers;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import jakarta.validation.Validator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Console pages where the programme is set up: the tier ladder and the benefits matrix
 * (tier × benefit × quota), the rewards catalogue and the cash offset policy.
 */
@Controller
class LoyaltySetupPages {

  private final Tiers tiers;
  private final Benefits benefits;
  private final Rewards rewards;
  private final CashOffsets offsets;
  private final Validator validator;

  LoyaltySetupPages(Tiers tiers, Benefits benefits, Rewards rewards, CashOffsets offsets,
      Validator validator) {
    this.tiers = tiers;
    this.benefits = benefits;
    this.rewards = rewards;
    this.offsets = offsets;
    this.validator = validator;
  }

  @GetMapping("/console/loyalty/tiers")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  String tiers(Model model) {
    List<BenefitQuota> quotas = benefits.quotas();
    model.addAttribute("ladder", tiers.ladder());
    model.addAttribute("benefits", benefits.catalogue());
    model.addAttribute("quotas", quotas.stream().collect(Collectors.toMap(
        q -> q.benefit() + "/" + q.tier(), q -> q)));
    model.addAttribute("periodOf", quotas.stream().collect(Collectors.toMap(
        BenefitQuota::benefit, BenefitQuota::period, (a, b) -> a)));
    model.addAttribute("kinds", Benefit.Kind.values());
    model.addAttribute("periods", BenefitQuota.Period.values());
    model.addAttribute("section", "tiers");
    return "console/loyalty-tiers";
  }

  @PostMapping("/console/loyalty/tiers")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String saveTier(@RequestParam String code, @RequestParam String nameZh,
      @RequestParam String nameEn, @RequestParam String rank,
      @RequestParam(defaultValue = "") String qualifyPoints,
      @RequestParam(defaultValue = "") String qualifySpendYuan,
      @RequestParam(defaultValue = "") String qualifyVisits,
      @RequestParam(defaultValue = "ROLLING_DAYS") String window,
      @RequestParam(defaultValue = "365") String windowDays,
      @RequestParam(defaultValue = "30") String graceDays,
      @RequestParam(defaultValue = "") String advisors, RedirectAttributes flash) {
    try {
      TierDefinition tier = valid(new TierDefinition(code.trim().toUpperCase(), nameZh.trim(),
          nameEn.trim(), integer("rank", rank), number("qualifyPoints", qualifyPoints),
          yuan(qualifySpendYuan), integer("qualifyVisits", qualifyVisits),
          window.equals("CALENDAR_YEAR") ? TierDefinition.Window.CALENDAR_YEAR
              : TierDefinition.Window.ROLLING_DAYS, integer("windowDays", windowDays),
          integer("graceDays", graceDays), words(advisors)));
      tiers.save(tier);
      flash.addFlashAttribute("notice", tier.code());
    } catch (InvalidInput e) {
      flash.addFlashAttribute("tierError", message(e));
    }
    return "redirect:/console/loyalty/tiers";
  }

  @PostMapping("/console/loyalty/benefits")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String saveBenefit(@RequestParam String code, @RequestParam String kind,
      @RequestParam String nameZh, @RequestParam String nameEn, @RequestParam String unit,
      RedirectAttributes flash) {
    try {
      benefits.save(valid(new Benefit(code.trim(), kind(kind), nameZh.trim(),
          nameEn.trim(), unit.trim())));
      flash.addFlashAttribute("notice", code);
    } catch (InvalidInput e) {
      flash.addFlashAttribute("benefitError", message(e));
    }
    return "redirect:/console/loyalty/tiers#matrix";
  }

  /**
   * Saves the matrix: field {@code q|benefit|tier} holds the quota (blank: not granted,
   * "*": unlimited) and {@code p|benefit} the period of the benefit's row.
   */
  @PostMapping("/console/loyalty/benefits/matrix")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String saveMatrix(@RequestParam Map<String, String> form, RedirectAttributes flash) {
    try {
      for (Map.Entry<String, String> cell : form.entrySet()) {
        String[] key = cell.getKey().split("\\|");
        if (key.length != 3 || !key[0].equals("q")) {
          continue;
        }
        String value = cell.getValue().trim();
        BenefitQuota.Period period = Arrays.stream(BenefitQuota.Period.values())
            .filter(p -> p.name().equals(form.get("p|" + key[1]))).findFirst()
            .orElse(BenefitQuota.Period.MONTH);
        if (value.isEmpty()) {
          try {
            benefits.removeQuota(key[1], key[2]);
          } catch (NotFound notGranted) {
            // nothing to take away
          }
        } else {
          Integer quota = value.equals("*") ? null : integer("quota", value);
          benefits.setQuota(key[1], key[2],
              valid(new BenefitQuota(key[2], key[1], quota, period)));
        }
      }
      flash.addFlashAttribute("notice", "matrix");
    } catch (InvalidInput e) {
      flash.addFlashAttribute("benefitError", message(e));
    }
    return "redirect:/console/loyalty/tiers#matrix";
  }

  @GetMapping("/console/loyalty/rewards")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  String rewards(Model model) {
    model.addAttribute("rewards", rewards.catalogue());
    model.addAttribute("policy", offsets.policy());
    model.addAttribute("section", "rewards");
    return "console/loyalty-rewards";
  }

  @PostMapping("/console/loyalty/rewards")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String saveReward(@RequestParam String code, @RequestParam String nameZh,
      @RequestParam String nameEn, @RequestParam(defaultValue = "") String description,
      @RequestParam String points, @RequestParam(defaultValue = "") String stock,
      @RequestParam(defaultValue = "") String perMemberLimit,
      @RequestParam(defaultValue = "") String tiers,
      @RequestParam(defaultValue = "30") String voucherDays,
      @RequestParam(defaultValue = "false") boolean active, RedirectAttributes flash) {
    try {
      Reward reward = valid(new Reward(code.trim(), nameZh.trim(), nameEn.trim(),
          description.isBlank() ? null : description.trim(), number("points", points),
          integer("stock", stock), null, integer("perMemberLimit", perMemberLimit), null, null,
          Set.copyOf(words(tiers.toUpperCase())), integer("voucherDays", voucherDays), active));
      rewards.save(reward);
      flash.addFlashAttribute("notice", reward.code());
    } catch (InvalidInput e) {
      flash.addFlashAttribute("rewardError", message(e));
    }
    return "redirect:/console/loyalty/rewards";
  }

  @PostMapping("/console/loyalty/offset-policy")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  String savePolicy(@RequestParam String pointsPerYuan, @RequestParam String maxSharePercent,
      @RequestParam String minPoints, RedirectAttributes flash) {
    try {
      offsets.setPolicy(valid(new OffsetPolicy(integer("pointsPerYuan", pointsPerYuan),
          integer("maxSharePercent", maxSharePercent), number("minPoints", minPoints))));
      flash.addFlashAttribute("notice", "policy");
    } catch (InvalidInput e) {
      flash.addFlashAttribute("policyError", message(e));
    }
    return "redirect:/console/loyalty/rewards";
  }

  private <T> T valid(T value) {
    return InvalidInput.unlessValid(validator, value);
  }

  private static String message(InvalidInput e) {
    return e.errors().stream().map(f -> f.field() + ": " + f.message())
        .collect(Collectors.joining("; "));
  }

  private static Long number(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Long.valueOf(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInput(field, "is not a whole number: " + text);
    }
  }

  private static Integer integer(String field, String text) {
    Long n = number(field, text);
    return n == null ? null : Math.toIntExact(n);
  }

  private static Long yuan(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return new java.math.BigDecimal(text.trim()).movePointRight(2).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidInput("qualifySpendFen", "is not an amount: " + text);
    }
  }

  private static Benefit.Kind kind(String kind) {
    try {
      return Benefit.Kind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("kind", "no benefit kind " + kind);
    }
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.split("[,，\\s]+")).filter(s -> !s.isBlank()).toList();
  }
}
