package io.loopline.loyalty;

/**
 * The answer to a change of points: the entry it made (absent for an earning that is still
 * pending, which is in {@code pending} instead), the balance after it, and whether it had been
 * posted before under the same external id.
 */
public record PointsPosted(PointsEntry entry, PendingPoints pending, long balance,
    boolean replayed) {}
