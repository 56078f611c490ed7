package io.loopline.member;

import java.time.Instant;

/** A member's current answer for one channel and purpose. */
public record Consent(ConsentChannel channel, ConsentPurpose purpose, boolean granted,
    Instant updatedAt) {}
