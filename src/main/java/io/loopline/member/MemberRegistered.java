package io.loopline.member;

/** A new member joined, through a channel and maybe at a venue. */
public record MemberRegistered(String memberId, String joinChannel, String joinVenue) {}
