package io.loopline.member;

/**
 * Two profiles were found to be one person: {@code mergedId} now resolves to {@code survivorId}.
 * Modules that keep member data (points, coupons, bookings) move the merged member's rows.
 */
public record MembersMerged(String survivorId, String mergedId, String reason) {}
