package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** An operator's correction of a member's points (signed), always with a reason. */
public record PointsAdjustment(
    @NotBlank @Size(max = 40) String memberId,
    @NotNull @Min(-100_000_000) @Max(100_000_000) Long points,
    @NotBlank @Size(max = 200) String reason,
    @NotBlank @Size(max = 100) String externalId) {}
