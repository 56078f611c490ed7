package io.loopline.loyalty;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-member caps of a rule per day, week, month and lifetime, counted in one row per member and
 * rule (the day, week and month it counts, and the points given in each and in all). A grant
 * decides and counts in one statement under the row's lock, so concurrent events can never pass
 * a cap together. An event dated before the period a row counts is counted in that later period
 * (never past a cap, at worst short of one).
 */
@Component
class RuleCaps {

  private final JdbcClient jdbc;

  RuleCaps(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Points a rule wants to grant a member for an event on {@code day} (at the venue). */
  record Wanted(long member, EarningRule rule, long points, LocalDate day) {}

  /**
   * How many of {@code wanted} points the caps allow; counted when {@code take}, only read when
   * simulating.
   */
  long allow(long member, EarningRule rule, long wanted, LocalDate day, boolean take) {
    return allowAll(List.of(new Wanted(member, rule, wanted, day)), take).get(0);
  }

  /**
   * {@link #allow} for many grants, in the order given, with one statement (one more for each
   * time a member's rule comes again); counter rows are locked in one order, so concurrent
   * batches cannot deadlock on them.
   */
  List<Long> allowAll(List<Wanted> wanted, boolean take) {
    List<Long> granted = new ArrayList<>();
    List<List<Integer>> rounds = new ArrayList<>();
    Map<List<Object>, Integer> seen = new HashMap<>();
    for (int i = 0; i < wanted.size(); i++) {
      Wanted w = wanted.get(i);
      granted.add(perOrder(w));
      if (granted.get(i) > 0 && counted(w.rule().caps())) {
        int round = seen.merge(List.of(w.member(), w.rule().code()), 1, Integer::sum) - 1;
        if (round == rounds.size()) {
          rounds.add(new ArrayList<>());
        }
        rounds.get(round).add(i);
      }
    }
    for (List<Integer> round : rounds) {
      List<Wanted> grants = round.stream().map(wanted::get).toList();
      List<Long> points = round.stream().map(granted::get).toList();
      List<Long> allowed = take ? take(grants, points) : read(grants, points);
      for (int k = 0; k < round.size(); k++) {
        granted.set(round.get(k), allowed.get(k));
      }
    }
    return granted;
  }

  /**
   * Counts the grants ({@code points} wanted each, within the order cap) in their rows
   * (created when missing): what each was allowed.
   */
  private List<Long> take(List<Wanted> grants, List<Long> points) {
    return allowed(grants, points, """
        insert into loyalty.rule_counter as c (member_id, rule_code, day_key, day_points,
               week_key, week_points, month_key, month_points, lifetime_points, wanted, granted,
               day_cap, week_cap, month_cap, lifetime_cap)
        select member_id, rule_code, day_key, g, week_key, g, month_key, g, g, wanted, g,
               day_cap, week_cap, month_cap, lifetime_cap
          from (select u.*, greatest(0, least(wanted, day_cap, week_cap, month_cap,
                       lifetime_cap)) as g
                  from {source}) s
         order by member_id, rule_code
        on conflict (member_id, rule_code) do update
           set granted = {grant},
               day_key = greatest(c.day_key, excluded.day_key),
               day_points = {usedDay} + {grant},
               week_key = greatest(c.week_key, excluded.week_key),
               week_points = {usedWeek} + {grant},
               month_key = greatest(c.month_key, excluded.month_key),
               month_points = {usedMonth} + {grant},
               lifetime_points = c.lifetime_points + {grant},
               wanted = excluded.wanted, day_cap = excluded.day_cap,
               week_cap = excluded.week_cap, month_cap = excluded.month_cap,
               lifetime_cap = excluded.lifetime_cap
        returning member_id, rule_code, granted
        """.replace("{source}", SOURCE).replace("{grant}", grant("excluded"))
        .replace("{usedDay}", used("excluded", "day"))
        .replace("{usedWeek}", used("excluded", "week"))
        .replace("{usedMonth}", used("excluded", "month")));
  }

  /** What the grants would be allowed now, without writing. */
  private List<Long> read(List<Wanted> grants, List<Long> points) {
    return allowed(grants, points, """
        select u.member_id, u.rule_code, {grant} from {source}
          left join loyalty.rule_counter c
            on c.member_id = u.member_id and c.rule_code = u.rule_code
        """.replace("{source}", SOURCE).replace("{grant}", grant("u")));
  }

  /** Runs a statement over the grants' rows that answers (member, rule, allowed): in order. */
  private List<Long> allowed(List<Wanted> grants, List<Long> points, String sql) {
    Map<List<Object>, Long> allowed = new HashMap<>();
    jdbc.sql(sql).params(source(grants, points))
        .query((rs, n) -> allowed.put(List.of(rs.getLong(1), rs.getString(2)), rs.getLong(3)))
        .list();
    return grants.stream().map(w -> allowed.get(List.<Object>of(w.member(), w.rule().code())))
        .toList();
  }

  /** The grants as rows: member, rule, points wanted (within the order cap), keys and caps. */
  private static final String SOURCE = "unnest(:members, :rules, :wanted, :days, :weeks,"
      + " :months, :dayCaps, :weekCaps, :monthCaps, :lifetimeCaps) as u(member_id, rule_code,"
      + " wanted, day_key, week_key, month_key, day_cap, week_cap, month_cap, lifetime_cap)";

  private static Map<String, Object> source(List<Wanted> grants, List<Long> points) {
    return Map.of(
        "members", grants.stream().map(Wanted::member).toArray(Long[]::new),
        "rules", grants.stream().map(w -> w.rule().code()).toArray(String[]::new),
        "wanted", points.toArray(Long[]::new),
        "days", grants.stream().map(w -> dayKey(w.day())).toArray(String[]::new),
        "weeks", grants.stream().map(w -> weekKey(w.day())).toArray(String[]::new),
        "months", grants.stream().map(w -> monthKey(w.day())).toArray(String[]::new),
        "dayCaps", grants.stream().map(w -> w.rule().caps().perDay()).toArray(Long[]::new),
        "weekCaps", grants.stream().map(w -> w.rule().caps().perWeek()).toArray(Long[]::new),
        "monthCaps", grants.stream().map(w -> w.rule().caps().perMonth()).toArray(Long[]::new),
        "lifetimeCaps", grants.stream().map(w -> w.rule().caps().lifetime())
            .toArray(Long[]::new));
  }

  /**
   * The grant of a row of {@code source} against its counter row {@code c} (none: nothing
   * used): the points wanted, within what each cap leaves (no cap leaves all, as least()
   * passes over nulls), never below zero.
   */
  private static String grant(String source) {
    return ("greatest(0, least(%1$s.wanted, %1$s.day_cap - %2$s, %1$s.week_cap - %3$s,"
        + " %1$s.month_cap - %4$s, %1$s.lifetime_cap - coalesce(c.lifetime_points, 0)))")
        .formatted(source, used(source, "day"), used(source, "week"), used(source, "month"));
  }

  /**
   * What the counter row holds for the period of the grant (nothing once it is past); keys
   * compare byte-wise, as their columns do.
   */
  private static String used(String source, String period) {
    return ("(case when %1$s.%2$s_key collate \"C\" > coalesce(c.%2$s_key, '') then 0"
        + " else coalesce(c.%2$s_points, 0) end)").formatted(source, period);
  }

  /**
   * Gives points a refund took back to the rule's counters of the purchase's day (those still
   * counting its day, week or month, and the lifetime), so that the member can earn them again
   * within the caps; a counter never goes below zero.
   */
  void giveBack(long member, EarningRule rule, LocalDate day, long points) {
    if (!counted(rule.caps())) {
      return;
    }
    jdbc.sql("""
        update loyalty.rule_counter
           set day_points = case when day_key = :d then greatest(day_points - :n, 0)
                            else day_points end,
               week_points = case when week_key = :w then greatest(week_points - :n, 0)
                             else week_points end,
               month_points = case when month_key = :mo then greatest(month_points - :n, 0)
                              else month_points end,
               lifetime_points = greatest(lifetime_points - :n, 0)
         where member_id = :m and rule_code = :r
        """)
        .param("n", points).param("m", member).param("r", rule.code())
        .param("d", dayKey(day)).param("w", weekKey(day)).param("mo", monthKey(day)).update();
  }

  private static long perOrder(Wanted w) {
    Long perOrder = w.rule().caps().perOrder();
    return perOrder == null ? w.points() : Math.min(w.points(), perOrder);
  }

  /** Whether a rule has caps over a period, so its grants are counted. */
  private static boolean counted(EarningRule.Caps caps) {
    return caps.perDay() != null || caps.perWeek() != null || caps.perMonth() != null
        || caps.lifetime() != null;
  }

  private static String dayKey(LocalDate day) {
    return day.toString();
  }

  private static String weekKey(LocalDate day) {
    return "%d-W%02d".formatted(day.get(IsoFields.WEEK_BASED_YEAR),
        day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private static String monthKey(LocalDate day) {
    return "%d-%02d".formatted(day.getYear(), day.getMonthValue());
  }
}
