package io.loopline.loyalty;

import java.time.Instant;

/** An earning inside its return window: shown to the member, spendable once it matures. */
public record PendingPoints(long id, long points, long cancelled, Instant maturesAt, String state,
    String causeType, String causeRef, String externalId) {}
