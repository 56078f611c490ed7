package io.loopline.member;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.loopline.platform.Actor;
import io.loopline.platform.Conflict;
import io.loopline.platform.CursorPage;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segments (MEM-3): condition trees over members, counted and listed on demand, exported as CSV,
 * saved, and optionally kept as a RULE tag on exactly the members who match.
 */
@Service
@Transactional
public class Segments {

  private static final Logger log = LoggerFactory.getLogger(Segments.class);
  private static final Pattern CODE = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,39}$");
  private static final int TIMELINE_LIMIT = 1000;

  private final JdbcClient jdbc;
  private final SegmentCompiler compiler;
  private final Members members;
  private final Tags tags;
  private final JsonMapper json;
  private final Clock clock;

  Segments(JdbcClient jdbc, SegmentCompiler compiler, Members members, Tags tags, JsonMapper json,
      Clock clock) {
    this.jdbc = jdbc;
    this.compiler = compiler;
    this.members = members;
    this.tags = tags;
    this.json = json;
    this.clock = clock;
  }

  /** How many members match; 400 naming the bad node for an invalid definition. */
  @Transactional(readOnly = true)
  public long count(JsonNode definition) {
    SegmentCompiler.Compiled c = compiler.compile(definition);
    return jdbc.sql("select count(*) from member.member m where " + c.where())
        .params(c.params()).query(Long.class).single();
  }

  /** One page of matching members, newest first, masked. */
  @Transactional(readOnly = true)
  public CursorPage<MemberSummary> members(JsonNode definition, String cursor, int limit) {
    if (limit < 1 || limit > 200) {
      throw new InvalidInput("limit", "must be between 1 and 200");
    }
    SegmentCompiler.Compiled c = compiler.compile(definition);
    Map<String, Object> params = new HashMap<>(c.params());
    Long before = MemberRepository.fromCursor(cursor);
    params.put("limit", limit + 1);
    if (before != null) {
      params.put("before", before);
    }
    List<Long> ids = jdbc.sql("select m.id from member.member m where (" + c.where() + ")"
            + (before == null ? "" : " and m.id < :before") + " order by m.id desc limit :limit")
        .params(params).query(Long.class).list();
    boolean more = ids.size() > limit;
    List<Long> page = more ? ids.subList(0, limit) : ids;
    return new CursorPage<>(members.summaries(page),
        more ? MemberRepository.cursor(page.get(page.size() - 1)) : null);
  }

  /**
   * Ids of the members of a saved segment above {@code afterId}, ascending, at most
   * {@code limit}: keyset pages for jobs that walk a whole segment and resume where they stopped.
   */
  @Transactional(readOnly = true)
  public List<Long> memberIds(String code, long afterId, int limit) {
    SegmentCompiler.Compiled c = compiler.compile(get(code).definition());
    Map<String, Object> params = new HashMap<>(c.params());
    params.put("after", afterId);
    params.put("limit", limit);
    return jdbc.sql("select m.id from member.member m where (" + c.where() + ")"
            + " and m.id > :after order by m.id limit :limit")
        .params(params).query(Long.class).list();
  }

  /** Whether the member is in the saved segment now; 404 for an unknown segment. */
  @Transactional(readOnly = true)
  public boolean contains(String code, long memberId) {
    SegmentCompiler.Compiled c = compiler.compile(get(code).definition());
    Map<String, Object> params = new HashMap<>(c.params());
    params.put("member", memberId);
    return jdbc.sql("select exists (select 1 from member.member m where (" + c.where() + ")"
            + " and m.id = :member)")
        .params(params).query(Boolean.class).single();
  }

  /** Writes every matching member as CSV (masked), reading in pages so memory stays flat. */
  @Transactional(readOnly = true)
  public void export(JsonNode definition, Writer out) {
    CsvWriter csv = CsvWriter.builder().build(out);
    csv.writeRecord("id", "name", "phone", "email", "roles", "tags", "join_venue", "joined");
    String cursor = null;
    do {
      CursorPage<MemberSummary> page = members(definition, cursor, 200);
      for (MemberSummary m : page.items()) {
        csv.writeRecord(m.id(), nz(m.name()), nz(m.phone()), nz(m.email()),
            String.join("|", m.roles().stream().map(Enum::name).toList()),
            String.join("|", m.tags()), nz(m.joinVenue()), m.createdAt().toString());
      }
      cursor = page.next();
    } while (cursor != null);
    try {
      csv.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Transactional(readOnly = true)
  public Map<String, List<String>> attributes() {
    return compiler.catalogue();
  }

  /**
   * Saves a new segment. With {@code syncTag}, the segment keeps a RULE tag of that code (made if
   * missing) on exactly its members, synced now and then by a job.
   */
  public Segment create(String code, String name, JsonNode definition, String syncTag) {
    requireCode(code);
    requireName(name);
    compiler.compile(definition);
    Long tagId = syncTag == null || syncTag.isBlank() ? null : ruleTag(syncTag, name);
    int made = jdbc.sql("""
        insert into member.segment (code, name, definition, tag_id, created_by, created_at, updated_at)
        values (:code, :name, cast(:definition as jsonb), :tag, :by, :now, :now)
        on conflict do nothing
        """)
        .param("code", code).param("name", name)
        .param("definition", json.writeValueAsString(definition)).param("tag", tagId)
        .param("by", Actor.current().label()).param("now", Timestamp.from(clock.instant()))
        .update();
    if (made == 0) {
      throw new Conflict("segment " + code + " exists, or tag " + syncTag + " is kept by another");
    }
    if (tagId != null) {
      sync(code);
    }
    return get(code);
  }

  public Segment update(String code, String name, JsonNode definition, String syncTag) {
    get(code);
    requireName(name);
    compiler.compile(definition);
    Long tagId = syncTag == null || syncTag.isBlank() ? null : ruleTag(syncTag, name);
    jdbc.sql("""
        update member.segment set name = :name, definition = cast(:definition as jsonb),
               tag_id = :tag, updated_at = :now where code = :code
        """)
        .param("code", code).param("name", name)
        .param("definition", json.writeValueAsString(definition)).param("tag", tagId)
        .param("now", Timestamp.from(clock.instant()))
        .update();
    if (tagId != null) {
      sync(code);
    }
    return get(code);
  }

  /** Deletes a saved segment; the tag it kept stays, with its members as they were. */
  public void delete(String code) {
    if (jdbc.sql("delete from member.segment where code = :code").param("code", code).update()
        == 0) {
      throw new NotFound("segment", code);
    }
  }

  @Transactional(readOnly = true)
  public Segment get(String code) {
    return find(code).orElseThrow(() -> new NotFound("segment", code));
  }

  @Transactional(readOnly = true)
  public List<Segment> all() {
    return jdbc.sql(SELECT + " order by s.code").query(this::segment).list();
  }

  /**
   * Brings the segment's RULE tag to exactly its members: adds it to members who match, removes
   * RULE links of members who no longer do (links set by hand stay). Returns added and removed.
   */
  public SyncResult sync(String code) {
    Segment segment = get(code);
    if (segment.syncedTag() == null) {
      throw new Conflict("segment " + code + " keeps no tag");
    }
    long tagId = tags.idOf(segment.syncedTag());
    SegmentCompiler.Compiled c = compiler.compile(segment.definition());
    Map<String, Object> params = new HashMap<>(c.params());
    params.put("tag", tagId);
    params.put("by", "rule:" + code);
    params.put("now", Timestamp.from(clock.instant()));
    List<Long> added = jdbc.sql("""
        insert into member.member_tag (member_id, tag_id, source, added_by, added_at)
        select m.id, :tag, 'RULE', :by, :now from member.member m where (""" + c.where() + """
        ) on conflict do nothing returning member_id
        """).params(params).query(Long.class).list();
    List<Long> removed = jdbc.sql("""
        delete from member.member_tag mt where mt.tag_id = :tag and mt.source = 'RULE'
           and not exists (select 1 from member.member m where m.id = mt.member_id and (""" + c.where()
            + """
        )) returning member_id
        """).params(params).query(Long.class).list();
    if (added.size() + removed.size() <= TIMELINE_LIMIT) {
      added.forEach(id -> tags.recordOnTimeline(id, "tagged", segment.syncedTag(), code));
      removed.forEach(id -> tags.recordOnTimeline(id, "untagged", segment.syncedTag(), code));
    } else {
      log.info("segment {} sync: tag {} added to {} and removed from {} members", code,
          segment.syncedTag(), added.size(), removed.size());
    }
    long count = jdbc.sql("select count(*) from member.member_tag where tag_id = :tag")
        .param("tag", tagId).query(Long.class).single();
    jdbc.sql("update member.segment set synced_at = :now, last_count = :count where code = :code")
        .param("now", params.get("now")).param("count", count).param("code", code).update();
    return new SyncResult(added.size(), removed.size(), count);
  }

  /** What a sync changed. */
  public record SyncResult(int added, int removed, long members) {}

  List<String> syncedCodes() {
    return jdbc.sql("select code from member.segment where tag_id is not null order by code")
        .query(String.class).list();
  }

  private long ruleTag(String code, String segmentName) {
    Optional<Long> existing = jdbc.sql("select id from member.tag where code = :code")
        .param("code", code).query(Long.class).optional();
    if (existing.isPresent()) {
      return existing.get();
    }
    tags.create(code, segmentName.length() > 60 ? segmentName.substring(0, 60) : segmentName,
        null, TagSource.RULE);
    return tags.idOf(code);
  }

  private Optional<Segment> find(String code) {
    return jdbc.sql(SELECT + " where s.code = :code").param("code", code)
        .query(this::segment).optional();
  }

  private static final String SELECT = """
      select s.code, s.name, s.definition::text as definition, t.code as tag, s.last_count,
             s.synced_at, s.updated_at
        from member.segment s left join member.tag t on t.id = s.tag_id""";

  private Segment segment(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    long count = rs.getLong("last_count");
    Long lastCount = rs.wasNull() ? null : count;
    Timestamp synced = rs.getTimestamp("synced_at");
    return new Segment(rs.getString("code"), rs.getString("name"),
        json.readTree(rs.getString("definition")), rs.getString("tag"), lastCount,
        synced == null ? null : synced.toInstant(), rs.getTimestamp("updated_at").toInstant());
  }

  private static void requireCode(String code) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new InvalidInput("code",
          "must be 1 to 40 lowercase letters, digits, '-' or '_', starting with a letter or digit");
    }
  }

  private static void requireName(String name) {
    if (name == null || name.isBlank() || name.length() > 60) {
      throw new InvalidInput("name", "must be 1 to 60 characters");
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
