package io.loopline.member;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One attribute a segment condition can test (MEM-3). The member module brings profile, roles,
 * tags, identities, join date, birthday month and consent; later modules add theirs (tier, spend,
 * visits) as beans of this type, and the segment compiler picks them up without change.
 */
public interface SegmentAttribute {

  /** The name used in definitions, e.g. {@code "tag"}. */
  String name();

  /** The operators it understands, e.g. {@code has}, {@code has_any}. */
  List<String> operators();

  /**
   * A boolean SQL expression over the member row {@code m} ({@code member.member}), with every
   * value bound through {@code params}. Throws {@link io.loopline.platform.InvalidInput} naming
   * {@code path + ".value"} when the value does not fit the operator.
   */
  String sql(String operator, JsonNode value, String path, SqlParams params);

  /** Binds values of a compiled condition; {@link #bind} returns the placeholder to write. */
  interface SqlParams {
    String bind(Object value);
  }
}
