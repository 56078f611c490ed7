package io.loopline.member;

import io.loopline.platform.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** What happened to a member, in order: every change of the module writes one line here. */
@Component
class Timeline {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  Timeline(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  void record(long memberId, String kind, Map<String, ?> detail) {
    jdbc.sql("""
        insert into member.member_event (member_id, at, kind, detail, actor)
        values (:member, :at, :kind, cast(:detail as jsonb), :actor)
        """)
        .param("member", memberId).param("at", Timestamp.from(clock.instant()))
        .param("kind", kind).param("detail", json.writeValueAsString(detail))
        .param("actor", Actor.current().label())
        .update();
  }

  List<TimelineEntry> of(long memberId, int limit) {
    return jdbc.sql("""
        select at, kind, detail::text, actor from member.member_event
         where member_id = :member order by id desc limit :limit
        """)
        .param("member", memberId).param("limit", limit)
        .query((rs, n) -> new TimelineEntry(rs.getTimestamp(1).toInstant(), rs.getString(2),
            json.readValue(rs.getString(3), Map.class), rs.getString(4)))
        .list();
  }

  Instant now() {
    return clock.instant();
  }
}
