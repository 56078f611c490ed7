package io.loopline.member;

public enum Gender { FEMALE, MALE, OTHER }
