package io.loopline.member;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A saved segment: a condition tree over members, and optionally the tag (kind RULE) it keeps in
 * sync with its members.
 */
public record Segment(String code, String name, JsonNode definition, String syncedTag,
    Long lastCount, Instant syncedAt, Instant updatedAt) {}
