package io.loopline.member;

import io.loopline.platform.InvalidInput;
import java.sql.Timestamp;
import java.time.LocalDate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/** The segment attributes of the member module (MEM-3): profile, roles, tags, identities, consent. */
@Configuration(proxyBeanMethods = false)
class MemberAttributes {

  @Bean
  SegmentAttribute nameAttribute() {
    return attribute("name", List.of("eq", "prefix"), (c) -> c.operator.equals("eq")
        ? "m.name = " + c.bind(c.text())
        : "lower(m.name) like " + c.bind(escapeLike(c.text().toLowerCase()) + "%"));
  }

  @Bean
  SegmentAttribute genderAttribute() {
    return attribute("gender", List.of("eq", "in"), c -> c.operator.equals("eq")
        ? "m.gender = " + c.bind(c.enumText(Gender.class))
        : "m.gender = any(" + c.bind(c.enumTexts(Gender.class)) + ")");
  }

  @Bean
  SegmentAttribute roleAttribute() {
    return attribute("role", List.of("has", "has_any"), c -> c.operator.equals("has")
        ? c.bind(c.enumText(MemberRole.class)) + " = any(m.roles)"
        : "m.roles && cast(" + c.bind(c.enumTexts(MemberRole.class)) + " as text[])");
  }

  @Bean
  SegmentAttribute tagAttribute() {
    return attribute("tag", List.of("has", "has_any", "has_none"), c -> switch (c.operator) {
      case "has" -> "exists (select 1 from member.member_tag mt where mt.member_id = m.id"
          + " and mt.tag_id = (select id from member.tag where code = " + c.bind(c.text()) + "))";
      case "has_any" -> "exists (select 1 from member.member_tag mt where mt.member_id = m.id"
          + " and mt.tag_id in (select id from member.tag where code = any("
          + c.bind(c.texts()) + ")))";
      default -> "not exists (select 1 from member.member_tag mt where mt.member_id = m.id"
          + " and mt.tag_id in (select id from member.tag where code = any("
          + c.bind(c.texts()) + ")))";
    });
  }

  @Bean
  SegmentAttribute identityAttribute() {
    return attribute("identity", List.of("present", "absent"), c ->
        (c.operator.equals("present") ? "" : "not ")
            + "exists (select 1 from member.identity i where i.member_id = m.id and i.type = "
            + c.bind(c.enumText(IdentityType.class)) + ")");
  }

  @Bean
  SegmentAttribute joinDateAttribute() {
    return attribute("join_date", List.of("before", "after", "between", "within_days"),
        c -> switch (c.operator) {
          case "before" -> "m.created_at < " + c.bind(c.dateStart());
          case "after" -> "m.created_at >= " + c.bind(c.dateStart());
          case "between" -> {
            List<Timestamp> range = c.dateRange();
            yield "m.created_at >= " + c.bind(range.get(0)) + " and m.created_at < "
                + c.bind(range.get(1));
          }
          default -> "m.created_at >= now() - make_interval(days => "
              + c.bind(c.integer(1, 36_500)) + ")";
        });
  }

  @Bean
  SegmentAttribute birthdayMonthAttribute() {
    return attribute("birthday_month", List.of("eq", "in"), c -> c.operator.equals("eq")
        ? "extract(month from m.birthday) = " + c.bind(c.integer(1, 12))
        : "extract(month from m.birthday) = any(" + c.bind(c.integers(1, 12)) + ")");
  }

  @Bean
  SegmentAttribute joinVenueAttribute() {
    return attribute("join_venue", List.of("eq", "in"), c -> c.operator.equals("eq")
        ? "m.join_venue = " + c.bind(c.text())
        : "m.join_venue = any(" + c.bind(c.texts()) + ")");
  }

  @Bean
  SegmentAttribute joinChannelAttribute() {
    return attribute("join_channel", List.of("eq", "in"), c -> c.operator.equals("eq")
        ? "m.join_channel = " + c.bind(c.text())
        : "m.join_channel = any(" + c.bind(c.texts()) + ")");
  }

  @Bean
  SegmentAttribute statusAttribute() {
    return attribute("status", List.of("eq"), c ->
        "m.status = " + c.bind(c.enumText(MemberStatus.class)));
  }

  @Bean
  SegmentAttribute consentAttribute() {
    return attribute("consent", List.of("granted"), c -> {
      JsonNode value = c.value;
      if (value == null || !value.isObject() || !value.has("purpose")) {
        throw new InvalidInput(c.path + ".value",
            "must be {\"purpose\": ..., \"channel\": ... (optional)}");
      }
      String purpose = Condition.enumOf(ConsentPurpose.class, value.get("purpose"),
          c.path + ".value.purpose");
      String channel = value.has("channel") ? Condition.enumOf(ConsentChannel.class,
          value.get("channel"), c.path + ".value.channel") : null;
      return "exists (select 1 from member.consent cs where cs.member_id = m.id and cs.granted"
          + " and cs.purpose = " + c.bind(purpose)
          + (channel == null ? "" : " and cs.channel in (" + c.bind(channel) + ", 'ANY')") + ")";
    });
  }

  private static SegmentAttribute attribute(String name, List<String> operators,
      Function<Condition, String> sql) {
    return new SegmentAttribute() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> operators() {
        return operators;
      }

      @Override
      public String sql(String operator, JsonNode value, String path, SqlParams params) {
        return sql.apply(new Condition(operator, value, path, params));
      }
    };
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** One leaf being compiled, with readers that refuse a value of the wrong shape. */
  static final class Condition {
    final String operator;
    final JsonNode value;
    final String path;
    private final SegmentAttribute.SqlParams params;

    Condition(String operator, JsonNode value, String path, SegmentAttribute.SqlParams params) {
      this.operator = operator;
      this.value = value;
      this.path = path;
      this.params = params;
    }

    String bind(Object v) {
      return params.bind(v);
    }

    String text() {
      return text(value, path + ".value");
    }

    String[] texts() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < list().size(); i++) {
        out.add(text(value.get(i), path + ".value[" + i + "]"));
      }
      return out.toArray(String[]::new);
    }

    <E extends Enum<E>> String enumText(Class<E> type) {
      return enumOf(type, value, path + ".value");
    }

    <E extends Enum<E>> String[] enumTexts(Class<E> type) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < list().size(); i++) {
        out.add(enumOf(type, value.get(i), path + ".value[" + i + "]"));
      }
      return out.toArray(String[]::new);
    }

    int integer(int min, int max) {
      return integer(value, path + ".value", min, max);
    }

    Integer[] integers(int min, int max) {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < list().size(); i++) {
        out.add(integer(value.get(i), path + ".value[" + i + "]", min, max));
      }
      return out.toArray(Integer[]::new);
    }

    Timestamp dateStart() {
      return date(value, path + ".value");
    }

    List<Timestamp> dateRange() {
      if (list().size() != 2) {
        throw new InvalidInput(path + ".value", "must be [from, to] dates");
      }
      Timestamp from = date(value.get(0), path + ".value[0]");
      Timestamp to = date(value.get(1), path + ".value[1]");
      if (!from.before(to)) {
        throw new InvalidInput(path + ".value", "from must be before to");
      }
      return List.of(from, to);
    }

    private JsonNode list() {
      if (value == null || !value.isArray() || value.isEmpty() || value.size() > 1000) {
        throw new InvalidInput(path + ".value", "must be a list of 1 to 1000 values");
      }
      return value;
    }

    private static String text(JsonNode node, String path) {
      if (node == null || !node.isString() || node.stringValue().isBlank()
          || node.stringValue().length() > 200) {
        throw new InvalidInput(path, "must be a text of 1 to 200 characters");
      }
      return node.stringValue();
    }

    static <E extends Enum<E>> String enumOf(Class<E> type, JsonNode node, String path) {
      String text = node != null && node.isString() ? node.stringValue() : null;
      if (text == null || Arrays.stream(type.getEnumConstants()).noneMatch(
          e -> e.name().equals(text))) {
        throw new InvalidInput(path, "must be one of " + Arrays.toString(type.getEnumConstants()));
      }
      return text;
    }

    private static int integer(JsonNode node, String path, int min, int max) {
      if (node == null || !node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
        throw new InvalidInput(path, "must be a whole number from " + min + " to " + max);
      }
      return node.asInt();
    }

    private static Timestamp date(JsonNode node, String path) {
      try {
        return Timestamp.from(LocalDate.parse(text(node, path)).atStartOfDay()
            .atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant());
      } catch (java.time.format.DateTimeParseException e) {
        throw new InvalidInput(path, "must be a date like 2026-01-31");
      }
    }
  }

}
