package io.loopline.loyalty;

import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.platform.Actor;
import io.loopline.platform.Conflict;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger (PTS-3). Every change is an append-only entry with its cause; an earning opens
 * a lot, a spending takes from open lots nearest-expiry first (never-expiring last) and records
 * which. The account row is changed by one conditional statement, so concurrent spendings can
 * never take the balance below zero. An external id makes each earning and spending happen once
 * per member: a repeat answers the first entry.
 */
@Service
@Transactional
public class PointsLedger {

  private final JdbcClient jdbc;
  private final Members members;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  PointsLedger(JdbcClient jdbc, Members members, Clock clock, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.members = members;
    this.clock = clock;
    this.events = events;
  }

  /** Adds points; 404 for an unknown member, the first entry again for a known external id. */
  public PointsPosted earn(PointsChange change) {
    long member = member(change.memberId());
    Instant now = clock.instant();
    Optional<PointsEntry> entry = insertEntry(member, "EARN", change.points(), change, now);
    if (entry.isEmpty()) {
      return replay(member, "EARN", change.externalId());
    }
    jdbc.sql("""
        insert into loyalty.points_account (member_id, balance, lifetime_earned, updated_at)
        values (:m, :n, :n, :now)
        on conflict (member_id) do update
           set balance = points_account.balance + excluded.balance,
               lifetime_earned = points_account.lifetime_earned + excluded.lifetime_earned,
               updated_at = excluded.updated_at
        """)
        .param("m", member).param("n", change.points()).param("now", Timestamp.from(now))
        .update();
    Instant expires = change.expiresInDays() == null ? null
        : now.plus(Duration.ofDays(change.expiresInDays()));
    jdbc.sql("""
        insert into loyalty.points_lot (member_id, entry_id, earned, remaining, expires_at)
        values (:m, :entry, :n, :n, :expires)
        """)
        .param("m", member).param("entry", entry.get().id()).param("n", change.points())
        .param("expires", expires == null ? null : Timestamp.from(expires))
        .update();
    events.publishEvent(new LoyaltyActivity(member));
    return new PointsPosted(entry.get(), balanceOf(member), false);
  }

  /** Takes points; 409 (nothing changed) when the balance does not cover them. */
  public PointsPosted spend(PointsChange change) {
    long member = member(change.memberId());
    Instant now = clock.instant();
    Optional<PointsEntry> entry = insertEntry(member, "SPEND", -change.points(), change, now);
    if (entry.isEmpty()) {
      return replay(member, "SPEND", change.externalId());
    }
    int taken = jdbc.sql("""
        update loyalty.points_account set balance = balance - :n, updated_at = :now
         where member_id = :m and balance >= :n
        """)
        .param("m", member).param("n", change.points()).param("now", Timestamp.from(now))
        .update();
    if (taken == 0) {
      throw new Conflict("balance " + balanceOf(member) + " does not cover " + change.points()
          + " points");
    }
    consumeLots(member, entry.get().id(), change.points());
    return new PointsPosted(entry.get(), balanceOf(member), false);
  }

  /** The answer a repeated external id gets: the entry it made the first time. */
  private PointsPosted replay(long member, String kind, String externalId) {
    PointsEntry first = byExternalId(member, kind, externalId).orElseThrow(
        () -> new IllegalStateException("entry " + externalId + " vanished"));
    return new PointsPosted(first, balanceOf(member), true);
  }

  @Transactional(readOnly = true)
  public PointsBalance balance(String memberId) {
    long member = member(memberId);
    List<PointsLot> lots = jdbc.sql("""
        select id, earned, remaining, expires_at from loyalty.points_lot
         where member_id = :m and remaining > 0 order by expires_at nulls last, id
        """)
        .param("m", member)
        .query((rs, n) -> new PointsLot(rs.getLong(1), rs.getLong(2), rs.getLong(3),
            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
        .list();
    Instant soon = clock.instant().plus(Duration.ofDays(30));
    long expiring = lots.stream().filter(l -> l.expiresAt() != null && l.expiresAt().isBefore(soon))
        .mapToLong(PointsLot::remaining).sum();
    long lifetime = jdbc.sql("select coalesce(max(lifetime_earned), 0) from loyalty.points_account"
            + " where member_id = :m")
        .param("m", member).query(Long.class).single();
    return new PointsBalance(new MemberId(member).toString(), balanceOf(member), lifetime,
        expiring, lots);
  }

  /** The member's entries, newest first, before the given entry id when paging. */
  @Transactional(readOnly = true)
  public List<PointsEntry> entries(String memberId, Long before, int limit) {
    long member = member(memberId);
    return jdbc.sql("""
        select id, kind, points, cause_type, cause_ref, reason, external_id, actor, at
          from loyalty.points_entry
         where member_id = :m and id < :before order by id desc limit :limit
        """)
        .param("m", member).param("before", before == null ? Long.MAX_VALUE : before)
        .param("limit", limit)
        .query(PointsLedger::entry).list();
  }

  /**
   * Expires every open lot whose deadline has passed, oldest first, at most {@code limit} lots:
   * one EXPIRE entry per lot, the balance lowered by what was left. Lots another node is expiring
   * are skipped, and an expired lot has nothing left, so each lot expires exactly once.
   */
  public int expireDue(Instant now, int limit) {
    List<long[]> due = jdbc.sql("""
        select member_id, id, remaining from loyalty.points_lot
         where remaining > 0 and expires_at <= :now
         order by expires_at limit :limit for update skip locked
        """)
        .param("now", Timestamp.from(now)).param("limit", limit)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).list();
    for (long[] lot : due) {
      jdbc.sql("""
          insert into loyalty.points_entry (member_id, kind, points, cause_type, cause_ref,
                                            external_id, actor, at)
          values (:m, 'EXPIRE', :points, 'EXPIRY', :lot, :external, 'system', :now)
          """)
          .param("m", lot[0]).param("points", -lot[2]).param("lot", String.valueOf(lot[1]))
          .param("external", "lot-" + lot[1]).param("now", Timestamp.from(now))
          .update();
      jdbc.sql("update loyalty.points_lot set remaining = 0 where member_id = :m and id = :lot")
          .param("m", lot[0]).param("lot", lot[1]).update();
      jdbc.sql("""
          update loyalty.points_account set balance = balance - :points, updated_at = :now
           where member_id = :m
          """)
          .param("m", lot[0]).param("points", lot[2]).param("now", Timestamp.from(now))
          .update();
    }
    return due.size();
  }

  /**
   * Moves a merged member's points to the survivor (MEM-1): what is left of each lot moves with its
   * expiry, as a TRANSFER_OUT entry on the merged account and a TRANSFER_IN on the survivor's.
   * Applying the same merge twice moves nothing the second time.
   */
  public void transferOnMerge(MemberId survivor, MemberId merged) {
    long to = survivor.value();
    long from = merged.value();
    String external = "merge-" + merged;
    Instant now = clock.instant();
    for (long account : new long[] {Math.min(to, from), Math.max(to, from)}) {
      jdbc.sql("""
          insert into loyalty.points_account (member_id, balance, lifetime_earned, updated_at)
          values (:m, 0, 0, :now) on conflict (member_id) do nothing
          """).param("m", account).param("now", Timestamp.from(now)).update();
      jdbc.sql("select 1 from loyalty.points_account where member_id = :m for update")
          .param("m", account).query(Integer.class).single();
    }
    long[] moving = jdbc.sql("""
        select balance, lifetime_earned from loyalty.points_account where member_id = :m
        """).param("m", from)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    if (moving[0] == 0 || byExternalId(from, "TRANSFER_OUT", external).isPresent()) {
      return;
    }
    PointsChange out = new PointsChange(merged.toString(), moving[0], "MERGE",
        survivor.toString(), "merged into " + survivor, external, null);
    insertEntry(from, "TRANSFER_OUT", -moving[0], out, now);
    PointsEntry in = insertEntry(to, "TRANSFER_IN", moving[0], new PointsChange(
        survivor.toString(), moving[0], "MERGE", merged.toString(), "merged from " + merged,
        external, null), now).orElseThrow();
    jdbc.sql("""
        insert into loyalty.points_lot (member_id, entry_id, earned, remaining, expires_at)
        select :to, :entry, remaining, remaining, expires_at from loyalty.points_lot
         where member_id = :from and remaining > 0 order by id
        """).param("to", to).param("from", from).param("entry", in.id()).update();
    jdbc.sql("update loyalty.points_lot set remaining = 0 where member_id = :from and remaining > 0")
        .param("from", from).update();
    jdbc.sql("""
        update loyalty.points_account set balance = balance + :n,
               lifetime_earned = lifetime_earned + :lifetime, updated_at = :now
         where member_id = :to
        """).param("n", moving[0]).param("lifetime", moving[1]).param("to", to)
        .param("now", Timestamp.from(now)).update();
    jdbc.sql("""
        update loyalty.points_account set balance = 0, updated_at = :now where member_id = :from
        """).param("from", from).param("now", Timestamp.from(now)).update();
  }

  /** Checks the ledger invariant of one account. */
  @Transactional(readOnly = true)
  public LedgerAudit audit(String memberId) {
    long member = member(memberId);
    return jdbc.sql("""
        select coalesce((select balance from loyalty.points_account where member_id = :m), 0),
               coalesce((select sum(points) from loyalty.points_entry where member_id = :m), 0),
               coalesce((select sum(remaining) from loyalty.points_lot where member_id = :m), 0)
        """)
        .param("m", member)
        .query((rs, n) -> LedgerAudit.of(new MemberId(member).toString(), rs.getLong(1),
            rs.getLong(2), rs.getLong(3)))
        .single();
  }

  private void consumeLots(long member, long entryId, long points) {
    List<long[]> lots = jdbc.sql("""
        select id, remaining from loyalty.points_lot
         where member_id = :m and remaining > 0
         order by expires_at nulls last, id for update
        """)
        .param("m", member)
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
      jdbc.sql("insert into loyalty.lot_consumption (member_id, entry_id, lot_id, points)"
              + " values (:m, :entry, :lot, :take)")
          .param("m", member).param("entry", entryId).param("lot", lot[0]).param("take", take)
          .update();
      left -= take;
    }
    if (left > 0) {
      throw new IllegalStateException("lots of member " + member + " do not cover the balance");
    }
  }

  private Optional<PointsEntry> insertEntry(long member, String kind, long points,
      PointsChange change, Instant now) {
    return jdbc.sql("""
        insert into loyalty.points_entry (member_id, kind, points, cause_type, cause_ref, reason,
                                          external_id, actor, at)
        values (:m, :kind, :points, :cause, :ref, :reason, :external, :actor, :at)
        on conflict (member_id, kind, external_id) do nothing
        returning id, kind, points, cause_type, cause_ref, reason, external_id, actor, at
        """)
        .param("m", member).param("kind", kind).param("points", points)
        .param("cause", change.causeType()).param("ref", change.causeRef())
        .param("reason", change.reason()).param("external", change.externalId())
        .param("actor", Actor.current().label()).param("at", Timestamp.from(now))
        .query(PointsLedger::entry).optional();
  }

  private Optional<PointsEntry> byExternalId(long member, String kind, String externalId) {
    return jdbc.sql("""
        select id, kind, points, cause_type, cause_ref, reason, external_id, actor, at
          from loyalty.points_entry where member_id = :m and kind = :kind and external_id = :ext
        """)
        .param("m", member).param("kind", kind).param("ext", externalId)
        .query(PointsLedger::entry).optional();
  }

  private long balanceOf(long member) {
    return jdbc.sql("select coalesce(max(balance), 0) from loyalty.points_account"
            + " where member_id = :m")
        .param("m", member).query(Long.class).single();
  }

  /** The member's id after merges; 404 for an unknown member. */
  private long member(String memberId) {
    return members.get(MemberId.parse(memberId)).memberId().value();
  }

  private static PointsEntry entry(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new PointsEntry(rs.getLong("id"), rs.getString("kind"), rs.getLong("points"),
        rs.getString("cause_type"), rs.getString("cause_ref"), rs.getString("reason"),
        rs.getString("external_id"), rs.getString("actor"), rs.getTimestamp("at").toInstant());
  }
}
