package io.loopline.loyalty;

import java.time.Instant;

/**
 * One line of a member's benefit ledger (a USE or the REFUND of one), and what is left of the
 * quota in its period afterwards (null: unlimited).
 */
public record BenefitUsed(long id, String benefit, String kind, int quantity, String period,
    String tier, String externalId, String venue, String ref, String actor, Instant at,
    Integer remaining, boolean replayed) {}
