package io.loopline.member;

/** Customer roles and value (MEM-2). Every member is at least a MEMBER. */
public enum MemberRole { MEMBER, VIP, KOC, KOL, EXPERT, EXPERIENCE_OFFICER }
