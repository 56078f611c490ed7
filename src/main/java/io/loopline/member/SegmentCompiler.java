package io.loopline.member;

import io.loopline.platform.InvalidInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Compiles a segment definition — {@code {"and": [...]}}, {@code {"or": [...]}},
 * {@code {"not": node}} or a leaf {@code {"attribute", "operator", "value"}} — into one SQL
 * condition over {@code member.member m} with bound parameters. A bad node is refused with the
 * JSON path of that node ({@code definition.and[1].operator}).
 */
@Component
class SegmentCompiler {

  static final int MAX_DEPTH = 10;
  static final int MAX_LEAVES = 100;

  private final Map<String, SegmentAttribute> attributes = new TreeMap<>();

  SegmentCompiler(List<SegmentAttribute> attributes) {
    attributes.forEach(a -> this.attributes.put(a.name(), a));
  }

  /** A compiled condition: SQL text and the values it binds. */
  record Compiled(String where, Map<String, Object> params) {}

  Compiled compile(JsonNode definition) {
    if (definition == null || definition.isNull() || definition.isMissingNode()) {
      throw new InvalidInput("definition", "is required");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    int[] leaves = {0};
    boolean[] statusGiven = {false};
    String where = node(definition, "definition", 1, params, leaves, statusGiven);
    if (!statusGiven[0]) {
      where = "(" + where + ") and m.status = 'ACTIVE'";
    }
    return new Compiled(where, params);
  }

  Map<String, List<String>> catalogue() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    attributes.forEach((name, a) -> out.put(name, a.operators()));
    return out;
  }

  private String node(JsonNode node, String path, int depth, Map<String, Object> params,
      int[] leaves, boolean[] statusGiven) {
    if (depth > MAX_DEPTH) {
      throw new InvalidInput(path, "nests deeper than " + MAX_DEPTH + " levels");
    }
    if (!node.isObject()) {
      throw new InvalidInput(path, "must be an object");
    }
    if (node.has("and") || node.has("or")) {
      String op = node.has("and") ? "and" : "or";
      if (node.size() != 1) {
        throw new InvalidInput(path, "an '" + op + "' node has no other fields");
      }
      JsonNode children = node.get(op);
      if (!children.isArray() || children.isEmpty()) {
        throw new InvalidInput(path + "." + op, "must be a non-empty list of conditions");
      }
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        parts.add("(" + node(children.get(i), path + "." + op + "[" + i + "]", depth + 1, params,
            leaves, statusGiven) + ")");
      }
      return String.join(" " + op + " ", parts);
    }
    if (node.has("not")) {
      if (node.size() != 1) {
        throw new InvalidInput(path, "a 'not' node has no other fields");
      }
      return "not (" + node(node.get("not"), path + ".not", depth + 1, params, leaves,
          statusGiven) + ")";
    }
    return leaf(node, path, params, leaves, statusGiven);
  }

  private String leaf(JsonNode node, String path, Map<String, Object> params, int[] leaves,
      boolean[] statusGiven) {
    if (++leaves[0] > MAX_LEAVES) {
      throw new InvalidInput(path, "a definition has at most " + MAX_LEAVES + " conditions");
    }
    JsonNode attributeName = node.get("attribute");
    if (attributeName == null || !attributeName.isString()) {
      throw new InvalidInput(path + ".attribute",
          "is required: one of and, or, not, or an attribute of " + attributes.keySet());
    }
    SegmentAttribute attribute = attributes.get(attributeName.stringValue());
    if (attribute == null) {
      throw new InvalidInput(path + ".attribute", "unknown attribute '"
          + attributeName.stringValue() + "'; use one of " + attributes.keySet());
    }
    JsonNode operator = node.get("operator");
    if (operator == null || !operator.isString()
        || !attribute.operators().contains(operator.stringValue())) {
      throw new InvalidInput(path + ".operator", "unknown operator '"
          + (operator == null ? "" : operator.asString()) + "' for attribute "
          + attribute.name() + "; use " + String.join(", ", attribute.operators()));
    }
    for (String field : node.propertyNames()) {
      if (!field.equals("attribute") && !field.equals("operator") && !field.equals("value")) {
        throw new InvalidInput(path + "." + field, "is not a field of a condition");
      }
    }
    if (attribute.name().equals("status")) {
      statusGiven[0] = true;
    }
    JsonNode value = node.has("value") ? node.get("value") : null;
    return attribute.sql(operator.stringValue(), value, path,
        v -> {
          String name = "p" + params.size();
          params.put(name, v);
          return ":" + name;
        });
  }
}
