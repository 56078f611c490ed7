package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A member uses a benefit — at a venue, for a booking or order — once per external id.
 * {@code quantity} defaults to 1 (hours, visits, books).
 */
public record BenefitUse(
    @NotBlank @Size(max = 40) String memberId,
    @Min(1) @Max(1000) Integer quantity,
    @NotBlank @Size(max = 100) String externalId,
    @Size(max = 40) String venue,
    @Size(max = 100) String ref) {

  public BenefitUse {
    quantity = quantity == null ? 1 : quantity;
  }
}
