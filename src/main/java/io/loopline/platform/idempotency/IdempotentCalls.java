package io.loopline.platform.idempotency;

import io.loopline.platform.db.DeferredWrites;
import io.loopline.platform.idempotency.IdempotentCall.Answer;
import io.loopline.platform.idempotency.IdempotentCall.Claim;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The table of used Idempotency-Keys, in the caller's transaction, with one statement per step
 * whatever the number of calls: the filter claims a call's key before the call runs and completes
 * it with the answer; a {@link CoalescedRoute}'s batch finds its keys and stores the fresh ones
 * with their answers. Keys within one call list must be distinct.
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

  /**
   * Claims a call's key before the call runs: fresh when it was free (or the call has none),
   * else what the call that took it stored. A call holding the key uncommitted makes this wait.
   */
  public Claim claim(IdempotentCall call) {
    if (call.key() == null) {
      return Claim.FRESH;
    }
    int claimed = jdbc.sql("""
        insert into platform.idempotency_key (caller, key, request_hash, created_at)
        values (:caller, :key, :hash, :now) on conflict do nothing
        """)
        .param("caller", call.caller()).param("key", call.key())
        .param("hash", call.requestHash()).param("now", Timestamp.from(clock.instant()))
        .update();
    if (claimed == 1) {
      return Claim.FRESH;
    }
    Map<List<String>, StoredResponse> stored = stored(List.of(call));
    if (stored.isEmpty()) {
      throw new IllegalStateException("claimed key vanished");
    }
    return claims(List.of(call), stored).get(0);
  }

  /**
   * The claims of calls as {@link #claim} makes them, but without writing: for a batch that
   * keeps the calls of one key apart itself and writes each fresh call's key with its answer
   * ({@link #store}).
   */
  public List<Claim> find(List<IdempotentCall> calls) {
    return claims(calls, stored(calls.stream().filter(c -> c.key() != null).toList()));
  }

  /**
   * Writes the keys of calls that {@link #find} found fresh, with their answers, just before
   * the transaction commits. Should another call have taken one of the keys meanwhile, the
   * commit fails on the duplicate key and the transaction rolls back, so that the call can be
   * found again and answered from the other's stored answer.
   */
  public void store(List<IdempotentCall> calls, List<Answer> answers) {
    List<Integer> keyed = keyed(calls);
    if (keyed.isEmpty()) {
      return;
    }
    writes.add("""
        insert into platform.idempotency_key (caller, key, request_hash, created_at, status,
               content_type, location, body)
        select c, k, h, :now, s, t, l, b
          from unnest(:callers, :keys, :hashes, :statuses, :types, :locations, :bodies)
               as u(c, k, h, s, t, l, b)
        """, withAnswers(calls, answers, keyed, Map.of(
        "hashes", keyed.stream().map(i -> calls.get(i).requestHash()).toArray(String[]::new),
        "now", Timestamp.from(clock.instant()))));
  }

  /** The stored answers of keyed calls that have one. */
  private Map<List<String>, StoredResponse> stored(List<IdempotentCall> keyed) {
    Map<List<String>, StoredResponse> stored = new HashMap<>();
    if (keyed.isEmpty()) {
      return stored;
    }
    jdbc.sql("""
        select k.caller, k.key, k.request_hash, k.status, k.content_type, k.location, k.body
          from platform.idempotency_key k
          join unnest(:callers, :keys) as u(c, k) on k.caller = u.c and k.key = u.k
        """)
        .param("callers", keyed.stream().map(IdempotentCall::caller).toArray(String[]::new))
        .param("keys", keyed.stream().map(IdempotentCall::key).toArray(String[]::new))
        .query((rs, n) -> stored.put(List.of(rs.getString(1), rs.getString(2)),
            new StoredResponse(rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), rs.getBytes(7))))
        .list();
    return stored;
  }

  /** Each call's claim: fresh, unless its key has a stored answer (a replay or a mismatch). */
  private static List<Claim> claims(List<IdempotentCall> calls,
      Map<List<String>, StoredResponse> stored) {
    List<Claim> claims = new ArrayList<>();
    for (IdempotentCall call : calls) {
      StoredResponse found = call.key() == null ? null
          : stored.get(List.of(call.caller(), call.key()));
      claims.add(found == null ? Claim.FRESH
          : new Claim(found, !found.requestHash().equals(call.requestHash())));
    }
    return claims;
  }

  /**
   * Stores the answers of freshly claimed calls (calls without a key are skipped), just before
   * the transaction commits, with its other {@link DeferredWrites}.
   */
  public void complete(List<IdempotentCall> calls, List<Answer> answers) {
    List<Integer> keyed = keyed(calls);
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
        """, withAnswers(calls, answers, keyed, Map.of()));
  }

  /** The positions of the calls that have a key. */
  private static List<Integer> keyed(List<IdempotentCall> calls) {
    List<Integer> keyed = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).key() != null) {
        keyed.add(i);
      }
    }
    return keyed;
  }

  /** The parameters of the keyed calls and their answers, and {@code more}. */
  private static Map<String, Object> withAnswers(List<IdempotentCall> calls, List<Answer> answers,
      List<Integer> keyed, Map<String, Object> more) {
    Map<String, Object> params = new HashMap<>(more);
    params.put("callers", keyed.stream().map(i -> calls.get(i).caller()).toArray(String[]::new));
    params.put("keys", keyed.stream().map(i -> calls.get(i).key()).toArray(String[]::new));
    params.put("statuses", keyed.stream().map(i -> answers.get(i).status())
        .toArray(Integer[]::new));
    params.put("types", keyed.stream().map(i -> answers.get(i).contentType())
        .toArray(String[]::new));
    params.put("locations", keyed.stream().map(i -> answers.get(i).location())
        .toArray(String[]::new));
    params.put("bodies", keyed.stream().map(i -> answers.get(i).body()).toArray(byte[][]::new));
    return params;
  }

  int deleteOlderThan(Duration age) {
    return jdbc.sql("delete from platform.idempotency_key where created_at < :cutoff")
        .param("cutoff", Timestamp.from(clock.instant().minus(age)))
        .update();
  }
}
