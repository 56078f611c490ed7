package io.loopline.platform.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes whose outcome nothing in the transaction reads again (a row appended, an answer
 * stored), held until just before the transaction commits and then sent together as one
 * multi-statement call: one round trip to the database for all of them. A failing write fails
 * the commit, so the transaction rolls back as if it had been sent at once. Outside a
 * transaction a write is sent at once.
 */
@Component
public class DeferredWrites {

  private record Write(String sql, Object[] args) {}

  private final JdbcTemplate jdbc;

  DeferredWrites(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Sends the statement (no result rows; named parameters) before the current transaction
   * commits, together with the others deferred in it.
   */
  public void add(String sql, Map<String, ?> params) {
    ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
    MapSqlParameterSource source = new MapSqlParameterSource(params);
    Write write = new Write(NamedParameterUtils.substituteNamedParameters(parsed, source),
        NamedParameterUtils.buildValueArray(parsed, source, null));
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      jdbc.update(write.sql(), write.args());
      return;
    }
    @SuppressWarnings("unchecked")
    List<Write> pending = (List<Write>) TransactionSynchronizationManager.getResource(this);
    if (pending == null) {
      List<Write> writes = new ArrayList<>();
      TransactionSynchronizationManager.bindResource(this, writes);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public int getOrder() {
          return HIGHEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
          send(writes);
        }

        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResource(DeferredWrites.this);
        }
      });
      pending = writes;
    }
    pending.add(write);
  }

  /** The writes as one call: the statements joined, their arguments in the same order. */
  private void send(List<Write> writes) {
    if (writes.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder();
    List<Object> args = new ArrayList<>();
    for (Write w : writes) {
      sql.append(w.sql()).append(";\n");
      args.addAll(Arrays.asList(w.args()));
    }
    writes.clear();
    jdbc.update(sql.toString(), args.toArray());
  }
}
