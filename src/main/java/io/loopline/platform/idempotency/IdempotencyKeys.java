package io.loopline.platform.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table of used keys; every call runs inside the request's transaction. */
@Repository
class IdempotencyKeys {

  private final JdbcClient jdbc;
  private final Clock clock;

  IdempotencyKeys(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Claims the key for this caller. Returns false when it was claimed before; a concurrent first
   * use holds the row lock until its transaction ends, so a retry racing it waits and then sees
   * the committed answer (or, if the first one failed, claims the key itself).
   */
  boolean claim(String caller, String key, String requestHash) {
    return jdbc.sql("""
        insert into platform.idempotency_key (caller, key, request_hash, created_at)
        values (:caller, :key, :hash, :now)
        on conflict do nothing
        """)
        .param("caller", caller).param("key", key).param("hash", requestHash)
        .param("now", java.sql.Timestamp.from(clock.instant()))
        .update() == 1;
  }

  Optional<StoredResponse> find(String caller, String key) {
    return jdbc.sql("""
        select request_hash, status, content_type, location, body
          from platform.idempotency_key where caller = :caller and key = :key
        """)
        .param("caller", caller).param("key", key)
        .query((rs, n) -> new StoredResponse(rs.getString(1), rs.getInt(2), rs.getString(3),
            rs.getString(4), rs.getBytes(5)))
        .optional();
  }

  void complete(String caller, String key, int status, String contentType, String location,
      byte[] body) {
    jdbc.sql("""
        update platform.idempotency_key
           set status = :status, content_type = :type, location = :location, body = :body
         where caller = :caller and key = :key
        """)
        .param("status", status).param("type", contentType).param("location", location)
        .param("body", body).param("caller", caller).param("key", key)
        .update();
  }

  int deleteOlderThan(Duration age) {
    return jdbc.sql("delete from platform.idempotency_key where created_at < :cutoff")
        .param("cutoff", java.sql.Timestamp.from(Instant.now(clock).minus(age)))
        .update();
  }
}
