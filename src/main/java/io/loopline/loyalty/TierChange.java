package io.loopline.loyalty;

import java.time.Instant;

/** One change of a member's tier, with its cause (UPGRADE, DOWNGRADE, OVERRIDE, OVERRIDE_LIFTED). */
public record TierChange(String fromTier, String toTier, String cause, String reason,
    String actor, Instant at) {}
