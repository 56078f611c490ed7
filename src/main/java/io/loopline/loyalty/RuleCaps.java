package io.loopline.loyalty;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
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

  private record Counter(String period, long cap) {}

  /**
   * How many of {@code wanted} points the caps allow; counted when {@code take}, only read when
   * simulating. {@code day} is the event's day at the venue.
   */
  long allow(long member, EarningRule rule, long wanted, LocalDate day, boolean take) {
    EarningRule.Caps caps = rule.caps();
    long granted = caps.perOrder() == null ? wanted : Math.min(wanted, caps.perOrder());
    List<Counter> counters = counters(caps, day);
    if (counters.isEmpty() || granted == 0) {
      return granted;
    }
    for (Counter c : counters) {
      long used;
      if (take) {
        jdbc.sql("insert into loyalty.rule_usage (member_id, rule_code, period, points)"
                + " values (:m, :r, :p, 0) on conflict do nothing")
            .param("m", member).param("r", rule.code()).param("p", c.period()).update();
        used = jdbc.sql("select points from loyalty.rule_usage where member_id = :m"
                + " and rule_code = :r and period = :p for update")
            .param("m", member).param("r", rule.code()).param("p", c.period())
            .query(Long.class).single();
      } else {
        used = jdbc.sql("select coalesce(max(points), 0) from loyalty.rule_usage"
                + " where member_id = :m and rule_code = :r and period = :p")
            .param("m", member).param("r", rule.code()).param("p", c.period())
            .query(Long.class).single();
      }
      granted = Math.max(0, Math.min(granted, c.cap() - used));
    }
    if (take && granted > 0) {
      jdbc.sql("update loyalty.rule_usage set points = points + :n"
              + " where member_id = :m and rule_code = :r and period in (:periods)")
          .param("n", granted).param("m", member).param("r", rule.code())
          .param("periods", counters.stream().map(Counter::period).toList()).update();
    }
    return granted;
  }

  private static List<Counter> counters(EarningRule.Caps caps, LocalDate day) {
    List<Counter> counters = new ArrayList<>();
    if (caps.perDay() != null) {
      counters.add(new Counter("D:" + day, caps.perDay()));
    }
    if (caps.perWeek() != null) {
      counters.add(new Counter("W:" + day.get(IsoFields.WEEK_BASED_YEAR) + "-W"
          + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), caps.perWeek()));
    }
    if (caps.perMonth() != null) {
      counters.add(new Counter("M:" + day.getYear() + "-" + day.getMonthValue(),
          caps.perMonth()));
    }
    if (caps.lifetime() != null) {
      counters.add(new Counter("L", caps.lifetime()));
    }
    return counters;
  }
}
