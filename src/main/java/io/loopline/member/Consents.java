package io.loopline.member;

import io.loopline.platform.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consent per channel and purpose with its full history (MEM-4). Nothing is assumed: a purpose
 * never answered is not granted. A consent for channel ANY answers for every channel.
 */
@Service
@Transactional
public class Consents {

  private final JdbcClient jdbc;
  private final Timeline timeline;
  private final Clock clock;

  Consents(JdbcClient jdbc, Timeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.clock = clock;
  }

  /** Records a member's answer; answering the same again adds history but changes nothing. */
  void set(long memberId, ConsentChannel channel, ConsentPurpose purpose, boolean granted,
      String source) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql("""
        insert into member.consent (member_id, channel, purpose, granted, updated_at)
        values (:m, :channel, :purpose, :granted, :now)
        on conflict (member_id, channel, purpose)
        do update set granted = excluded.granted, updated_at = excluded.updated_at
        """)
        .param("m", memberId).param("channel", channel.name()).param("purpose", purpose.name())
        .param("granted", granted).param("now", now)
        .update();
    jdbc.sql("""
        insert into member.consent_history (member_id, channel, purpose, granted, source, actor, at)
        values (:m, :channel, :purpose, :granted, :source, :actor, :now)
        """)
        .param("m", memberId).param("channel", channel.name()).param("purpose", purpose.name())
        .param("granted", granted).param("source", source)
        .param("actor", Actor.current().label()).param("now", now)
        .update();
    timeline.record(memberId, granted ? "consent-granted" : "consent-withdrawn",
        Map.of("channel", channel, "purpose", purpose));
  }

  @Transactional(readOnly = true)
  List<Consent> of(long memberId) {
    return jdbc.sql("""
        select channel, purpose, granted, updated_at from member.consent
         where member_id = :m order by purpose, channel
        """)
        .param("m", memberId)
        .query((rs, n) -> new Consent(ConsentChannel.valueOf(rs.getString(1)),
            ConsentPurpose.valueOf(rs.getString(2)), rs.getBoolean(3),
            rs.getTimestamp(4).toInstant()))
        .list();
  }

  @Transactional(readOnly = true)
  List<ConsentChange> history(long memberId) {
    return jdbc.sql("""
        select channel, purpose, granted, source, actor, at from member.consent_history
         where member_id = :m order by id desc
        """)
        .param("m", memberId)
        .query((rs, n) -> new ConsentChange(ConsentChannel.valueOf(rs.getString(1)),
            ConsentPurpose.valueOf(rs.getString(2)), rs.getBoolean(3), rs.getString(4),
            rs.getString(5), rs.getTimestamp(6).toInstant()))
        .list();
  }

  /** Whether the member may be contacted on this channel for this purpose. */
  @Transactional(readOnly = true)
  public boolean granted(MemberId member, ConsentChannel channel, ConsentPurpose purpose) {
    return jdbc.sql("""
        select coalesce(bool_or(granted) filter (where channel = :channel),
                        bool_or(granted) filter (where channel = 'ANY'), false)
          from member.consent where member_id = :m and purpose = :purpose
        """)
        .param("m", member.value()).param("channel", channel.name())
        .param("purpose", purpose.name())
        .query(Boolean.class).single();
  }

  /** Moves a merged member's consents; where both answered, the later answer wins. */
  int moveAll(long from, long to) {
    int moved = jdbc.sql("""
        insert into member.consent (member_id, channel, purpose, granted, updated_at)
        select :to, channel, purpose, granted, updated_at from member.consent where member_id = :from
        on conflict (member_id, channel, purpose) do update
           set granted = excluded.granted, updated_at = excluded.updated_at
         where member.consent.updated_at < excluded.updated_at
        """)
        .param("from", from).param("to", to).update();
    jdbc.sql("""
        insert into member.consent_history (member_id, channel, purpose, granted, source, actor, at)
        select :to, channel, purpose, granted, source, actor, at from member.consent_history
         where member_id = :from order by id
        """)
        .param("from", from).param("to", to).update();
    jdbc.sql("delete from member.consent where member_id = :from").param("from", from).update();
    return moved;
  }
}
