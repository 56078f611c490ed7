package io.loopline.member;

/** A row of an import that was not taken: its line in the file (header = 1) and why. */
public record ImportError(long line, String reason) {}
