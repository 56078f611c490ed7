package io.loopline.loyalty;

import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Points as cash at checkout (PTS-2): a quote says how much of an amount the member's points may
 * pay under the policy; a commit spends them under the order id as part of the order's
 * transaction (the orders ingestion calls this service); releasing the order gives them back to
 * the lots they came from. Commit and release are idempotent per order.
 */
@Service
@Transactional
public class CashOffsets {

  private final JdbcClient jdbc;
  private final PointsLedger ledger;
  private final Members members;
  private final Clock clock;

  CashOffsets(JdbcClient jdbc, PointsLedger ledger, Members members, Clock clock) {
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.members = members;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public OffsetPolicy policy() {
    return jdbc.sql("select points_per_yuan, max_share_percent, min_points"
            + " from loyalty.offset_policy where id = 1")
        .query((rs, n) -> new OffsetPolicy(rs.getInt(1), rs.getInt(2), rs.getLong(3))).single();
  }

  public OffsetPolicy setPolicy(OffsetPolicy policy) {
    jdbc.sql("update loyalty.offset_policy set points_per_yuan = :p, max_share_percent = :s,"
            + " min_points = :min, updated_at = :now where id = 1")
        .param("p", policy.pointsPerYuan()).param("s", policy.maxSharePercent())
        .param("min", policy.minPoints()).param("now", Timestamp.from(clock.instant()))
        .update();
    return policy;
  }

  /** The most the member's points may pay of {@code amountFen}, in whole fen. */
  @Transactional(readOnly = true)
  public OffsetQuote quote(String memberId, long amountFen) {
    if (amountFen <= 0) {
      throw new InvalidInput("amountFen", "must be positive");
    }
    MemberId member = members.current(MemberId.parse(memberId));
    OffsetPolicy policy = policy();
    long balance = ledger.balanceOf(member);
    long byShare = amountFen * policy.maxSharePercent() / 100;
    long byBalance = Math.max(0, balance) * 100 / policy.pointsPerYuan();
    long fen = Math.min(byShare, byBalance);
    long points = pointsFor(fen, policy);
    if (points < policy.minPoints() || fen == 0) {
      return new OffsetQuote(member.toString(), amountFen, balance, 0, 0, policy,
          "at least " + policy.minPoints() + " points are needed to pay with points");
    }
    return new OffsetQuote(member.toString(), amountFen, balance, points, fen, policy, null);
  }

  /**
   * Spends {@code points} to pay part of order {@code orderId} of {@code amountFen}: 400 when
   * they are below the minimum or pay more than the policy's share, 409 when the balance does
   * not cover them; a repeated order id answers the first commit.
   */
  public CashOffset commit(String memberId, String orderId, long points, long amountFen) {
    MemberId member = members.current(MemberId.parse(memberId));
    Optional<CashOffset> earlier = find(member.value(), orderId, true);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    OffsetPolicy policy = policy();
    long fen = points * 100 / policy.pointsPerYuan();
    if (points < policy.minPoints()) {
      throw new InvalidInput("points", "at least " + policy.minPoints() + " points");
    }
    if (fen <= 0 || fen * 100 > amountFen * policy.maxSharePercent()) {
      throw new InvalidInput("points", "points may pay at most " + policy.maxSharePercent()
          + "% of the order");
    }
    ledger.spend(new PointsChange(member.toString(), points, "CASH_OFFSET", orderId,
        "paid " + fen + " fen of order " + orderId, offsetId(orderId), null, null));
    jdbc.sql("""
        insert into loyalty.cash_offset (member_id, order_id, points, offset_fen, amount_fen,
                                         state, at)
        values (:m, :o, :p, :fen, :amount, 'COMMITTED', :now) on conflict do nothing
        """)
        .param("m", member.value()).param("o", orderId).param("p", points).param("fen", fen)
        .param("amount", amountFen).param("now", Timestamp.from(clock.instant())).update();
    return find(member.value(), orderId, false).orElseThrow();
  }

  /**
   * Releases the points an order holds (the order was cancelled): they go back to the lots
   * they came from, once; 404 for an order without points.
   */
  public CashOffset release(String orderId) {
    List<Long> holders = jdbc.sql("select member_id from loyalty.cash_offset where order_id = :o")
        .param("o", orderId).query(Long.class).list();
    if (holders.isEmpty()) {
      throw new NotFound("cash offset of order", orderId);
    }
    if (holders.size() > 1) {
      throw new Conflict("order id " + orderId + " is used by more than one member");
    }
    long member = holders.get(0);
    int released = jdbc.sql("""
        update loyalty.cash_offset set state = 'RELEASED', released_at = :now
         where member_id = :m and order_id = :o and state = 'COMMITTED'
        """)
        .param("now", Timestamp.from(clock.instant())).param("m", member).param("o", orderId)
        .update();
    if (released == 0) {
      return find(member, orderId, true).orElseThrow();
    }
    ledger.reverseSpending(new PointsReversal(new MemberId(member).toString(),
        offsetId(orderId), null, "release-" + orderId, "order " + orderId + " released"));
    return find(member, orderId, false).orElseThrow();
  }

  private Optional<CashOffset> find(long member, String orderId, boolean replayed) {
    long balance = ledger.balanceOf(new MemberId(member));
    return jdbc.sql("select order_id, points, offset_fen, amount_fen, state, at, released_at"
            + " from loyalty.cash_offset where member_id = :m and order_id = :o")
        .param("m", member).param("o", orderId)
        .query((rs, n) -> new CashOffset(new MemberId(member).toString(), rs.getString(1),
            rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), instant(rs, 6),
            instant(rs, 7), balance, replayed))
        .optional();
  }

  private static long pointsFor(long fen, OffsetPolicy policy) {
    return (fen * policy.pointsPerYuan() + 99) / 100;
  }

  private static String offsetId(String orderId) {
    return "offset-" + orderId;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
