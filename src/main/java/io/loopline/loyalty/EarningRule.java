package io.loopline.loyalty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An earning rule (PTS-1). A PURCHASE rule gives {@code points} per {@code perFen} of the eligible
 * amount (the whole order, or the lines of the listed categories/products), from
 * {@code minSpendFen} on; an engagement rule gives {@code points} per event of its trigger.
 * Filters left empty match everything. {@code tierMultipliers} are percentages by tier code
 * (150 = ×1.5); DAILY_SIGN_IN may add {@code streakBonuses} (streak length → bonus points).
 * Caps are points per member per day, week, month, lifetime and (purchases) per order; each is
 * enforced atomically. {@code maturesInDays} keeps the points pending for a return window.
 */
public record EarningRule(
    @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,39}") String code,
    @NotBlank @Size(max = 100) String name,
    @NotNull Trigger trigger,
    @NotNull @Min(1) @Max(1_000_000) Long points,
    @Min(1) @Max(100_000_000) Long perFen,
    @Min(0) Long minSpendFen,
    Set<@Size(max = 40) String> channels,
    Set<@Size(max = 40) String> venues,
    Set<@Size(max = 60) String> categories,
    Set<@Size(max = 60) String> products,
    Map<@Pattern(regexp = "[A-Z][A-Z0-9_]{0,29}") String, @Min(100) @Max(10_000) Integer>
        tierMultipliers,
    Map<@Min(2) @Max(366) Integer, @Min(1) @Max(1_000_000) Long> streakBonuses,
    @Valid Caps caps,
    @Min(1) @Max(365) Integer maturesInDays,
    @Valid PointsExpiry expiry,
    Instant validFrom,
    Instant validUntil,
    Boolean active) {

  /** What earns: a purchase, or one of the engagement events. */
  public enum Trigger {
    PURCHASE, SHARE, ACTIVITY_JOIN, REFERRAL, REVIEW, CHECK_IN, DAILY_SIGN_IN;

    public boolean engagement() {
      return this != PURCHASE;
    }
  }

  /** Most points one member may earn by this rule per order, day, week, month and ever. */
  public record Caps(@Min(1) Long perOrder, @Min(1) Long perDay, @Min(1) Long perWeek,
      @Min(1) Long perMonth, @Min(1) Long lifetime) {}

  public EarningRule {
    channels = channels == null ? Set.of() : Set.copyOf(channels);
    venues = venues == null ? Set.of() : Set.copyOf(venues);
    categories = categories == null ? Set.of() : Set.copyOf(categories);
    products = products == null ? Set.of() : Set.copyOf(products);
    tierMultipliers = tierMultipliers == null ? Map.of() : Map.copyOf(tierMultipliers);
    streakBonuses = streakBonuses == null ? Map.of() : Map.copyOf(streakBonuses);
    active = active == null || active;
    caps = caps == null ? new Caps(null, null, null, null, null) : caps;
  }

  boolean liveAt(Instant at) {
    return active && (validFrom == null || !at.isBefore(validFrom))
        && (validUntil == null || at.isBefore(validUntil));
  }
}
