package io.loopline.loyalty;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-member caps of a rule per day, week, month and lifetime: one counter row per period,
 * locked while a grant is decided, so concurrent events can never pass a cap together.
 */
@Component
class RuleCaps {

  private final JdbcClient jdbc;

  RuleCaps(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Points a rule wants to grant a member for an event on {@code day} (at the venue). */
  record Wanted(long member, EarningRule rule, long points, LocalDate day) {}

  private record Counter(long member, String rule, String period) {}

  /**
   * How many of {@code wanted} points the caps allow; counted when {@code take}, only read when
   * simulating.
   */
  long allow(long member, EarningRule rule, long wanted, LocalDate day, boolean take) {
    return allowAll(List.of(new Wanted(member, rule, wanted, day)), take).get(0);
  }

  /**
   * {@link #allow} for many grants with one statement per step: the counters are locked in one
   * order (so concurrent batches cannot deadlock on them), then granted in the order given.
   */
  List<Long> allowAll(List<Wanted> wanted, boolean take) {
    Map<Counter, Long> caps = new LinkedHashMap<>();
    for (Wanted w : wanted) {
      if (perOrder(w) > 0) {
        counters(w).forEach(caps::put);
      }
    }
    Map<Counter, Long> used = caps.isEmpty() ? Map.of() : used(new ArrayList<>(caps.keySet()), take);
    Map<Counter, Long> taken = new LinkedHashMap<>();
    List<Long> granted = new ArrayList<>();
    for (Wanted w : wanted) {
      long grant = perOrder(w);
      Map<Counter, Long> counters = grant == 0 ? Map.of() : counters(w);
      for (Map.Entry<Counter, Long> c : counters.entrySet()) {
        long before = used.getOrDefault(c.getKey(), 0L) + taken.getOrDefault(c.getKey(), 0L);
        grant = Math.max(0, Math.min(grant, c.getValue() - before));
      }
      for (Counter c : counters.keySet()) {
        taken.merge(c, grant, Long::sum);
      }
      granted.add(grant);
    }
    taken.values().removeIf(n -> n == 0);
    if (take && !taken.isEmpty()) {
      List<Counter> keys = new ArrayList<>(taken.keySet());
      jdbc.sql("""
          update loyalty.rule_usage r set points = r.points + u.n
            from unnest(:members, :rules, :periods, :n) as u(m, r, p, n)
           where r.member_id = u.m and r.rule_code = u.r and r.period = u.p
          """)
          .param("members", keys.stream().map(Counter::member).toArray(Long[]::new))
          .param("rules", keys.stream().map(Counter::rule).toArray(String[]::new))
          .param("periods", keys.stream().map(Counter::period).toArray(String[]::new))
          .param("n", keys.stream().map(taken::get).toArray(Long[]::new))
          .update();
    }
    return granted;
  }

  /**
   * What the counters hold now; when taking, each is created if missing and locked, in one
   * statement (the no-op update of a conflict locks the row and returns what it holds).
   */
  private Map<Counter, Long> used(List<Counter> counters, boolean take) {
    Long[] members = counters.stream().map(Counter::member).toArray(Long[]::new);
    String[] rules = counters.stream().map(Counter::rule).toArray(String[]::new);
    String[] periods = counters.stream().map(Counter::period).toArray(String[]::new);
    Map<Counter, Long> used = new HashMap<>();
    jdbc.sql(take ? """
            insert into loyalty.rule_usage (member_id, rule_code, period, points)
            select m, r, p, 0 from unnest(:members, :rules, :periods) as u(m, r, p)
             order by m, r, p
            on conflict (member_id, rule_code, period)
            do update set points = rule_usage.points
            returning member_id, rule_code, period, points
            """ : """
            select r.member_id, r.rule_code, r.period, r.points from loyalty.rule_usage r
              join unnest(:members, :rules, :periods) as u(m, r, p)
                on r.member_id = u.m and r.rule_code = u.r and r.period = u.p
            """)
        .param("members", members).param("rules", rules).param("periods", periods)
        .query((rs, n) -> used.put(new Counter(rs.getLong(1), rs.getString(2), rs.getString(3)),
            rs.getLong(4)))
        .list();
    return used;
  }

  /**
   * Gives points a refund took back to the rule's counters of the purchase's day, so that the
   * member can earn them again within the caps; a counter never goes below zero.
   */
  void giveBack(long member, EarningRule rule, LocalDate day, long points) {
    String[] periods = counters(new Wanted(member, rule, points, day)).keySet().stream()
        .map(Counter::period).toArray(String[]::new);
    if (periods.length > 0) {
      jdbc.sql("""
          update loyalty.rule_usage set points = greatest(points - :n, 0)
           where member_id = :m and rule_code = :r and period = any(:periods)
          """)
          .param("n", points).param("m", member).param("r", rule.code())
          .param("periods", periods).update();
    }
  }

  private static long perOrder(Wanted w) {
    Long perOrder = w.rule().caps().perOrder();
    return perOrder == null ? w.points() : Math.min(w.points(), perOrder);
  }

  /** The rule's counters for the member on that day, each with its cap. */
  private static Map<Counter, Long> counters(Wanted w) {
    EarningRule.Caps caps = w.rule().caps();
    LocalDate day = w.day();
    Map<Counter, Long> counters = new LinkedHashMap<>();
    if (caps.perDay() != null) {
      counters.put(counter(w, "D:" + day), caps.perDay());
    }
    if (caps.perWeek() != null) {
      counters.put(counter(w, "W:" + day.get(IsoFields.WEEK_BASED_YEAR) + "-W"
          + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), caps.perWeek());
    }
    if (caps.perMonth() != null) {
      counters.put(counter(w, "M:" + day.getYear() + "-" + day.getMonthValue()),
          caps.perMonth());
    }
    if (caps.lifetime() != null) {
      counters.put(counter(w, "L"), caps.lifetime());
    }
    return counters;
  }

  private static Counter counter(Wanted w, String period) {
    return new Counter(w.member(), w.rule().code(), period);
  }
}
