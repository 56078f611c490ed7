package io.loopline.member;

import java.time.Instant;
import java.util.Map;

/** One thing that happened to a member: when, what, the details, and who did it. */
public record TimelineEntry(Instant at, String kind, Map<?, ?> detail, String actor) {}
