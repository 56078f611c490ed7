package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A tier of the ladder (TIER-1): its rank (higher is better) and what qualifies for it — points
 * earned, spend (fen) or visits over its window; meeting any one threshold qualifies, and a tier
 * without thresholds is where every member starts. A member who no longer qualifies keeps the
 * tier until a review finds them still short after {@code graceDays}. Members who reach the tier
 * get one of its {@code advisors} (console users), in turn (TIER-3).
 */
public record TierDefinition(
    @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{0,29}") String code,
    @NotBlank @Size(max = 40) String nameZh,
    @NotBlank @Size(max = 40) String nameEn,
    @NotNull @Min(0) @Max(1000) Integer rank,
    @Min(0) Long qualifyPoints,
    @Min(0) Long qualifySpendFen,
    @Min(0) Integer qualifyVisits,
    @NotNull Window window,
    @Min(1) @Max(3660) Integer windowDays,
    @Min(0) @Max(3660) Integer graceDays,
    List<@Size(max = 60) String> advisors) {

  /** The qualification window: the last {@code windowDays} days, or the calendar year so far. */
  public enum Window { ROLLING_DAYS, CALENDAR_YEAR }

  public TierDefinition {
    advisors = advisors == null ? List.of() : List.copyOf(advisors);
    windowDays = windowDays == null ? 365 : windowDays;
    graceDays = graceDays == null ? 30 : graceDays;
  }

  /** A tier without thresholds: where every member starts. */
  public boolean entry() {
    return qualifyPoints == null && qualifySpendFen == null && qualifyVisits == null;
  }
}
