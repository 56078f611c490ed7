package io.loopline.loyalty;

import java.time.Instant;

/** A redeemed reward: the voucher the member shows at a venue, until it is used or expires. */
public record Redemption(String memberId, String reward, long points, String voucher,
    String externalId, String state, Instant expiresAt, Instant usedAt, String usedVenue,
    Instant at, long balance, boolean replayed) {}
