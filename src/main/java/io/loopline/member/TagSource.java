package io.loopline.member;

/** How a tag came to a member (MEM-3): by hand, by a segment rule, by behaviour, by import. */
public enum TagSource { MANUAL, RULE, BEHAVIOUR, IMPORT }
