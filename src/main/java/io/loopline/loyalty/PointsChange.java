package io.loopline.loyalty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Points to earn or spend for a member, with the cause (PURCHASE, ENGAGEMENT, REWARD…), its
 * reference (an order id) and an external id that makes the change happen once per member.
 * Earnings only: {@code expiry} (absent = the programme's default) and {@code maturesInDays}
 * (absent = spendable at once; otherwise pending until then, e.g. the return window).
 */
public record PointsChange(
    @NotBlank @Size(max = 40) String memberId,
    @NotNull @Min(1) @Max(100_000_000) Long points,
    @NotBlank @Size(max = 30) @Pattern(regexp = "[A-Z_]+") String causeType,
    @Size(max = 100) String causeRef,
    @Size(max = 200) String reason,
    @NotBlank @Size(max = 100) String externalId,
    @Valid PointsExpiry expiry,
    @Min(1) @Max(365) Integer maturesInDays) {

  public static PointsChange of(String memberId, long points, String causeType, String causeRef,
      String externalId) {
    return new PointsChange(memberId, points, causeType, causeRef, null, externalId, null, null);
  }
}
