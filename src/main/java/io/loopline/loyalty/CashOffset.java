package io.loopline.loyalty;

import java.time.Instant;

/**
 * Points that pay part of an order: COMMITTED (spent, under the order id) until the order is
 * released (cancelled), which gives them back to the member — RELEASED.
 */
public record CashOffset(String memberId, String orderId, long points, long offsetFen,
    long amountFen, String state, Instant at, Instant releasedAt, long balance,
    boolean replayed) {}
