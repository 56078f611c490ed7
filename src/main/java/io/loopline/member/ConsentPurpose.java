package io.loopline.member;

/** Why a member's data is used or they are contacted (MEM-4, PIPL: consent per purpose). */
public enum ConsentPurpose { MARKETING, SERVICE, ANALYTICS, PROFILING, THIRD_PARTY }
