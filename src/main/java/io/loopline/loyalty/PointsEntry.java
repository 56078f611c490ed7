package io.loopline.loyalty;

import java.time.Instant;

/** One line of a member's points ledger; {@code points} is signed (spendings are negative). */
public record PointsEntry(long id, String kind, long points, String causeType, String causeRef,
    String reason, String externalId, String actor, Instant at) {}
