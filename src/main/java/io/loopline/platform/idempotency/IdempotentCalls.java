package io.loopline.platform.idempotency;

import io.loopline.platform.db.DeferredWrites;
import io.loopline.platform.idempotency.IdempotentCall.Answer;
import io.loopline.platform.idempotency.IdempotentCall.Claim;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The table of used Idempotency-Keys: claims and completes the keys of calls with one statement
 * per step whatever their number, in the caller's transaction (the filter's, for one call; a
 * {@link CoalescedRoute}'s, for a batch). Keys within one call list must be distinct.
 */
@Component
public class IdempotentCalls {

  private final JdbcClient jdbc;
  private final DeferredWrites writes;
  private final Clock clock;

  IdempotentCalls(JdbcClient jdbc, DeferredWrites writes, Clock clock) {
    this.jdbc = jdbc;
    this.writes = writes;
    this.clock = clock;
  }

  /** One claim per call, in order; a call without a key is always fresh. */
  public List<Claim> claim(List<IdempotentCall> calls) {
    List<IdempotentCall> keyed = calls.stream().filter(c -> c.key() != null).toList();
    Set<List<String>> claimed = new HashSet<>();
    Map<List<String>, StoredResponse> stored = new HashMap<>();
    if (!keyed.isEmpty()) {
      jdbc.sql("""
          insert into platform.idempotency_key (caller, key, request_hash, created_at)
          select c, k, h, :now from unnest(:callers, :keys, :hashes) as u(c, k, h)
          on conflict do nothing returning caller, key
          """)
          .param("callers", keyed.stream().map(IdempotentCall::caller).toArray(String[]::new))
          .param("keys", keyed.stream().map(IdempotentCall::key).toArray(String[]::new))
          .param("hashes", keyed.stream().map(IdempotentCall::requestHash).toArray(String[]::new))
          .param("now", Timestamp.from(clock.instant()))
          .query((rs, n) -> claimed.add(List.of(rs.getString(1), rs.getString(2)))).list();
      List<IdempotentCall> used = keyed.stream()
          .filter(c -> !claimed.contains(List.of(c.caller(), c.key()))).toList();
      if (!used.isEmpty()) {
        jdbc.sql("""
            select k.caller, k.key, k.request_hash, k.status, k.content_type, k.location, k.body
              from platform.idempotency_key k
              join unnest(:callers, :keys) as u(c, k) on k.caller = u.c and k.key = u.k
            """)
            .param("callers", used.stream().map(IdempotentCall::caller).toArray(String[]::new))
            .param("keys", used.stream().map(IdempotentCall::key).toArray(String[]::new))
            .query((rs, n) -> stored.put(List.of(rs.getString(1), rs.getString(2)),
                new StoredResponse(rs.getString(3), rs.getInt(4), rs.getString(5),
                    rs.getString(6), rs.getBytes(7))))
            .list();
      }
    }
    List<Claim> claims = new ArrayList<>();
    for (IdempotentCall call : calls) {
      StoredResponse found = call.key() == null ? null
          : stored.get(List.of(call.caller(), call.key()));
      if (found == null && call.key() != null && !claimed.contains(List.of(call.caller(),
          call.key()))) {
        throw new IllegalStateException("claimed key vanished");
      } else if (found == null) {
        claims.add(Claim.FRESH);
      } else {
        claims.add(new Claim(found, !found.requestHash().equals(call.requestHash())));
      }
    }
    return claims;
  }

  /**
   * Stores the answers of freshly claimed calls (calls without a key are skipped), just before
   * the transaction commits, with its other {@link DeferredWrites}.
   */
  public void complete(List<IdempotentCall> calls, List<Answer> answers) {
    List<Integer> keyed = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).key() != null) {
        keyed.add(i);
      }
    }
    if (keyed.isEmpty()) {
      return;
    }
    writes.add("""
        update platform.idempotency_key k
           set status = u.status, content_type = u.type, location = u.location,
               body = u.body
          from unnest(:callers, :keys, :statuses, :types, :locations, :bodies)
               as u(caller, key, status, type, location, body)
         where k.caller = u.caller and k.key = u.key
        """, Map.of(
        "callers", keyed.stream().map(i -> calls.get(i).caller()).toArray(String[]::new),
        "keys", keyed.stream().map(i -> calls.get(i).key()).toArray(String[]::new),
        "statuses", keyed.stream().map(i -> answers.get(i).status()).toArray(Integer[]::new),
        "types", keyed.stream().map(i -> answers.get(i).contentType()).toArray(String[]::new),
        "locations", keyed.stream().map(i -> answers.get(i).location()).toArray(String[]::new),
        "bodies", keyed.stream().map(i -> answers.get(i).body()).toArray(byte[][]::new)));
  }

  int deleteOlderThan(Duration age) {
    return jdbc.sql("delete from platform.idempotency_key where created_at < :cutoff")
        .param("cutoff", Timestamp.from(clock.instant().minus(age)))
        .update();
  }
}
