package io.loopline.member.web;

import io.loopline.platform.InvalidInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The segment builder's form: conditions as rows of attribute / operator / value joined by AND or
 * OR, or a raw JSON definition for deeper trees. Turns what a person typed into a definition.
 */
class SegmentForm {

  static final int ROWS = 6;
  private static final Set<String> LIST_OPERATORS = Set.of("in", "has_any", "has_none", "between");
  private static final Set<String> NUMBER_ATTRIBUTES = Set.of("birthday_month");

  private String code = "";
  private String name = "";
  private String syncTag = "";
  private String join = "and";
  private String json = "";
  private List<String> attribute = new ArrayList<>();
  private List<String> operator = new ArrayList<>();
  private List<String> value = new ArrayList<>();

  JsonNode definition(JsonMapper mapper) {
    if (json != null && !json.isBlank()) {
      try {
        return mapper.readTree(json);
      } catch (RuntimeException e) {
        throw new InvalidInput("json", "is not valid JSON");
      }
    }
    List<Map<String, Object>> leaves = new ArrayList<>();
    for (int i = 0; i < attribute.size(); i++) {
      String a = attribute.get(i);
      if (a == null || a.isBlank()) {
        continue;
      }
      String op = i < operator.size() ? operator.get(i) : "";
      String raw = i < value.size() && value.get(i) != null ? value.get(i).trim() : "";
      Map<String, Object> leaf = new LinkedHashMap<>();
      leaf.put("attribute", a);
      leaf.put("operator", op);
      if (!op.equals("present") && !op.equals("absent")) {
        leaf.put("value", value(a, op, raw));
      } else {
        leaf.put("value", raw);
      }
      leaves.add(leaf);
    }
    if (leaves.isEmpty()) {
      throw new InvalidInput("definition", "add at least one condition");
    }
    Object tree = leaves.size() == 1 ? leaves.get(0)
        : Map.of(join.equals("or") ? "or" : "and", leaves);
    return mapper.valueToTree(tree);
  }

  private static Object value(String attribute, String operator, String raw) {
    if (attribute.equals("consent")) {
      String[] parts = raw.split("/");
      Map<String, Object> consent = new LinkedHashMap<>();
      consent.put("purpose", parts[0].trim());
      if (parts.length > 1) {
        consent.put("channel", parts[1].trim());
      }
      return consent;
    }
    if (LIST_OPERATORS.contains(operator)) {
      List<Object> items = new ArrayList<>();
      for (String part : raw.split("[,，]")) {
        if (!part.isBlank()) {
          items.add(scalar(attribute, operator, part.trim()));
        }
      }
      return items;
    }
    return scalar(attribute, operator, raw);
  }

  private static Object scalar(String attribute, String operator, String raw) {
    if (NUMBER_ATTRIBUTES.contains(attribute) || operator.equals("within_days")) {
      try {
        return Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        return raw;
      }
    }
    return raw;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSyncTag() {
    return syncTag;
  }

  public void setSyncTag(String syncTag) {
    this.syncTag = syncTag;
  }

  public String getJoin() {
    return join;
  }

  public void setJoin(String join) {
    this.join = join;
  }

  public String getJson() {
    return json;
  }

  public void setJson(String json) {
    this.json = json;
  }

  public List<String> getAttribute() {
    return attribute;
  }

  public void setAttribute(List<String> attribute) {
    this.attribute = attribute;
  }

  public List<String> getOperator() {
    return operator;
  }

  public void setOperator(List<String> operator) {
    this.operator = operator;
  }

  public List<String> getValue() {
    return value;
  }

  public void setValue(List<String> value) {
    this.value = value;
  }

  /** Rows for the page: the ones typed, padded with empty ones. */
  List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(new String[] {
          i < attribute.size() ? attribute.get(i) : "",
          i < operator.size() ? operator.get(i) : "",
          i < value.size() ? value.get(i) : ""});
    }
    return rows;
  }
}
