package io.loopline.loyalty;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The statements of the points ledger, each keeping the invariant of one account:
 * balance − debt = sum of entries, balance = what is left in the lots. Callers hold the
 * transaction; methods that read-then-write take the account row lock first.
 */
@Component
class LedgerRows {

  static final String ENTRY_COLUMNS =
      "id, kind, points, cause_type, cause_ref, reason, external_id, actor, at";

  private final JdbcClient jdbc;

  LedgerRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new entry, or empty when the member already has one of that kind with that external id. */
  Optional<PointsEntry> insertEntry(long member, String kind, long points, String cause,
      String ref, String reason, String externalId, Long originalId, String actor, Instant at) {
    return jdbc.sql("insert into loyalty.points_entry (member_id, kind, points, cause_type,"
            + " cause_ref, reason, external_id, original_id, actor, at)"
            + " values (:m, :kind, :points, :cause, :ref, :reason, :external, :original, :actor,"
            + " :at) on conflict (member_id, kind, external_id) do nothing returning "
            + ENTRY_COLUMNS)
        .param("m", member).param("kind", kind).param("points", points).param("cause", cause)
        .param("ref", ref).param("reason", reason).param("external", externalId)
        .param("original", originalId).param("actor", actor).param("at", Timestamp.from(at))
        .query(LedgerRows::entry).optional();
  }

  Optional<PointsEntry> byExternalId(long member, String kind, String externalId) {
    return jdbc.sql("select " + ENTRY_COLUMNS + " from loyalty.points_entry"
            + " where member_id = :m and kind = :kind and external_id = :ext")
        .param("m", member).param("kind", kind).param("ext", externalId)
        .query(LedgerRows::entry).optional();
  }

  /** Points already reversed of an entry (a positive number). */
  long reversed(long member, long originalId) {
    return jdbc.sql("select coalesce(abs(sum(points)), 0) from loyalty.points_entry"
            + " where member_id = :m and original_id = :o and kind = 'REVERSE'")
        .param("m", member).param("o", originalId).query(Long.class).single();
  }

  /** Creates the account when missing and locks it: {balance, debt, pending, lifetime}. */
  long[] lockAccount(long member, Instant now) {
    jdbc.sql("insert into loyalty.points_account (member_id, updated_at) values (:m, :now)"
            + " on conflict (member_id) do nothing")
        .param("m", member).param("now", Timestamp.from(now)).update();
    return jdbc.sql("select balance, debt, pending, lifetime_earned from loyalty.points_account"
            + " where member_id = :m for update")
        .param("m", member)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
        .single();
  }

  /**
   * Credits an earning (or a positive adjustment) and opens its lot: an open debt is paid first,
   * so the lot holds what is left. {@code lifetime} is added to the lifetime earned.
   */
  void credit(long member, long entryId, long points, long lifetime, Instant expiresAt,
      Instant now) {
    long debt = jdbc.sql("""
        insert into loyalty.points_account (member_id, balance, lifetime_earned, updated_at)
        values (:m, :n, :life, :now)
        on conflict (member_id) do update
           set balance = points_account.balance + excluded.balance,
               lifetime_earned = points_account.lifetime_earned + excluded.lifetime_earned,
               updated_at = excluded.updated_at
        returning debt
        """)
        .param("m", member).param("n", points).param("life", lifetime)
        .param("now", Timestamp.from(now)).query(Long.class).single();
    long paid = Math.min(debt, points);
    if (paid > 0) {
      jdbc.sql("update loyalty.points_account set balance = balance - :p, debt = debt - :p"
              + " where member_id = :m")
          .param("p", paid).param("m", member).update();
    }
    jdbc.sql("""
        insert into loyalty.points_lot (member_id, entry_id, earned, remaining, expires_at)
        values (:m, :entry, :n, :left, :expires)
        """)
        .param("m", member).param("entry", entryId).param("n", points)
        .param("left", points - paid)
        .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
        .update();
  }

  /** Takes points from the balance; false (nothing changed) when it does not cover them. */
  boolean debit(long member, long entryId, long points, Instant now) {
    int taken = jdbc.sql("update loyalty.points_account set balance = balance - :n,"
            + " updated_at = :now where member_id = :m and balance >= :n")
        .param("m", member).param("n", points).param("now", Timestamp.from(now)).update();
    if (taken == 0) {
      return false;
    }
    consumeLots(member, entryId, points, null);
    return true;
  }

  /**
   * Takes back points of a refunded earning: from its own lot first, then from the other lots
   * nearest-expiry first; what the balance cannot cover becomes debt. The account is locked.
   */
  void clawBack(long member, long entryId, long points, long originalId, long balance,
      Instant now) {
    long taken = Math.min(points, balance);
    jdbc.sql("update loyalty.points_account set balance = balance - :t, debt = debt + :d,"
            + " lifetime_earned = greatest(lifetime_earned - :n, 0), updated_at = :now"
            + " where member_id = :m")
        .param("t", taken).param("d", points - taken).param("n", points)
        .param("now", Timestamp.from(now)).param("m", member).update();
    if (taken > 0) {
      consumeLots(member, entryId, taken, originalId);
    }
  }

  /**
   * Gives back points of a cancelled spending: an open debt is paid first, the rest goes back to
   * the lots the spending took from (an expired lot gets them back and expires them again).
   */
  void giveBack(long member, long entryId, long originalId, long points, long debt, Instant now) {
    long paid = Math.min(debt, points);
    jdbc.sql("update loyalty.points_account set balance = balance + :b, debt = debt - :p,"
            + " updated_at = :now where member_id = :m")
        .param("b", points - paid).param("p", paid).param("now", Timestamp.from(now))
        .param("m", member).update();
    long left = points - paid;
    List<long[]> taken = jdbc.sql("""
        select lot_id, points - returned from loyalty.lot_consumption
         where member_id = :m and entry_id = :e and points > returned order by lot_id
        """)
        .param("m", member).param("e", originalId)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    for (long[] lot : taken) {
      if (left == 0) {
        break;
      }
      long give = Math.min(left, lot[1]);
      jdbc.sql("update loyalty.points_lot set remaining = remaining + :g"
              + " where member_id = :m and id = :lot")
          .param("g", give).param("m", member).param("lot", lot[0]).update();
      jdbc.sql("update loyalty.lot_consumption set returned = returned + :g"
              + " where member_id = :m and entry_id = :e and lot_id = :lot")
          .param("g", give).param("m", member).param("e", originalId).param("lot", lot[0])
          .update();
      left -= give;
    }
    if (left > 0) {
      throw new IllegalStateException("spending " + originalId + " of member " + member
          + " took fewer points from its lots than are given back");
    }
  }

  /**
   * Takes points from the open lots, those of {@code firstEntry} (if any) first, then
   * nearest-expiry first (never-expiring last), recording what was taken from each.
   */
  void consumeLots(long member, long entryId, long points, Long firstEntry) {
    List<long[]> lots = jdbc.sql("""
        select id, remaining from loyalty.points_lot
         where member_id = :m and remaining > 0
         order by entry_id = :first desc, expires_at nulls last, id for update
        """)
        .param("m", member).param("first", firstEntry == null ? -1 : firstEntry)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    long left = points;
    for (long[] lot : lots) {
      if (left == 0) {
        break;
      }
      long take = Math.min(left, lot[1]);
      jdbc.sql("update loyalty.points_lot set remaining = remaining - :take"
              + " where member_id = :m and id = :lot")
          .param("take", take).param("m", member).param("lot", lot[0]).update();
      jdbc.sql("""
          insert into loyalty.lot_consumption (member_id, entry_id, lot_id, points)
          values (:m, :entry, :lot, :take)
          on conflict (member_id, entry_id, lot_id)
          do update set points = lot_consumption.points + excluded.points
          """)
          .param("m", member).param("entry", entryId).param("lot", lot[0]).param("take", take)
          .update();
      left -= take;
    }
    if (left > 0) {
      throw new IllegalStateException("lots of member " + member + " do not cover the balance");
    }
  }

  long balance(long member) {
    return jdbc.sql("select coalesce(max(balance), 0) from loyalty.points_account"
        + " where member_id = :m").param("m", member).query(Long.class).single();
  }

  static PointsEntry entry(ResultSet rs, int n) throws SQLException {
    return new PointsEntry(rs.getLong("id"), rs.getString("kind"), rs.getLong("points"),
        rs.getString("cause_type"), rs.getString("cause_ref"), rs.getString("reason"),
        rs.getString("external_id"), rs.getString("actor"), rs.getTimestamp("at").toInstant());
  }
}
