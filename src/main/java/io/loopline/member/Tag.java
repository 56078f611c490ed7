package io.loopline.member;

import java.time.Instant;

/** A tag of the catalogue; {@code kind} says whether people, a rule or behaviour set it. */
public record Tag(String code, String name, String group, TagSource kind, long members,
    Instant createdAt) {}
