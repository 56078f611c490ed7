package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Takes back (part of) an earning after a refund, or gives back (part of) a spending after a
 * cancellation. {@code originalExternalId} names the earning or spending; {@code points} absent
 * means all of it that is not reversed yet. The external id makes the reversal happen once.
 */
public record PointsReversal(
    @NotBlank @Size(max = 40) String memberId,
    @NotBlank @Size(max = 100) String originalExternalId,
    @Min(1) @Max(100_000_000) Long points,
    @NotBlank @Size(max = 100) String externalId,
    @Size(max = 200) String reason) {}
