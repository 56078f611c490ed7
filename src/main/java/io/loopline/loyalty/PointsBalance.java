package io.loopline.loyalty;

import java.util.List;

/** A member's points: what can be spent, everything ever earned, and the lots still open. */
public record PointsBalance(String memberId, long balance, long lifetimeEarned,
    long expiringWithin30Days, List<PointsLot> lots) {}
