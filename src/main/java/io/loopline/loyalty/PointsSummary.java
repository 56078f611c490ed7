package io.loopline.loyalty;

/** A member's points in one line: spendable balance, debt, pending and lifetime earned. */
public record PointsSummary(String memberId, long balance, long debt, long pending,
    long lifetimeEarned) {}
