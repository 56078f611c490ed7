package io.loopline.loyalty;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * An operator sets a member's tier with a reason; evaluation and reviews leave it alone until
 * {@code until} (absent = until lifted). A null tier lifts the override.
 */
public record TierOverride(@Pattern(regexp = "[A-Z][A-Z0-9_]{0,29}") String tier,
    @NotBlank @Size(max = 200) String reason, Instant until) {}
