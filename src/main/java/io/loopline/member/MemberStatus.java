package io.loopline.member;

/** ACTIVE members act; MERGED ones resolve to their survivor; ERASED ones keep only their id. */
public enum MemberStatus { ACTIVE, MERGED, ERASED }
