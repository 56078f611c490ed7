package io.loopline.member;

import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal-data rights (MEM-4, PIPL): a member's export of everything Loopline holds on them, and
 * erasure on request. Erasure removes name, birthday, gender and every identity (so the phone can
 * join again as someone new), withdraws consents, blanks timeline details, and keeps the id, tags
 * and business records; {@link MemberErased} tells the other modules.
 */
@Service
@Transactional
public class PersonalData {

  private final JdbcClient jdbc;
  private final Members members;
  private final MemberRepository repository;
  private final Consents consents;
  private final Timeline timeline;
  private final ApplicationEventPublisher events;
  private final io.loopline.platform.MessageSink messages;

  PersonalData(JdbcClient jdbc, Members members, MemberRepository repository, Consents consents,
      Timeline timeline, ApplicationEventPublisher events,
      io.loopline.platform.MessageSink messages) {
    this.jdbc = jdbc;
    this.members = members;
    this.repository = repository;
    this.consents = consents;
    this.timeline = timeline;
    this.events = events;
    this.messages = messages;
  }

  /** Everything held on the member, unmasked, as one document. */
  @Transactional(readOnly = true)
  public Map<String, Object> export(MemberId id) {
    long memberId = members.resolve(id.value());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("member", members.load(memberId));
    out.put("tags", jdbc.sql("""
        select t.code, t.name, mt.source, mt.added_by, mt.added_at
          from member.member_tag mt join member.tag t on t.id = mt.tag_id
         where mt.member_id = :m order by mt.added_at
        """).param("m", memberId).query((rs, n) -> Map.of("code", rs.getString(1),
            "name", rs.getString(2), "source", rs.getString(3), "addedBy", rs.getString(4),
            "addedAt", rs.getTimestamp(5).toInstant().toString())).list());
    out.put("consents", consents.of(memberId));
    out.put("consentHistory", consents.history(memberId));
    out.put("timeline", timeline.of(memberId, 10_000));
    out.put("merges", jdbc.sql("""
        select survivor_id, merged_id, reason, actor, at from member.merge
         where survivor_id = :m or merged_id = :m order by at
        """).param("m", memberId).query((rs, n) -> Map.of(
            "survivor", new MemberId(rs.getLong(1)).toString(),
            "merged", new MemberId(rs.getLong(2)).toString(), "reason", rs.getString(3),
            "by", rs.getString(4), "at", rs.getTimestamp(5).toInstant().toString())).list());
    return out;
  }

  /** Erases the member's personal data; 409 when already erased or merged. */
  public Member erase(MemberId id, String reason) {
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw new InvalidInput("reason", "must be 1 to 500 characters");
    }
    MemberRepository.Row row = repository.lock(id.value())
        .orElseThrow(() -> new io.loopline.platform.NotFound("member", id.toString()));
    if (row.status() != MemberStatus.ACTIVE) {
      throw new Conflict("member " + id + " is " + row.status() + " and cannot be erased");
    }
    long m = row.id();
    jdbc.sql("""
        update member.member set name = null, birthday = null, gender = null, status = 'ERASED',
               updated_at = now() where id = :m
        """).param("m", m).update();
    List<String> values = jdbc.sql("delete from member.identity where member_id = :m returning value")
        .param("m", m).query(String.class).list();
    int identities = values.size();
    messages.forget(values);
    List<Consent> granted = consents.of(m).stream().filter(Consent::granted).toList();
    granted.forEach(c -> consents.set(m, c.channel(), c.purpose(), false, "erasure"));
    jdbc.sql("update member.member_event set detail = '{}'::jsonb where member_id = :m")
        .param("m", m).update();
    timeline.record(m, "erased", Map.of("reason", reason, "identities", identities));
    events.publishEvent(new MemberErased(id.toString()));
    return members.load(m);
  }
}
