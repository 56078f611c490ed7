package io.loopline.member;

import io.loopline.platform.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The record of every merge: survivor, merged, who, when, why and what moved. */
@Component
class MergeLog {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  MergeLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  void record(long survivor, long merged, String reason, Map<String, ?> moved) {
    jdbc.sql("""
        insert into member.merge (survivor_id, merged_id, reason, actor, at, moved)
        values (:survivor, :merged, :reason, :actor, :at, cast(:moved as jsonb))
        """)
        .param("survivor", survivor).param("merged", merged).param("reason", reason)
        .param("actor", Actor.current().label()).param("at", Timestamp.from(clock.instant()))
        .param("moved", json.writeValueAsString(moved))
        .update();
  }
}
