package io.loopline.member;

import io.loopline.platform.PublicId;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The member tables: profiles, identities and tag links. */
@Repository
class MemberRepository {

  private final JdbcClient jdbc;

  MemberRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A row of {@code member.member}, before identities and tags are attached. */
  record Row(long id, String name, java.time.LocalDate birthday, Gender gender,
      Set<MemberRole> roles, String joinChannel, String joinVenue, MemberStatus status,
      Long mergedInto, Instant createdAt, Instant updatedAt) {}

  private static final String COLUMNS = """
      m.id, m.name, m.birthday, m.gender, m.roles, m.join_channel, m.join_venue, m.status,
      m.merged_into, m.created_at, m.updated_at""";

  long insert(NewMember m, Set<MemberRole> roles, Instant now) {
    return jdbc.sql("""
        insert into member.member (name, birthday, gender, roles, join_channel, join_venue,
                                   created_at, updated_at)
        values (:name, :birthday, :gender, :roles, :channel, :venue, :now, :now)
        returning id
        """)
        .param("name", m.name()).param("birthday", m.birthday() == null ? null
            : Date.valueOf(m.birthday()))
        .param("gender", m.gender() == null ? null : m.gender().name())
        .param("roles", names(roles)).param("channel", m.joinChannel())
        .param("venue", m.joinVenue()).param("now", Timestamp.from(now))
        .query(Long.class).single();
  }

  /** A whole member (profile, identities, tags) in one statement. */
  Optional<Member> member(long id) {
    return jdbc.sql(MEMBER + " where m.id = :id").param("id", id)
        .query(MemberRepository::member).optional();
  }

  /** The whole member holding an identity, in one statement (the lookup hot path). */
  Optional<Member> memberHolding(Identity identity) {
    return jdbc.sql(MEMBER + " " + """
         where m.id = (select member_id from member.identity
                        where type = :type and scope = :scope and value = :value)""")
        .param("type", identity.type().name()).param("scope", identity.scope())
        .param("value", identity.value())
        .query(MemberRepository::member).optional();
  }

  // array(subquery), not array_agg: no aggregate to set up per lookup (~15 % cheaper in SQL)
  private static final String MEMBER = "select " + COLUMNS + """
      ,
             array(select i.type || chr(31) || i.scope || chr(31) || i.value
                     from member.identity i where i.member_id = m.id
                    order by array_position(array['PHONE','EMAIL','WECHAT_UNIONID',
                             'WECHAT_OPENID','EXTERNAL'], i.type), i.added_at) as identity_list,
             array(select t.code from member.member_tag mt join member.tag t on t.id = mt.tag_id
                    where mt.member_id = m.id order by t.code) as tag_list
        from member.member m""";

  private static Member member(ResultSet rs, int n) throws SQLException {
    Row row = row(rs, n);
    List<Identity> identities = new ArrayList<>();
    for (String packed : (String[]) rs.getArray("identity_list").getArray()) {
      String[] parts = packed.split("\u001f", 3);
      identities.add(new Identity(IdentityType.valueOf(parts[0]), parts[1], parts[2]));
    }
    return new Member(new MemberId(row.id()).toString(), row.name(), row.birthday(), row.gender(),
        row.roles(), row.joinChannel(), row.joinVenue(), row.status(), identities,
        List.of((String[]) rs.getArray("tag_list").getArray()), row.createdAt(), row.updatedAt());
  }

  /** Ids of the members merged into this one, through any chain of merges. */
  List<Long> mergedInto(long survivor) {
    return jdbc.sql("""
        with recursive merged(id) as (
          select id from member.member where merged_into = :s
          union
          select m.id from member.member m join merged on m.merged_into = merged.id)
        select id from merged order by id
        """).param("s", survivor).query(Long.class).list();
  }

  Optional<Row> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from member.member m where m.id = :id")
        .param("id", id).query(MemberRepository::row).optional();
  }

  /** Whom a member was merged into (null when it was not). */
  record MergeLink(Long mergedInto) {}

  /** The merge link of a member, read alone, for the hot paths that only resolve ids. */
  Optional<MergeLink> mergeLink(long id) {
    return jdbc.sql("select merged_into from member.member where id = :id").param("id", id)
        .query((rs, n) -> new MergeLink(rs.getObject(1, Long.class))).optional();
  }

  /** The rows of these members, in the order of the ids given. */
  List<Row> rows(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<Long, Row> byId = new HashMap<>();
    jdbc.sql("select " + COLUMNS + " from member.member m where m.id = any(:ids)")
        .param("ids", ids.toArray(Long[]::new))
        .query(MemberRepository::row).list().forEach(r -> byId.put(r.id(), r));
    return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
  }

  Optional<Row> lock(long id) {
    return jdbc.sql("select " + COLUMNS + " from member.member m where m.id = :id for update")
        .param("id", id).query(MemberRepository::row).optional();
  }

  void update(long id, String name, java.time.LocalDate birthday, Gender gender,
      Set<MemberRole> roles, String joinVenue, Instant now) {
    jdbc.sql("""
        update member.member set name = :name, birthday = :birthday, gender = :gender,
               roles = :roles, join_venue = :venue, updated_at = :now
         where id = :id
        """)
        .param("id", id).param("name", name)
        .param("birthday", birthday == null ? null : Date.valueOf(birthday))
        .param("gender", gender == null ? null : gender.name())
        .param("roles", names(roles)).param("venue", joinVenue)
        .param("now", Timestamp.from(now))
        .update();
  }

  void markMerged(long merged, long survivor, Instant now) {
    jdbc.sql("""
        update member.member set status = 'MERGED', merged_into = :survivor, updated_at = :now
         where id = :merged
        """)
        .param("merged", merged).param("survivor", survivor).param("now", Timestamp.from(now))
        .update();
  }

  /**
   * Serialises every writer of these identities until the transaction ends: one advisory lock per
   * identity, taken in one statement in ascending order so two writers never deadlock.
   */
  void lockIdentities(Collection<Identity> identities) {
    Long[] hashes = identities.stream().map(MemberRepository::lockKey).distinct().sorted()
        .toArray(Long[]::new);
    if (hashes.length == 0) {
      return;
    }
    jdbc.sql("""
        select count(pg_advisory_xact_lock(h))
          from (select unnest(cast(:hashes as bigint[])) as h order by 1) locks
        """)
        .param("hashes", hashes).query(Long.class).single();
  }

  private static long lockKey(Identity i) {
    return (i.type() + "|" + i.scope() + "|" + i.value()).hashCode();
  }

  /** Who holds each of these identities (those nobody holds are absent from the map). */
  Map<Identity, Long> owners(Collection<Identity> identities) {
    Map<Identity, Long> out = new HashMap<>();
    if (identities.isEmpty()) {
      return out;
    }
    List<Identity> list = new ArrayList<>(identities);
    jdbc.sql("""
        select i.type, i.scope, i.value, i.member_id from member.identity i
          join unnest(cast(:types as text[]), cast(:scopes as text[]), cast(:values as text[]))
               as q(type, scope, value)
            on i.type = q.type and i.scope = q.scope and i.value = q.value
        """)
        .param("types", list.stream().map(i -> i.type().name()).toArray(String[]::new))
        .param("scopes", list.stream().map(Identity::scope).toArray(String[]::new))
        .param("values", list.stream().map(Identity::value).toArray(String[]::new))
        .query(rs -> {
          out.put(new Identity(IdentityType.valueOf(rs.getString(1)), rs.getString(2),
              rs.getString(3)), rs.getLong(4));
        });
    return out;
  }

  Optional<Long> ownerOf(Identity identity) {
    return jdbc.sql("""
        select member_id from member.identity
         where type = :type and scope = :scope and value = :value
        """)
        .param("type", identity.type().name()).param("scope", identity.scope())
        .param("value", identity.value())
        .query(Long.class).optional();
  }

  boolean addIdentity(long memberId, Identity identity, Instant now) {
    return jdbc.sql("""
        insert into member.identity (type, scope, value, member_id, added_at)
        values (:type, :scope, :value, :member, :now)
        on conflict do nothing
        """)
        .param("type", identity.type().name()).param("scope", identity.scope())
        .param("value", identity.value()).param("member", memberId)
        .param("now", Timestamp.from(now))
        .update() == 1;
  }

  boolean removeIdentity(long memberId, Identity identity) {
    return jdbc.sql("""
        delete from member.identity
         where member_id = :member and type = :type and scope = :scope and value = :value
        """)
        .param("member", memberId).param("type", identity.type().name())
        .param("scope", identity.scope()).param("value", identity.value())
        .update() == 1;
  }

  int moveIdentities(long from, long to) {
    return jdbc.sql("update member.identity set member_id = :to where member_id = :from")
        .param("from", from).param("to", to).update();
  }

  Map<Long, List<Identity>> identitiesOf(Collection<Long> ids) {
    Map<Long, List<Identity>> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    jdbc.sql("""
        select member_id, type, scope, value from member.identity
         where member_id = any(:ids)
         order by member_id,
                  array_position(array['PHONE','EMAIL','WECHAT_UNIONID','WECHAT_OPENID','EXTERNAL'], type),
                  added_at
        """)
        .param("ids", ids.toArray(Long[]::new))
        .query(rs -> {
          out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Identity(
              IdentityType.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4)));
        });
    return out;
  }

  Map<Long, List<String>> tagsOf(Collection<Long> ids) {
    Map<Long, List<String>> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    jdbc.sql("""
        select mt.member_id, t.code from member.member_tag mt join member.tag t on t.id = mt.tag_id
         where mt.member_id = any(:ids) order by mt.member_id, t.code
        """)
        .param("ids", ids.toArray(Long[]::new))
        .query(rs -> {
          out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
    return out;
  }

  /** One page of members by descending id, after the cursor's id when given. */
  List<Row> search(MemberSearch q, Optional<Identity> identity, Long before, int limit) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from member.member m where true");
    Map<String, Object> params = new HashMap<>();
    if (identity.isPresent()) {
      sql.append(" ").append("""
           and m.id in (select member_id from member.identity
                         where type = :itype and scope = '' and value = :ivalue)""");
      params.put("itype", identity.get().type().name());
      params.put("ivalue", identity.get().value());
    } else if (q.query() != null && !q.query().isBlank()) {
      sql.append(" and lower(m.name) like :name");
      params.put("name", q.query().trim().toLowerCase().replace("\\", "\\\\")
          .replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (q.tag() != null && !q.tag().isBlank()) {
      sql.append(" ").append("""
           and exists (select 1 from member.member_tag mt join member.tag t on t.id = mt.tag_id
                        where mt.member_id = m.id and t.code = :tag)""");
      params.put("tag", q.tag());
    }
    if (q.role() != null) {
      sql.append(" and :role = any(m.roles)");
      params.put("role", q.role().name());
    }
    if (q.venue() != null && !q.venue().isBlank()) {
      sql.append(" and m.join_venue = :venue");
      params.put("venue", q.venue());
    }
    sql.append(" and m.status = :status");
    params.put("status", (q.status() == null ? MemberStatus.ACTIVE : q.status()).name());
    if (before != null) {
      sql.append(" and m.id < :before");
      params.put("before", before);
    }
    sql.append(" order by m.id desc limit :limit");
    params.put("limit", limit);
    return jdbc.sql(sql.toString()).params(params).query(MemberRepository::row).list();
  }

  static String cursor(long id) {
    return PublicId.of("cur", id);
  }

  static Long fromCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    long id = PublicId.parse("cur", cursor);
    if (id <= 0) {
      throw new io.loopline.platform.InvalidInput("cursor", "is not a cursor this list gave");
    }
    return id;
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    Date birthday = rs.getDate("birthday");
    String gender = rs.getString("gender");
    long merged = rs.getLong("merged_into");
    Long mergedInto = rs.wasNull() ? null : merged;
    return new Row(rs.getLong("id"), rs.getString("name"),
        birthday == null ? null : birthday.toLocalDate(),
        gender == null ? null : Gender.valueOf(gender), roles(rs.getArray("roles")),
        rs.getString("join_channel"), rs.getString("join_venue"),
        MemberStatus.valueOf(rs.getString("status")), mergedInto,
        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
  }

  static Set<MemberRole> roles(Array array) throws SQLException {
    Set<MemberRole> roles = EnumSet.noneOf(MemberRole.class);
    if (array != null) {
      for (String r : (String[]) array.getArray()) {
        roles.add(MemberRole.valueOf(r));
      }
    }
    return roles;
  }

  static String[] names(Set<MemberRole> roles) {
    return roles.stream().map(Enum::name).sorted().toArray(String[]::new);
  }
}
