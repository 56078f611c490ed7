package io.loopline.loyalty;

import io.loopline.loyalty.Earnings.Purchase;
import io.loopline.platform.Actor;
import io.loopline.platform.batch.WriteBatcher;
import io.loopline.platform.batch.WriteBatcher.Outcome;
import io.loopline.platform.idempotency.IdempotencyMismatch;
import io.loopline.platform.idempotency.IdempotentCall;
import io.loopline.platform.idempotency.IdempotentCall.Claim;
import io.loopline.platform.idempotency.IdempotentCalls;
import io.loopline.platform.idempotency.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The purchase API's way in (PTS-1 at flash-crowd volume): concurrent purchases are written
 * together, one transaction and one commit for all that arrived meanwhile, with multi-row
 * statements ({@link WriteBatcher}). Each call keeps what the idempotency filter promises for
 * any other call: its key and answer are stored in the transaction that earns, a retry gets the
 * stored answer, the same key with another request is refused, and a refused call writes
 * nothing. A key is in one batch at most; should a call elsewhere take it (or post the same
 * order) meanwhile, the batch fails to commit and its calls are written again, the late one
 * answered from what the other stored.
 */
@Component
public class PurchaseIntake implements DisposableBean {

  /** The answer to one call: a stored one to replay, or a fresh JSON body with its status. */
  public record Answer(StoredResponse replay, int status, String body) {}

  private record Call(PurchaseEvent event, IdempotentCall call, String actor) {}

  /** The most purchases written in one transaction. */
  private static final int MAX_BATCH = 64;

  private final Earnings earnings;
  private final IdempotentCalls keys;
  private final JsonMapper json;
  private final WriteBatcher<Call, Answer> batcher;
  private final JdbcClient jdbc;

  PurchaseIntake(Earnings earnings, IdempotentCalls keys, JsonMapper json,
      TransactionTemplate transactions, LoyaltySettings settings, JdbcClient jdbc) {
    this.earnings = earnings;
    this.jdbc = jdbc;
    this.keys = keys;
    this.json = json;
    this.batcher = new WriteBatcher<>("earn", settings.earnLanes(), MAX_BATCH, transactions,
        PurchaseIntake::conflictKeys, this::write);
  }

  /**
   * Earns the points of a completed purchase (as {@link Earnings#purchase}), once per order and
   * once per Idempotency-Key, and returns once committed.
   */
  public Answer earn(PurchaseEvent event, IdempotentCall call) {
    Call c = new Call(event, call, Actor.current().label());
    try {
      return batcher.submit(c);
    } catch (DuplicateKeyException e) {
      // another call took its key or its order between finding them free and committing:
      // written again, the call is answered from the other's
      return batcher.submit(c);
    }
  }

  /** One member (so one order, account and cap) and one key per batch. */
  private static List<Object> conflictKeys(Call c) {
    List<Object> keys = new ArrayList<>(List.of(c.event().memberId()));
    if (c.call().key() != null) {
      keys.add(List.of(c.call().caller(), c.call().key()));
    }
    return keys;
  }

  private List<Outcome<Answer>> write(List<Call> calls) {
    // The batch's statements take arrays as long as the batch. PostgreSQL would plan them
    // again for every length it sees (a custom plan per batch, ~10 % of its CPU on this path);
    // one generic plan per statement serves every length.
    jdbc.sql("set local plan_cache_mode = force_generic_plan").update();
    List<Outcome<Purchase>> resolved = earnings.resolve(
        calls.stream().map(Call::event).toList(), calls.stream().map(Call::actor).toList());
    List<Integer> valid = new ArrayList<>();
    Set<Long> members = new HashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      Outcome<Purchase> p = resolved.get(i);
      if (p.failure() == null) {
        valid.add(i);
        if (!members.add(p.value().member().value())) {
          throw new IllegalStateException("two members of one batch were merged into one");
        }
      }
    }
    List<Claim> claims = keys.find(valid.stream().map(i -> calls.get(i).call()).toList());
    List<Integer> fresh = new ArrayList<>();
    List<Outcome<Answer>> answers = new ArrayList<>(resolved.stream()
        .map(p -> p.failure() == null ? null : Outcome.<Answer>failed(p.failure())).toList());
    for (int k = 0; k < valid.size(); k++) {
      Claim claim = claims.get(k);
      int i = valid.get(k);
      if (claim.mismatch()) {
        answers.set(i, Outcome.failed(new IdempotencyMismatch()));
      } else if (claim.replay() != null) {
        answers.set(i, Outcome.of(new Answer(claim.replay(), 0, null)));
      } else {
        fresh.add(i);
      }
    }
    if (fresh.isEmpty()) {
      return answers;
    }
    List<EarningResult> results = earnings.purchaseAll(
        fresh.stream().map(i -> resolved.get(i).value()).toList());
    List<IdempotentCall.Answer> stored = new ArrayList<>();
    for (int k = 0; k < fresh.size(); k++) {
      EarningResult result = results.get(k);
      Answer answer = new Answer(null, result.replayed() ? 200 : 201,
          json.writeValueAsString(result));
      answers.set(fresh.get(k), Outcome.of(answer));
      stored.add(new IdempotentCall.Answer(answer.status(), MediaType.APPLICATION_JSON_VALUE,
          null, answer.body().getBytes(StandardCharsets.UTF_8)));
    }
    keys.store(fresh.stream().map(i -> calls.get(i).call()).toList(), stored);
    return answers;
  }

  @Override
  public void destroy() {
    batcher.close();
  }
}
