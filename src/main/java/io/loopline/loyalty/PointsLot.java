package io.loopline.loyalty;

import java.time.Instant;

/** What is left of one earning, and when it expires (null: never). */
public record PointsLot(long id, long earned, long remaining, Instant expiresAt) {}
