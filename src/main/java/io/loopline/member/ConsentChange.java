package io.loopline.member;

import java.time.Instant;

/** One line of consent history: what was answered, through which source, by whom, when. */
public record ConsentChange(ConsentChannel channel, ConsentPurpose purpose, boolean granted,
    String source, String actor, Instant at) {}
