package io.loopline.loyalty;

import io.loopline.platform.db.BeforeCommit;
import io.loopline.platform.db.DeferredWrites;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What members earned, spent and visited per day (TIER-1), so that qualifying for a tier reads a
 * member's days in the window instead of their whole history. Points count EARN entries and the
 * reversals of refunds, on the day they were posted; spend and visits count orders on the day
 * they were made, less their refunds (an order refunded in full is no visit). The writes that
 * change them add to the transaction's changes, sent together just before it commits.
 */
@Component
class TierProgress implements SmartInitializingSingleton {

  /** Added to a member's day. */
  record Change(long member, Instant at, long points, long spendFen, int visits) {}

  private final JdbcClient jdbc;
  private final DeferredWrites writes;
  private final TransactionTemplate transactions;
  private final ZoneId zone;

  TierProgress(JdbcClient jdbc, DeferredWrites writes, TransactionTemplate transactions,
      LoyaltySettings settings) {
    this.jdbc = jdbc;
    this.writes = writes;
    this.transactions = transactions;
    this.zone = settings.zone();
  }

  /** The programme's day of an instant: where its progress counts. */
  LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, zone);
  }

  /** A member's day; in member and day order, the order concurrent writers lock rows in. */
  private record Day(long member, LocalDate day) implements Comparable<Day> {
    @Override
    public int compareTo(Day other) {
      int byMember = Long.compare(member, other.member);
      return byMember != 0 ? byMember : day.compareTo(other.day);
    }
  }

  /** Adds to members' days before the transaction commits (at once outside one). */
  void add(List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    TreeMap<Day, long[]> pending = BeforeCommit.buffer(this, TreeMap::new, this::write,
        DeferredWrites.ORDER - 1);
    TreeMap<Day, long[]> sums = pending == null ? new TreeMap<>() : pending;
    for (Change c : changes) {
      long[] sum = sums.computeIfAbsent(new Day(c.member(), day(c.at())), k -> new long[3]);
      sum[0] += c.points();
      sum[1] += c.spendFen();
      sum[2] += c.visits();
    }
    if (pending == null) {
      write(sums);
    }
  }

  private void write(TreeMap<Day, long[]> sums) {
    List<Map.Entry<Day, long[]>> rows = new ArrayList<>(sums.entrySet());
    writes.add("""
        insert into loyalty.tier_progress as p (member_id, day, points, spend_fen, visits)
        select m, cast(d as date), n, s, v from unnest(:members, :days, :points, :spends, :visits)
               as u(m, d, n, s, v)
        on conflict (member_id, day) do update
           set points = p.points + excluded.points, spend_fen = p.spend_fen + excluded.spend_fen,
               visits = p.visits + excluded.visits
        """, Map.of(
        "members", rows.stream().map(r -> r.getKey().member()).toArray(Long[]::new),
        "days", rows.stream().map(r -> r.getKey().day().toString()).toArray(String[]::new),
        "points", rows.stream().map(r -> r.getValue()[0]).toArray(Long[]::new),
        "spends", rows.stream().map(r -> r.getValue()[1]).toArray(Long[]::new),
        "visits", rows.stream().map(r -> (int) r.getValue()[2]).toArray(Integer[]::new)));
  }

  /**
   * Each member's points, spend and visits on the days from each start day on (the start day
   * included), in one statement, by start day and member.
   */
  Map<LocalDate, Map<Long, TierStatus.Progress>> since(List<Long> members, List<LocalDate> starts) {
    Map<LocalDate, Map<Long, TierStatus.Progress>> progress = new HashMap<>();
    starts.forEach(s -> progress.put(s, new HashMap<>()));
    jdbc.sql("""
        select w.i, u.m, coalesce(sum(p.points), 0), coalesce(sum(p.spend_fen), 0),
               coalesce(sum(p.visits), 0)
          from unnest(:members) as u(m)
         cross join unnest(cast(:starts as date[])) with ordinality as w(f, i)
          left join loyalty.tier_progress p on p.member_id = u.m and p.day >= w.f
         group by w.i, u.m
        """)
        .param("members", members.toArray(Long[]::new))
        .param("starts", starts.stream().map(LocalDate::toString).toArray(String[]::new))
        .query((rs, n) -> progress.get(starts.get(rs.getInt(1) - 1)).put(rs.getLong(2),
            new TierStatus.Progress(rs.getLong(3), rs.getLong(4), rs.getLong(5))))
        .list();
    return progress;
  }

  /** Members' days as the ledger and the orders have them (the programme's zone in :zone). */
  private static final String FROM_HISTORY = """
      select member_id, day, sum(points), sum(spend), sum(visits)
        from (select member_id, cast(at at time zone :zone as date) as day, points, 0 as spend,
                     0 as visits
                from loyalty.points_entry
               where kind = 'EARN' or kind = 'REVERSE' and cause_type = 'REFUND'
              union all
              select member_id, cast(at at time zone :zone as date), 0, amount - refunded,
                     case when amount > refunded then 1 else 0 end
                from loyalty.purchase) c
       group by member_id, day
      """;

  /**
   * Builds the days from the ledger and the orders when they were built in another time zone (or
   * never): at the first start, and after the programme's zone changed. Writers wait meanwhile.
   */
  @Override
  public void afterSingletonsInstantiated() {
    transactions.executeWithoutResult(tx -> {
      jdbc.sql("lock table loyalty.tier_progress_zone in exclusive mode").update();
      List<String> built = jdbc.sql("select zone from loyalty.tier_progress_zone")
          .query(String.class).list();
      if (built.equals(List.of(zone.getId()))) {
        return;
      }
      jdbc.sql("lock table loyalty.tier_progress in exclusive mode").update();
      jdbc.sql("delete from loyalty.tier_progress").update();
      jdbc.sql("insert into loyalty.tier_progress (member_id, day, points, spend_fen, visits) "
          + FROM_HISTORY).param("zone", zone.getId()).update();
      jdbc.sql("delete from loyalty.tier_progress_zone").update();
      jdbc.sql("insert into loyalty.tier_progress_zone (zone) values (:z)")
          .param("z", zone.getId()).update();
    });
  }
}
