package io.loopline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loopline.platform.db.DeferredWrites;
import io.loopline.support.LooplineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Deferred writes on a real database: sent together at commit, all or nothing. */
class DeferredWritesTest extends LooplineTest {

  @Autowired
  DeferredWrites writes;

  @Autowired
  TransactionTemplate transactions;

  @Autowired
  JdbcClient jdbc;

  @BeforeEach
  void probe() {
    jdbc.sql("create table if not exists public.deferred_probe (item text primary key, n int)")
        .update();
    jdbc.sql("truncate public.deferred_probe").update();
  }

  @Test
  void deferred_writes_land_together_when_the_transaction_commits() {
    transactions.executeWithoutResult(tx -> {
      writes.add("insert into public.deferred_probe select i, 1 from unnest(:items) as u(i)",
          Map.of("items", new String[] {"a", "b"}));
      writes.add("update public.deferred_probe set n = n + :n where item = any(:items)",
          Map.of("n", 10, "items", new String[] {"b"}));
      assertThat(items()).as("nothing is sent before the commit").isEmpty();
    });
    assertThat(jdbc.sql("select item || n from public.deferred_probe order by item")
        .query(String.class).list()).containsExactly("a1", "b11");
  }

  @Test
  void a_failing_deferred_write_rolls_back_the_whole_transaction() {
    assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
      jdbc.sql("insert into public.deferred_probe values ('sent-at-once', 0)").update();
      writes.add("insert into public.deferred_probe values (:i, 0)", Map.of("i", "dup"));
      writes.add("insert into public.deferred_probe values (:i, 0)", Map.of("i", "dup"));
    })).isInstanceOf(DataAccessException.class);
    assertThat(items()).isEmpty();
  }

  @Test
  void a_write_deferred_by_work_that_runs_after_the_flush_is_sent_at_once() {
    transactions.executeWithoutResult(tx -> {
      writes.add("insert into public.deferred_probe values (:i, 0)", Map.of("i", "early"));
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public int getOrder() {
          return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
          writes.add("insert into public.deferred_probe values (:i, 0)", Map.of("i", "late"));
        }
      });
    });
    assertThat(items()).containsExactly("early", "late");
  }

  @Test
  void outside_a_transaction_a_write_is_sent_at_once() {
    writes.add("insert into public.deferred_probe values (:i, 0)", Map.of("i", "now"));
    assertThat(items()).containsExactly("now");
  }

  private List<String> items() {
    return jdbc.sql("select item from public.deferred_probe order by item").query(String.class)
        .list();
  }
}
