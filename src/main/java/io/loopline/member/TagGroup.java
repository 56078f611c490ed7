package io.loopline.member;

public record TagGroup(String code, String name) {}
