package io.loopline.member;

import io.loopline.platform.NotFound;
import io.loopline.platform.PublicId;

/** A member's id: {@code mbr_…} outside, a bigint inside (every module keys by it). */
public record MemberId(long value) {

  public static final String PREFIX = "mbr";

  public MemberId {
    if (value <= 0) {
      throw new IllegalArgumentException("member ids are positive");
    }
  }

  /** Reads a public id; a malformed one names no member, so it is a 404 like an unknown one. */
  public static MemberId parse(String publicId) {
    long value = PublicId.parse(PREFIX, publicId);
    if (value <= 0) {
      throw new NotFound("member", publicId);
    }
    return new MemberId(value);
  }

  @Override
  public String toString() {
    return PublicId.of(PREFIX, value);
  }
}
