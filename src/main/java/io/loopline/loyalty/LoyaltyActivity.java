package io.loopline.loyalty;

/**
 * Published inside the transaction that changed what a member qualifies with (points earned or
 * refunded, a purchase or a visit), so listeners such as tier evaluation see it at once.
 */
record LoyaltyActivity(long memberId) {}
