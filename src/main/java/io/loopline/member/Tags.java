package io.loopline.member;

import io.loopline.platform.Actor;
import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tag catalogue and the tags on members (MEM-3). Adding and removing is recorded on the
 * member's timeline with who did it; adding a tag twice changes nothing.
 */
@Service
@Transactional
public class Tags {

  private static final Pattern CODE = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,39}$");

  private final JdbcClient jdbc;
  private final Timeline timeline;
  private final Clock clock;

  Tags(JdbcClient jdbc, Timeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.clock = clock;
  }

  public TagGroup createGroup(String code, String name) {
    requireCode("code", code);
    requireName(name);
    int made = jdbc.sql("""
        insert into member.tag_group (code, name, created_at) values (:code, :name, :at)
        on conflict (code) do nothing
        """)
        .param("code", code).param("name", name).param("at", Timestamp.from(clock.instant()))
        .update();
    if (made == 0) {
      throw new Conflict("tag group " + code + " exists");
    }
    return new TagGroup(code, name);
  }

  @Transactional(readOnly = true)
  public List<TagGroup> groups() {
    return jdbc.sql("select code, name from member.tag_group order by code")
        .query((rs, n) -> new TagGroup(rs.getString(1), rs.getString(2))).list();
  }

  /** Adds a tag to the catalogue; {@code group} is optional, {@code kind} defaults to MANUAL. */
  public Tag create(String code, String name, String group, TagSource kind) {
    requireCode("code", code);
    requireName(name);
    Long groupId = null;
    if (group != null && !group.isBlank()) {
      groupId = jdbc.sql("select id from member.tag_group where code = :code")
          .param("code", group).query(Long.class).optional()
          .orElseThrow(() -> new InvalidInput("group", "no tag group " + group));
    }
    int made = jdbc.sql("""
        insert into member.tag (code, name, group_id, kind, created_at)
        values (:code, :name, :group, :kind, :at)
        on conflict (code) do nothing
        """)
        .param("code", code).param("name", name).param("group", groupId)
        .param("kind", (kind == null ? TagSource.MANUAL : kind).name())
        .param("at", Timestamp.from(clock.instant()))
        .update();
    if (made == 0) {
      throw new Conflict("tag " + code + " exists");
    }
    return get(code);
  }

  @Transactional(readOnly = true)
  public Tag get(String code) {
    return jdbc.sql(SELECT + " where t.code = :code")
        .param("code", code).query(Tags::tag).optional()
        .orElseThrow(() -> new NotFound("tag", code));
  }

  @Transactional(readOnly = true)
  public List<Tag> all() {
    return jdbc.sql(SELECT + " order by g.code nulls last, t.code")
        .query(Tags::tag).list();
  }

  boolean untag(long memberId, String code) {
    long tagId = idOf(code);
    int removed = jdbc.sql("delete from member.member_tag where member_id = :m and tag_id = :t")
        .param("m", memberId).param("t", tagId).update();
    if (removed > 0) {
      timeline.record(memberId, "untagged", Map.of("tag", code));
    }
    return removed > 0;
  }

  /** Tags a member; false when they had the tag already. */
  boolean tag(long memberId, String code, TagSource source) {
    long tagId = idOf(code);
    int added = jdbc.sql("""
        insert into member.member_tag (member_id, tag_id, source, added_by, added_at)
        values (:m, :t, :source, :by, :at) on conflict do nothing
        """)
        .param("m", memberId).param("t", tagId).param("source", source.name())
        .param("by", Actor.current().label()).param("at", Timestamp.from(clock.instant()))
        .update();
    if (added > 0) {
      timeline.record(memberId, "tagged", Map.of("tag", code, "source", source));
    }
    return added > 0;
  }

  /** Notes on the member's timeline a tag change made by a segment rule. */
  void recordOnTimeline(long memberId, String kind, String code, String segment) {
    timeline.record(memberId, kind, Map.of("tag", code, "source", TagSource.RULE,
        "segment", segment));
  }

  /** Moves every tag of one member to another (merge); tags both had stay once. */
  int moveAll(long from, long to) {
    int moved = jdbc.sql("""
        insert into member.member_tag (member_id, tag_id, source, added_by, added_at)
        select :to, tag_id, source, added_by, added_at from member.member_tag where member_id = :from
        on conflict do nothing
        """)
        .param("from", from).param("to", to).update();
    jdbc.sql("delete from member.member_tag where member_id = :from").param("from", from).update();
    return moved;
  }

  long idOf(String code) {
    return jdbc.sql("select id from member.tag where code = :code").param("code", code)
        .query(Long.class).optional()
        .orElseThrow(() -> new NotFound("tag", code));
  }

  private static final String SELECT = """
      select t.code, t.name, g.code as group_code, t.kind, t.created_at,
             (select count(*) from member.member_tag mt where mt.tag_id = t.id) as members
        from member.tag t left join member.tag_group g on g.id = t.group_id""";

  private static Tag tag(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Tag(rs.getString("code"), rs.getString("name"), rs.getString("group_code"),
        TagSource.valueOf(rs.getString("kind")), rs.getLong("members"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static void requireCode(String field, String code) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new InvalidInput(field,
          "must be 1 to 40 lowercase letters, digits, '-' or '_', starting with a letter or digit");
    }
  }

  private static void requireName(String name) {
    if (name == null || name.isBlank() || name.length() > 60) {
      throw new InvalidInput("name", "must be 1 to 60 characters");
    }
  }
}
