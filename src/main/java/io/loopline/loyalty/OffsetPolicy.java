package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How points pay at checkout (PTS-2): {@code pointsPerYuan} points make ¥1, they pay at most
 * {@code maxSharePercent} of an order, and a use takes at least {@code minPoints}.
 */
public record OffsetPolicy(@NotNull @Min(1) @Max(100_000) Integer pointsPerYuan,
    @NotNull @Min(1) @Max(100) Integer maxSharePercent,
    @NotNull @Min(0) @Max(100_000_000) Long minPoints) {}
