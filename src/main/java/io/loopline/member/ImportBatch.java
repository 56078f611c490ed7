package io.loopline.member;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a chunk of import rows in a few set-based statements: the same find-or-register rule as
 * {@link Members#findOrRegister} (an identity names one member; identities of two members are
 * refused), under the same identity locks, so an import and the API never make two members of one
 * phone. An existing member gains missing identities, roles and tags; profile fields are filled
 * only where empty, never overwritten. A row that changes nothing leaves no trace.
 */
@Component
class ImportBatch {

  private final JdbcClient jdbc;
  private final MemberRepository repository;
  private final IdentityNormalizer normalizer;
  private final JsonMapper json;
  private final Clock clock;

  ImportBatch(JdbcClient jdbc, MemberRepository repository, IdentityNormalizer normalizer,
      JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.repository = repository;
    this.normalizer = normalizer;
    this.json = json;
    this.clock = clock;
  }

  /** Counts of one chunk, and the rows refused while applying it. */
  record Outcome(int created, int updated, int unchanged, List<ImportError> errors) {}

  private record Pending(long line, NewMember member, List<Identity> identities) {}

  Outcome apply(List<MemberCsv.Row> rows, String actor) {
    Timestamp now = Timestamp.from(clock.instant());
    List<Pending> pending = new ArrayList<>();
    Set<Identity> all = new LinkedHashSet<>();
    for (MemberCsv.Row row : rows) {
      List<Identity> identities = row.member().identities().stream()
          .map(i -> normalizer.normalize(i, "identity")).distinct().toList();
      pending.add(new Pending(row.line(), row.member(), identities));
      all.addAll(identities);
    }
    repository.lockIdentities(all);
    Map<Identity, Long> owners = new HashMap<>(repository.owners(all));

    List<ImportError> errors = new ArrayList<>();
    Map<Pending, Long> fresh = new LinkedHashMap<>();
    Map<Pending, Long> existing = new LinkedHashMap<>();
    for (Pending p : pending) {
      Set<Long> held = new LinkedHashSet<>();
      p.identities().forEach(i -> {
        if (owners.containsKey(i)) {
          held.add(owners.get(i));
        }
      });
      if (held.size() > 1) {
        errors.add(new ImportError(p.line(),
            "identities: belong to different members; merge them first"));
        continue;
      }
      long id = held.isEmpty() ? -(fresh.size() + 1L) : held.iterator().next();
      (held.isEmpty() ? fresh : existing).put(p, id);
      p.identities().forEach(i -> owners.put(i, id));
    }
    List<Long> ids = nextIds(fresh.size());
    fresh.replaceAll((p, temp) -> ids.get((int) (-temp - 1)));
    existing.replaceAll((p, id) -> id < 0 ? ids.get((int) (-id - 1)) : id);
    insertMembers(fresh, actor, now);
    int updated = 0;
    int unchanged = 0;
    Map<Long, MemberRepository.Row> current = new HashMap<>();
    repository.rows(existing.values().stream().distinct().filter(id -> !fresh.containsValue(id))
        .toList()).forEach(r -> current.put(r.id(), r));
    Map<Long, List<Identity>> heldIdentities = repository.identitiesOf(existing.values());
    Map<Long, List<String>> heldTags = repository.tagsOf(existing.values());
    for (Map.Entry<Pending, Long> e : existing.entrySet()) {
      if (fill(e.getKey(), e.getValue(), current.get(e.getValue()),
          heldIdentities.getOrDefault(e.getValue(), List.of()),
          heldTags.getOrDefault(e.getValue(), List.of()), actor, now)) {
        updated++;
      } else {
        unchanged++;
      }
    }
    return new Outcome(fresh.size(), updated, unchanged, errors);
  }

  private List<Long> nextIds(int count) {
    if (count == 0) {
      return List.of();
    }
    return jdbc.sql("""
        select nextval(pg_get_serial_sequence('member.member', 'id')) from generate_series(1, :n)
        """).param("n", count).query(Long.class).list();
  }

  private void insertMembers(Map<Pending, Long> fresh, String actor, Timestamp now) {
    if (fresh.isEmpty()) {
      return;
    }
    List<Pending> rows = new ArrayList<>(fresh.keySet());
    jdbc.sql("""
        insert into member.member (id, name, birthday, gender, roles, join_channel, join_venue,
                                   created_at, updated_at)
        overriding system value
        select id, name, birthday, gender, string_to_array(roles, ','), channel, venue, :now, :now
          from unnest(cast(:ids as bigint[]), cast(:names as text[]), cast(:birthdays as date[]),
                      cast(:genders as text[]), cast(:roles as text[]), cast(:channels as text[]),
                      cast(:venues as text[]))
               as r(id, name, birthday, gender, roles, channel, venue)
        """)
        .param("ids", rows.stream().map(fresh::get).toArray(Long[]::new))
        .param("names", rows.stream().map(p -> p.member().name()).toArray(String[]::new))
        .param("birthdays", rows.stream().map(p -> p.member().birthday() == null ? null
            : Date.valueOf(p.member().birthday())).toArray(Date[]::new))
        .param("genders", rows.stream().map(p -> p.member().gender() == null ? null
            : p.member().gender().name()).toArray(String[]::new))
        .param("roles", rows.stream().map(p -> String.join(",",
            MemberRepository.names(withMember(p.member().roles())))).toArray(String[]::new))
        .param("channels", rows.stream().map(p -> p.member().joinChannel()).toArray(String[]::new))
        .param("venues", rows.stream().map(p -> p.member().joinVenue()).toArray(String[]::new))
        .param("now", now)
        .update();
    List<Long> identityOwners = new ArrayList<>();
    List<Identity> identities = new ArrayList<>();
    List<Long> tagOwners = new ArrayList<>();
    List<String> tagCodes = new ArrayList<>();
    List<Long> events = new ArrayList<>();
    List<String> details = new ArrayList<>();
    for (Pending p : rows) {
      long id = fresh.get(p);
      p.identities().forEach(i -> {
        identityOwners.add(id);
        identities.add(i);
      });
      p.member().tags().forEach(t -> {
        tagOwners.add(id);
        tagCodes.add(t);
      });
      events.add(id);
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("source", "import");
      if (p.member().joinChannel() != null) {
        detail.put("channel", p.member().joinChannel());
      }
      if (p.member().joinVenue() != null) {
        detail.put("venue", p.member().joinVenue());
      }
      details.add(json.writeValueAsString(detail));
    }
    insertIdentities(identityOwners, identities, now);
    insertTags(tagOwners, tagCodes, actor, now);
    timeline(events, "registered", details, actor, now);
  }

  private boolean fill(Pending p, long id, MemberRepository.Row row, List<Identity> held,
      List<String> heldTags, String actor, Timestamp now) {
    NewMember m = p.member();
    Map<String, Object> changed = new LinkedHashMap<>();
    if (row != null) {
      Set<MemberRole> roles = EnumSet.copyOf(row.roles());
      roles.addAll(m.roles());
      boolean profile = (row.name() == null && m.name() != null)
          || (row.birthday() == null && m.birthday() != null)
          || (row.gender() == null && m.gender() != null)
          || (row.joinChannel() == null && m.joinChannel() != null)
          || (row.joinVenue() == null && m.joinVenue() != null)
          || !roles.equals(row.roles());
      if (profile) {
        jdbc.sql("""
            update member.member set name = coalesce(name, :name),
                   birthday = coalesce(birthday, :birthday), gender = coalesce(gender, :gender),
                   join_channel = coalesce(join_channel, :channel),
                   join_venue = coalesce(join_venue, :venue), roles = :roles, updated_at = :now
             where id = :id
            """)
            .param("id", id).param("name", m.name())
            .param("birthday", m.birthday() == null ? null : Date.valueOf(m.birthday()))
            .param("gender", m.gender() == null ? null : m.gender().name())
            .param("channel", m.joinChannel()).param("venue", m.joinVenue())
            .param("roles", MemberRepository.names(roles)).param("now", now)
            .update();
        changed.put("profile", "filled");
      }
    }
    List<Identity> newIdentities = p.identities().stream().filter(i -> !held.contains(i)).toList();
    if (!newIdentities.isEmpty()) {
      insertIdentities(newIdentities.stream().map(i -> id).toList(), newIdentities, now);
      changed.put("identities", newIdentities.stream().map(Identity::masked).toList());
    }
    List<String> newTags = m.tags().stream().filter(t -> !heldTags.contains(t)).toList();
    if (!newTags.isEmpty()) {
      insertTags(newTags.stream().map(t -> id).toList(), newTags, actor, now);
      changed.put("tags", newTags);
    }
    if (changed.isEmpty()) {
      return false;
    }
    timeline(List.of(id), "import-updated", List.of(json.writeValueAsString(changed)), actor, now);
    return true;
  }

  private void insertIdentities(List<Long> owners, List<Identity> identities, Timestamp now) {
    if (identities.isEmpty()) {
      return;
    }
    jdbc.sql("""
        insert into member.identity (type, scope, value, member_id, added_at)
        select type, scope, value, member_id, :now
          from unnest(cast(:types as text[]), cast(:scopes as text[]), cast(:values as text[]),
                      cast(:owners as bigint[])) as r(type, scope, value, member_id)
        on conflict do nothing
        """)
        .param("types", identities.stream().map(i -> i.type().name()).toArray(String[]::new))
        .param("scopes", identities.stream().map(Identity::scope).toArray(String[]::new))
        .param("values", identities.stream().map(Identity::value).toArray(String[]::new))
        .param("owners", owners.toArray(Long[]::new)).param("now", now)
        .update();
  }

  private void insertTags(List<Long> owners, List<String> codes, String actor, Timestamp now) {
    if (codes.isEmpty()) {
      return;
    }
    jdbc.sql("""
        insert into member.member_tag (member_id, tag_id, source, added_by, added_at)
        select r.member_id, t.id, 'IMPORT', :actor, :now
          from unnest(cast(:owners as bigint[]), cast(:codes as text[])) as r(member_id, code)
          join member.tag t on t.code = r.code
        on conflict do nothing
        """)
        .param("owners", owners.toArray(Long[]::new)).param("codes", codes.toArray(String[]::new))
        .param("actor", actor).param("now", now)
        .update();
  }

  private void timeline(List<Long> members, String kind, List<String> details, String actor,
      Timestamp now) {
    jdbc.sql("""
        insert into member.member_event (member_id, at, kind, detail, actor)
        select member_id, :now, :kind, cast(detail as jsonb), :actor
          from unnest(cast(:members as bigint[]), cast(:details as text[])) as r(member_id, detail)
        """)
        .param("members", members.toArray(Long[]::new))
        .param("details", details.toArray(String[]::new))
        .param("kind", kind).param("actor", actor).param("now", now)
        .update();
  }

  private static Set<MemberRole> withMember(Set<MemberRole> roles) {
    Set<MemberRole> all = EnumSet.of(MemberRole.MEMBER);
    all.addAll(roles);
    return all;
  }
}
