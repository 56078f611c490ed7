package io.loopline.loyalty;

import java.util.List;

/**
 * A member's points: what can be spent ({@code balance}; negative under the ALLOW_NEGATIVE policy
 * while a debt is open), the debt that later earnings pay first, what is pending, everything ever
 * earned, what expires soon, the lots still open and the pending earnings.
 */
public record PointsBalance(String memberId, long balance, long debt, long pending,
    long lifetimeEarned, long expiringSoon, List<PointsLot> lots,
    List<PendingPoints> pendingEarnings) {}
