package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** How much of a benefit a tier gives per period; a null quota is unlimited. */
public record BenefitQuota(String tier, String benefit, @Min(1) @Max(100_000) Integer quota,
    @NotNull Period period) {

  /** The period a quota renews with, in the programme's (or venue's) time zone. */
  public enum Period { MONTH, QUARTER, YEAR, LIFETIME }
}
