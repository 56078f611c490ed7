package io.loopline.loyalty;

/** The answer to an earning or spending: the entry and the balance after it. */
public record PointsPosted(PointsEntry entry, long balance, boolean replayed) {}
