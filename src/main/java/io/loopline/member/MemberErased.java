package io.loopline.member;

/** A member's personal data was erased on request; ids and business records remain. */
public record MemberErased(String memberId) {}
