package io.loopline.loyalty.web;

import io.loopline.loyalty.EarningRule;
import io.loopline.loyalty.PointsExpiry;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.InvalidInput.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rule editor's form as an operator fills it: amounts in yuan, lists comma-separated,
 * multipliers as {@code GOLD=150, SILVER=120}, times as local date-times in the programme zone.
 */
public class RuleForm {

  private String code = "";
  private String name = "";
  private String trigger = "PURCHASE";
  private String points = "1";
  private String perYuan = "1";
  private String minSpendYuan = "";
  private String channels = "";
  private String venues = "";
  private String categories = "";
  private String products = "";
  private String tierMultipliers = "";
  private String streakBonuses = "";
  private String capPerOrder = "";
  private String capPerDay = "";
  private String capPerWeek = "";
  private String capPerMonth = "";
  private String capLifetime = "";
  private String maturesInDays = "";
  private String expiryKind = "";
  private String expiryN = "0";
  private String validFrom = "";
  private String validUntil = "";
  private boolean active = true;

  static RuleForm of(EarningRule r, ZoneId zone) {
    RuleForm f = new RuleForm();
    f.code = r.code();
    f.name = r.name();
    f.trigger = r.trigger().name();
    f.points = String.valueOf(r.points());
    f.perYuan = r.perFen() == null ? "" : yuan(r.perFen());
    f.minSpendYuan = r.minSpendFen() == null ? "" : yuan(r.minSpendFen());
    f.channels = String.join(", ", r.channels());
    f.venues = String.join(", ", r.venues());
    f.categories = String.join(", ", r.categories());
    f.products = String.join(", ", r.products());
    f.tierMultipliers = pairs(r.tierMultipliers());
    f.streakBonuses = pairs(r.streakBonuses());
    f.capPerOrder = text(r.caps().perOrder());
    f.capPerDay = text(r.caps().perDay());
    f.capPerWeek = text(r.caps().perWeek());
    f.capPerMonth = text(r.caps().perMonth());
    f.capLifetime = text(r.caps().lifetime());
    f.maturesInDays = text(r.maturesInDays());
    f.expiryKind = r.expiry() == null ? "" : r.expiry().kind().name();
    f.expiryN = r.expiry() == null ? "0" : String.valueOf(r.expiry().n());
    f.validFrom = r.validFrom() == null ? "" : LocalDateTime.ofInstant(r.validFrom(), zone)
        .toString();
    f.validUntil = r.validUntil() == null ? "" : LocalDateTime.ofInstant(r.validUntil(), zone)
        .toString();
    f.active = r.active();
    return f;
  }

  /** The rule the form describes; 400 naming every field that cannot be read. */
  EarningRule toRule(ZoneId zone) {
    Parser p = new Parser();
    EarningRule.Trigger t = p.read("trigger", trigger, EarningRule.Trigger::valueOf);
    boolean purchase = t == EarningRule.Trigger.PURCHASE;
    EarningRule rule = new EarningRule(code.trim(), name.trim(), t,
        p.read("points", points, Long::valueOf),
        purchase ? p.read("perFen", perYuan, RuleForm::fen) : null,
        purchase ? p.read("minSpendFen", minSpendYuan, RuleForm::fen) : null,
        list(channels), list(venues), list(categories), list(products),
        p.read("tierMultipliers", tierMultipliers,
            s -> map(s, k -> k.toUpperCase(), Integer::valueOf)),
        p.read("streakBonuses", streakBonuses, s -> map(s, Integer::valueOf, Long::valueOf)),
        new EarningRule.Caps(p.read("caps.perOrder", capPerOrder, Long::valueOf),
            p.read("caps.perDay", capPerDay, Long::valueOf),
            p.read("caps.perWeek", capPerWeek, Long::valueOf),
            p.read("caps.perMonth", capPerMonth, Long::valueOf),
            p.read("caps.lifetime", capLifetime, Long::valueOf)),
        p.read("maturesInDays", maturesInDays, Integer::valueOf),
        expiryKind.isBlank() ? null : new PointsExpiry(
            p.read("expiry.kind", expiryKind, PointsExpiry.Kind::valueOf),
            p.read("expiry.n", expiryN.isBlank() ? "0" : expiryN, Integer::valueOf)),
        p.read("validFrom", validFrom, s -> instant(s, zone)),
        p.read("validUntil", validUntil, s -> instant(s, zone)),
        active);
    p.throwIfAny();
    return rule;
  }

  /** Collects the fields that do not parse, so the operator sees them all at once. */
  private static final class Parser {
    private final List<FieldError> errors = new ArrayList<>();

    <T> T read(String field, String text, Function<String, T> parse) {
      if (text == null || text.isBlank()) {
        return null;
      }
      try {
        return parse.apply(text.trim());
      } catch (RuntimeException e) {
        errors.add(new FieldError(field, "cannot read \"" + text.trim() + "\""));
        return null;
      }
    }

    void throwIfAny() {
      if (!errors.isEmpty()) {
        throw new InvalidInput(errors);
      }
    }
  }

  private static Long fen(String yuan) {
    return new BigDecimal(yuan).movePointRight(2).longValueExact();
  }

  private static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).stripTrailingZeros().toPlainString();
  }

  private static Instant instant(String local, ZoneId zone) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  private static Set<String> list(String text) {
    return Arrays.stream(text.split("[,，\\s]+")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }

  private static <K, V> Map<K, V> map(String text, Function<String, K> key,
      Function<String, V> value) {
    Map<K, V> map = new LinkedHashMap<>();
    for (String pair : text.split("[,，]")) {
      if (!pair.isBlank()) {
        String[] kv = pair.split("=", 2);
        map.put(key.apply(kv[0].trim()), value.apply(kv[1].trim()));
      }
    }
    return map;
  }

  private static String pairs(Map<?, ?> map) {
    return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .sorted().collect(Collectors.joining(", "));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  // bean accessors for form binding
  public String getCode() { return code; }
  public void setCode(String v) { code = v; }
  public String getName() { return name; }
  public void setName(String v) { name = v; }
  public String getTrigger() { return trigger; }
  public void setTrigger(String v) { trigger = v; }
  public String getPoints() { return points; }
  public void setPoints(String v) { points = v; }
  public String getPerYuan() { return perYuan; }
  public void setPerYuan(String v) { perYuan = v; }
  public String getMinSpendYuan() { return minSpendYuan; }
  public void setMinSpendYuan(String v) { minSpendYuan = v; }
  public String getChannels() { return channels; }
  public void setChannels(String v) { channels = v; }
  public String getVenues() { return venues; }
  public void setVenues(String v) { venues = v; }
  public String getCategories() { return categories; }
  public void setCategories(String v) { categories = v; }
  public String getProducts() { return products; }
  public void setProducts(String v) { products = v; }
  public String getTierMultipliers() { return tierMultipliers; }
  public void setTierMultipliers(String v) { tierMultipliers = v; }
  public String getStreakBonuses() { return streakBonuses; }
  public void setStreakBonuses(String v) { streakBonuses = v; }
  public String getCapPerOrder() { return capPerOrder; }
  public void setCapPerOrder(String v) { capPerOrder = v; }
  public String getCapPerDay() { return capPerDay; }
  public void setCapPerDay(String v) { capPerDay = v; }
  public String getCapPerWeek() { return capPerWeek; }
  public void setCapPerWeek(String v) { capPerWeek = v; }
  public String getCapPerMonth() { return capPerMonth; }
  public void setCapPerMonth(String v) { capPerMonth = v; }
  public String getCapLifetime() { return capLifetime; }
  public void setCapLifetime(String v) { capLifetime = v; }
  public String getMaturesInDays() { return maturesInDays; }
  public void setMaturesInDays(String v) { maturesInDays = v; }
  public String getExpiryKind() { return expiryKind; }
  public void setExpiryKind(String v) { expiryKind = v; }
  public String getExpiryN() { return expiryN; }
  public void setExpiryN(String v) { expiryN = v; }
  public String getValidFrom() { return validFrom; }
  public void setValidFrom(String v) { validFrom = v; }
  public String getValidUntil() { return validUntil; }
  public void setValidUntil(String v) { validUntil = v; }
  public boolean isActive() { return active; }
  public void setActive(boolean v) { active = v; }
}
