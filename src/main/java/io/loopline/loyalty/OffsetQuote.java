package io.loopline.loyalty;

/**
 * How much of an order the member's points may pay: at most {@code points} for {@code offsetFen};
 * zero with the {@code reason} when they may not.
 */
public record OffsetQuote(String memberId, long amountFen, long balance, long points,
    long offsetFen, OffsetPolicy policy, String reason) {}
