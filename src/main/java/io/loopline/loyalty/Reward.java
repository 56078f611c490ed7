package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;

/**
 * A reward of the catalogue (PTS-2): its points price, the stock left (null: unlimited), how many
 * one member may redeem, when it can be redeemed, for which tiers (empty: everyone), and how
 * many days the voucher it issues stays valid. {@code issued} counts redemptions.
 */
public record Reward(
    @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,39}") String code,
    @NotBlank @Size(max = 60) String nameZh,
    @NotBlank @Size(max = 60) String nameEn,
    @Size(max = 500) String description,
    @NotNull @Min(1) @Max(100_000_000) Long points,
    @Min(0) @Max(10_000_000) Integer stock,
    Integer issued,
    @Min(1) @Max(1000) Integer perMemberLimit,
    Instant availableFrom,
    Instant availableUntil,
    Set<@Pattern(regexp = "[A-Z][A-Z0-9_]{0,29}") String> tiers,
    @Min(1) @Max(3650) Integer voucherDays,
    Boolean active) {

  public Reward {
    tiers = tiers == null ? Set.of() : Set.copyOf(tiers);
    voucherDays = voucherDays == null ? 30 : voucherDays;
    active = active == null || active;
    issued = issued == null ? 0 : issued;
  }

  /** Why the reward cannot be redeemed at {@code at} by a member of {@code tier}, or null. */
  String refusal(Instant at, String tier) {
    if (!active) {
      return "reward " + code + " is not offered";
    }
    if (availableFrom != null && at.isBefore(availableFrom)) {
      return "reward " + code + " can be redeemed from " + availableFrom;
    }
    if (availableUntil != null && !at.isBefore(availableUntil)) {
      return "reward " + code + " could be redeemed until " + availableUntil;
    }
    if (!tiers.isEmpty() && (tier == null || !tiers.contains(tier))) {
      return "reward " + code + " is for members of " + String.join(", ", tiers);
    }
    return null;
  }
}
