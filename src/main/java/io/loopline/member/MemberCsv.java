package io.loopline.member;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.loopline.platform.InvalidInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The member CSV format shared by import and export. Header required; columns in any order:
 * phone, email, name, birthday (yyyy-MM-dd), gender, roles and tags ({@code |}-separated),
 * join_channel, join_venue, wechat_openid + wechat_app, wechat_unionid, external_id +
 * external_channel. UTF-8, with or without BOM.
 */
final class MemberCsv {

  static final List<String> COLUMNS = List.of("phone", "email", "name", "birthday", "gender",
      "roles", "join_channel", "join_venue", "tags", "wechat_openid", "wechat_app",
      "wechat_unionid", "external_id", "external_channel");

  private MemberCsv() {}

  /** A parsed row: either a member to import or the reason it cannot be. */
  record Row(long line, NewMember member, String error) {}

  /** Checks the header and counts the data rows; 400 for a file that is not this format. */
  static int validate(byte[] content) {
    List<String> header = header(content);
    int[] rows = {0};
    read(content, header, row -> rows[0]++);
    return rows[0];
  }

  /** Reads rows from the {@code skip}-th data row on, handing each to the consumer. */
  static void read(byte[] content, long skip, Consumer<Row> consumer, IdentityNormalizer normalizer,
      Set<String> knownTags) {
    List<String> header = header(content);
    long[] index = {0};
    read(content, header, record -> {
      if (index[0]++ < skip) {
        return;
      }
      consumer.accept(parse(record, header, normalizer, knownTags));
    });
  }

  private static List<String> header(byte[] content) {
    try (CsvReader<CsvRecord> reader = reader(content)) {
      var it = reader.iterator();
      if (!it.hasNext()) {
        throw new InvalidInput("file", "is empty; the first line must name the columns");
      }
      List<String> header = it.next().getFields().stream().map(f -> f.trim().toLowerCase())
          .toList();
      for (int i = 0; i < header.size(); i++) {
        if (!COLUMNS.contains(header.get(i))) {
          throw new InvalidInput("file", "unknown column '" + header.get(i) + "' (column "
              + (i + 1) + "); columns are " + COLUMNS);
        }
      }
      if (new LinkedHashSet<>(header).size() != header.size()) {
        throw new InvalidInput("file", "a column is named twice");
      }
      return header;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
      throw new InvalidInput("file", "is not readable CSV: " + e.getMessage());
    }
  }

  private static void read(byte[] content, List<String> header, Consumer<CsvRecord> consumer) {
    try (CsvReader<CsvRecord> reader = reader(content)) {
      boolean first = true;
      for (CsvRecord record : reader) {
        if (first) {
          first = false;
          continue;
        }
        consumer.accept(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
      throw new InvalidInput("file", "is not readable CSV: " + e.getMessage());
    }
  }

  private static CsvReader<CsvRecord> reader(byte[] content) {
    return CsvReader.builder().detectBomHeader(true).allowExtraFields(true)
        .allowMissingFields(true).skipEmptyLines(true)
        .ofCsvRecord(new ByteArrayInputStream(content), StandardCharsets.UTF_8);
  }

  private static Row parse(CsvRecord record, List<String> header, IdentityNormalizer normalizer,
      Set<String> knownTags) {
    long line = record.getStartingLineNumber();
    if (record.getFieldCount() != header.size()) {
      return new Row(line, null, "has " + record.getFieldCount() + " fields; the header has "
          + header.size());
    }
    Map<String, String> f = new java.util.HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String value = record.getField(i).trim();
      if (!value.isEmpty()) {
        f.put(header.get(i), value);
      }
    }
    try {
      List<IdentityInput> identities = new ArrayList<>();
      if (f.containsKey("phone")) {
        identities.add(IdentityInput.phone(f.get("phone")));
      }
      if (f.containsKey("email")) {
        identities.add(IdentityInput.email(f.get("email")));
      }
      if (f.containsKey("wechat_openid")) {
        identities.add(new IdentityInput(IdentityType.WECHAT_OPENID, f.get("wechat_app"),
            f.get("wechat_openid")));
      }
      if (f.containsKey("wechat_unionid")) {
        identities.add(new IdentityInput(IdentityType.WECHAT_UNIONID, null,
            f.get("wechat_unionid")));
      }
      if (f.containsKey("external_id")) {
        identities.add(new IdentityInput(IdentityType.EXTERNAL, f.get("external_channel"),
            f.get("external_id")));
      }
      if (identities.isEmpty()) {
        return new Row(line, null, "needs a phone, e-mail, WeChat or external id");
      }
      for (IdentityInput identity : identities) {
        String field = switch (identity.type()) {
          case PHONE -> "phone";
          case EMAIL -> "email";
          case WECHAT_OPENID -> "wechat_openid";
          case WECHAT_UNIONID -> "wechat_unionid";
          case EXTERNAL -> "external_id";
        };
        normalizer.normalize(identity, field);
      }
      String name = f.get("name");
      if (name != null && name.length() > 100) {
        return new Row(line, null, "name: at most 100 characters");
      }
      LocalDate birthday = null;
      if (f.containsKey("birthday")) {
        try {
          birthday = LocalDate.parse(f.get("birthday"));
        } catch (DateTimeParseException e) {
          return new Row(line, null, "birthday: must be a date like 1990-05-31");
        }
        if (!birthday.isBefore(LocalDate.now())) {
          return new Row(line, null, "birthday: must be in the past");
        }
      }
      Gender gender = null;
      if (f.containsKey("gender")) {
        try {
          gender = Gender.valueOf(f.get("gender").toUpperCase());
        } catch (IllegalArgumentException e) {
          return new Row(line, null, "gender: must be FEMALE, MALE or OTHER");
        }
      }
      Set<MemberRole> roles = EnumSet.noneOf(MemberRole.class);
      for (String role : split(f.get("roles"))) {
        try {
          roles.add(MemberRole.valueOf(role.toUpperCase()));
        } catch (IllegalArgumentException e) {
          return new Row(line, null, "roles: no role " + role);
        }
      }
      List<String> tags = split(f.get("tags"));
      for (String tag : tags) {
        if (!knownTags.contains(tag)) {
          return new Row(line, null, "tags: no tag " + tag);
        }
      }
      for (String field : List.of("join_channel", "join_venue")) {
        if (f.containsKey(field) && f.get(field).length() > 40) {
          return new Row(line, null, field + ": at most 40 characters");
        }
      }
      return new Row(line, new NewMember(name, birthday, gender, roles, f.get("join_channel"),
          f.get("join_venue"), identities, tags), null);
    } catch (InvalidInput e) {
      return new Row(line, null, e.errors().get(0).field().replace(".value", "") + ": "
          + e.errors().get(0).message());
    }
  }

  private static List<String> split(String value) {
    if (value == null) {
      return List.of();
    }
    return java.util.Arrays.stream(value.split("\\|")).map(String::trim)
        .filter(s -> !s.isEmpty()).distinct().toList();
  }
}
