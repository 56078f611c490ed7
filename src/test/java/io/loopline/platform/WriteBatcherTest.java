package io.loopline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loopline.platform.batch.WriteBatcher;
import io.loopline.platform.batch.WriteBatcher.Outcome;
import io.loopline.support.LooplineTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write batcher on a real database: shared commits, split on failure, keys kept apart, lanes
 * that take what waits.
 */
class WriteBatcherTest extends LooplineTest {

  @Autowired
  TransactionTemplate transactions;

  @Autowired
  JdbcClient jdbc;

  @Test
  void a_failing_batch_is_written_again_call_by_call_so_only_its_own_caller_fails()
      throws Exception {
    jdbc.sql("create table if not exists public.write_batcher_probe (item text primary key)")
        .update();
    jdbc.sql("truncate public.write_batcher_probe").update();
    Gate gate = new Gate("first");
    List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    WriteBatcher<String, String> batcher = new WriteBatcher<>("probe", 1, 64, transactions,
        item -> List.of(item.split("#")[0]), items -> {
          gate.pass(items);
          batches.add(items);
          for (String item : items) {
            if (!item.equals("refused")) {
              jdbc.sql("insert into public.write_batcher_probe values (:i)").param("i", item)
                  .update();
            }
          }
          if (items.contains("bad")) {
            throw new IllegalArgumentException("bad item");
          }
          return items.stream().map(i -> i.equals("refused")
              ? Outcome.<String>failed(new IllegalStateException("refused"))
              : Outcome.of(i.toUpperCase())).toList();
        });
    ExecutorService pool = Executors.newFixedThreadPool(16);
    Future<String> first = pool.submit(() -> batcher.submit("first"));
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    List<String> items = new ArrayList<>(List.of("bad", "refused", "dup#1", "dup#2"));
    for (int i = 0; i < 10; i++) {
      items.add("ok" + i);
    }
    List<Future<String>> answers = new ArrayList<>();
    for (String item : items) {
      answers.add(pool.submit(() -> batcher.submit(item)));
    }
    Thread.sleep(500);  // let them queue behind the held batch, so they form one batch
    gate.open.countDown();

    assertThat(first.get()).isEqualTo("FIRST");
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      Future<String> answer = answers.get(i);
      if (item.equals("bad")) {
        assertThatThrownBy(answer::get).hasCauseInstanceOf(IllegalArgumentException.class);
      } else if (item.equals("refused")) {
        assertThatThrownBy(answer::get).hasCauseInstanceOf(IllegalStateException.class)
            .hasMessageContaining("refused");
      } else {
        assertThat(answer.get()).isEqualTo(item.toUpperCase());
      }
    }
    pool.shutdown();
    batcher.close();

    assertThat(batches.stream().anyMatch(b -> b.size() > 1 && b.contains("bad")))
        .as("the failing batch held several calls: %s", batches).isTrue();
    assertThat(batches).noneMatch(b -> b.contains("dup#1") && b.contains("dup#2"));
    List<String> written = jdbc.sql("select item from public.write_batcher_probe order by item")
        .query(String.class).list();
    List<String> expected = new ArrayList<>(items);
    expected.removeAll(List.of("bad", "refused"));
    expected.add("first");
    assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void a_free_lane_takes_what_waits_while_another_lane_writes_but_never_a_key_being_written()
      throws Exception {
    Gate gate = new Gate("held#1");
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    WriteBatcher<String, String> batcher = new WriteBatcher<>("lanes", 2, 64, transactions,
        item -> List.of(item.split("#")[0]), items -> {
          gate.pass(items);
          written.addAll(items);
          return items.stream().map(Outcome::of).toList();
        });
    ExecutorService pool = Executors.newFixedThreadPool(16);
    Future<String> held = pool.submit(() -> batcher.submit("held#1"));
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    Future<String> sameKey = pool.submit(() -> batcher.submit("held#2"));
    List<Future<String>> others = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String item = "other" + i;
      others.add(pool.submit(() -> batcher.submit(item)));
    }

    // every other key is written by the free lane while the first lane is held
    for (Future<String> other : others) {
      assertThat(other.get(10, TimeUnit.SECONDS)).startsWith("other");
    }
    Thread.sleep(200);
    assertThat(sameKey).isNotDone();
    assertThat(written).doesNotContain("held#2");
    gate.open.countDown();
    assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("held#1");
    assertThat(sameKey.get(10, TimeUnit.SECONDS)).isEqualTo("held#2");
    assertThat(written.indexOf("held#2")).isGreaterThan(written.indexOf("held#1"));
    pool.shutdown();
    batcher.close();
  }

  /** Holds the batch with one item until opened, and says when that batch has arrived. */
  private static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);
    private final String item;

    Gate(String item) {
      this.item = item;
    }

    void pass(List<String> batch) {
      if (!batch.contains(item)) {
        return;
      }
      entered.countDown();
      try {
        open.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
