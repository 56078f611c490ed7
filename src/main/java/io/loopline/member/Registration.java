package io.loopline.member;

/** The answer of find-or-register: the member, and whether this call created them. */
public record Registration(Member member, boolean created) {}
