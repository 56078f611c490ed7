package io.loopline.platform.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.stereotype.Component;

/**
 * Writes whose outcome nothing in the transaction reads again (a row appended, an answer
 * stored), held until just before the transaction commits and then sent together as one
 * multi-statement call: one round trip to the database for all of them. A failing write fails
 * the commit, so the transaction rolls back as if it had been sent at once. Outside a
 * transaction a write is sent at once.
 */
@Component
public class DeferredWrites {

  /**
   * Where the writes run among the work done before commit ({@link BeforeCommit}): first, but
   * after buffers with a lower order, which may defer their own writes as they flush.
   */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1_000;

  private record Write(String sql, Object[] args) {}

  private final JdbcTemplate jdbc;
  /** The statements are the callers' constants: each is parsed once. */
  private final Map<String, ParsedSql> parsedSql = new ConcurrentHashMap<>();

  DeferredWrites(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Sends the statement (no result rows; named parameters) before the current transaction
   * commits, together with the others deferred in it.
   */
  public void add(String sql, Map<String, ?> params) {
    ParsedSql parsed = parsedSql.computeIfAbsent(sql, NamedParameterUtils::parseSqlStatement);
    MapSqlParameterSource source = new MapSqlParameterSource(params);
    Write write = new Write(NamedParameterUtils.substituteNamedParameters(parsed, source),
        NamedParameterUtils.buildValueArray(parsed, source, null));
    List<Write> pending = BeforeCommit.buffer(this, ArrayList::new, this::send, ORDER);
    if (pending == null) {
      jdbc.update(write.sql(), write.args());
    } else {
      pending.add(write);
    }
  }

  /** The writes as one call: the statements joined, their arguments in the same order. */
  private void send(List<Write> writes) {
    StringBuilder sql = new StringBuilder();
    List<Object> args = new ArrayList<>();
    for (Write w : writes) {
      sql.append(w.sql()).append(";\n");
      args.addAll(Arrays.asList(w.args()));
    }
    jdbc.update(sql.toString(), args.toArray());
  }
}
