package io.loopline.loyalty;

import io.loopline.loyalty.LoyaltySettings.ReversalPolicy;
import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.platform.Actor;
import io.loopline.platform.Conflict;
import io.loopline.platform.NotFound;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger (PTS-3). Every change is an append-only entry with its cause; an earning opens
 * a lot, a spending takes from open lots nearest-expiry first (never-expiring last) and records
 * which. Spendings change the account row by one conditional statement, so concurrent spendings
 * never take the balance below zero; corrections (reversals, adjustments) take the account row
 * lock first. An external id makes each change happen once per member: a repeat answers the
 * first. Earnings may be pending for a return window, and a refund may take back points that were
 * already spent — as a debt later earnings pay first, never as a silent loss.
 */
@Service
@Transactional
public class PointsLedger {

  private final JdbcClient jdbc;
  private final LedgerRows rows;
  private final Members members;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final LoyaltySettings settings;

  PointsLedger(JdbcClient jdbc, LedgerRows rows, Members members, Clock clock,
      ApplicationEventPublisher events, LoyaltySettings settings) {
    this.jdbc = jdbc;
    this.rows = rows;
    this.members = members;
    this.clock = clock;
    this.events = events;
    this.settings = settings;
  }

  /**
   * Adds points, pending until {@code maturesInDays} when given; 404 for an unknown member, the
   * first answer again for a known external id.
   */
  public PointsPosted earn(PointsChange change) {
    return earn(members.current(MemberId.parse(change.memberId())), change);
  }

  /** {@link #earn(PointsChange)} for a member id already resolved (the caller's lookup). */
  PointsPosted earn(MemberId resolved, PointsChange change) {
    return earnAll(List.of(new Earning(resolved, change, Actor.current().label()))).get(0);
  }

  /**
   * An earning for a member already resolved, and who posts it; posted at once, it is one entry
   * whose points open a lot per expiry of its shares (an order's awards by rules with different
   * expiries). Made from a change alone, it is one share with the change's expiry.
   */
  record Earning(MemberId member, PointsChange change, String actor, List<Share> shares) {

    Earning(MemberId member, PointsChange change, String actor) {
      this(member, change, actor, List.of(new Share(change.points(), change.expiry())));
    }
  }

  /** Points of an earning that expire together (a null expiry: the programme's default). */
  record Share(long points, PointsExpiry expiry) {}

  /**
   * Posts many earnings with one statement per step (pending ones one by one): each answer in
   * the order given, with the member's balance after all of them; a known external id answers
   * as it did the first time.
   */
  List<PointsPosted> earnAll(List<Earning> earnings) {
    Instant now = clock.instant();
    List<Earning> immediate = earnings.stream().filter(e -> e.change().maturesInDays() == null)
        .toList();
    LedgerRows.Earned earned = immediate.isEmpty()
        ? new LedgerRows.Earned(List.of(), Map.of())
        : rows.earnEntries(immediate.stream().map(e -> new LedgerRows.NewEntry(
            e.member().value(), "EARN", e.change().points(), e.change().causeType(),
            e.change().causeRef(), e.change().reason(), e.change().externalId(), null,
            e.actor(), now)).toList(),
            immediate.stream().map(e -> lots(e.shares(), now)).toList(), now);
    List<Optional<PointsEntry>> entries = earned.entries();
    Map<Long, LedgerRows.Account> accounts = earned.accounts();
    accounts.keySet().forEach(m -> events.publishEvent(new LoyaltyActivity(m)));
    List<PointsPosted> answers = new ArrayList<>();
    int next = 0;
    for (Earning e : earnings) {
      long member = e.member().value();
      if (e.change().maturesInDays() != null) {
        answers.add(pend(member, e.change(), e.actor(), now));
        continue;
      }
      Optional<PointsEntry> entry = entries.get(next++);
      if (entry.isEmpty()) {
        answers.add(replay(member, "EARN", e.change().externalId()));
      } else {
        LedgerRows.Account account = accounts.get(member);
        answers.add(new PointsPosted(entry.get(), null,
            shown(account.balance(), account.debt()), false));
      }
    }
    return answers;
  }

  /** Takes points; 409 (nothing changed) when the balance does not cover them. */
  public PointsPosted spend(PointsChange change) {
    long member = member(change.memberId());
    Instant now = clock.instant();
    Optional<PointsEntry> entry = rows.insertEntry(member, "SPEND", -change.points(),
        change.causeType(), change.causeRef(), change.reason(), change.externalId(), null,
        Actor.current().label(), now);
    if (entry.isEmpty()) {
      return replay(member, "SPEND", change.externalId());
    }
    if (!rows.debit(member, entry.get().id(), change.points(), now)) {
      throw new Conflict("balance " + rows.balance(member) + " does not cover "
          + change.points() + " points");
    }
    return new PointsPosted(entry.get(), null, shownBalance(member), false);
  }

  /**
   * Takes back (part of) an earning whose order was refunded. A pending earning is cancelled;
   * a posted one gives up its own lot first, then other points, and what was already spent
   * becomes debt (PTS-3). An earning of a member since merged into this one is taken back from
   * this one, where its points went. 404 for an unknown earning, 409 for more than is left to
   * reverse.
   */
  public PointsPosted refundEarning(PointsReversal reversal) {
    long member = member(reversal.memberId());
    Instant now = clock.instant();
    long[] account = rows.lockAccount(member, now);
    Optional<OriginalEarning> original = originalEarning(member, reversal.originalExternalId());
    if (original.isEmpty()) {
      return cancelPending(member, reversal, now);
    }
    Optional<PointsEntry> earning = original.map(OriginalEarning::entry);
    long left = earning.get().points() - rows.reversed(member, earning.get().id())
        - (original.get().member() == member ? 0
            : rows.reversed(original.get().member(), earning.get().id()));
    long points = reversal.points() == null ? left : reversal.points();
    Optional<PointsEntry> entry = points <= 0 ? Optional.empty()
        : rows.insertEntry(member, "REVERSE", -points, "REFUND", reversal.originalExternalId(),
            reversal.reason(), reversal.externalId(), earning.get().id(),
            Actor.current().label(), now);
    if (entry.isEmpty() && rows.byExternalId(member, "REVERSE", reversal.externalId())
        .isPresent()) {
      return replay(member, "REVERSE", reversal.externalId());
    }
    if (entry.isEmpty() || points > left) {
      throw new Conflict("only " + left + " points of earning " + reversal.originalExternalId()
          + " are left to reverse");
    }
    rows.clawBack(member, entry.get().id(), points, earning.get().id(), account[0], now);
    events.publishEvent(new LoyaltyActivity(member));
    return new PointsPosted(entry.get(), null, shownBalance(member), false);
  }

  /** An earning and the member whose ledger holds it. */
  private record OriginalEarning(long member, PointsEntry entry) {}

  /** The member's own earning with this external id, else one of a member merged into them. */
  private Optional<OriginalEarning> originalEarning(long member, String externalId) {
    Optional<PointsEntry> own = rows.byExternalId(member, "EARN", externalId);
    if (own.isPresent()) {
      return Optional.of(new OriginalEarning(member, own.get()));
    }
    for (MemberId merged : members.mergedInto(new MemberId(member))) {
      Optional<PointsEntry> theirs = rows.byExternalId(merged.value(), "EARN", externalId);
      if (theirs.isPresent()) {
        return Optional.of(new OriginalEarning(merged.value(), theirs.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * Gives back (part of) a spending — a cancelled redemption, a released cash offset — to the
   * lots it took from; an open debt is paid first. 404 for an unknown spending, 409 for more than
   * it took.
   */
  public PointsPosted reverseSpending(PointsReversal reversal) {
    long member = member(reversal.memberId());
    Instant now = clock.instant();
    long[] account = rows.lockAccount(member, now);
    PointsEntry spending = rows.byExternalId(member, "SPEND", reversal.originalExternalId())
        .orElseThrow(() -> new NotFound("spending", reversal.originalExternalId()));
    Optional<PointsEntry> replayed = rows.byExternalId(member, "REVERSE", reversal.externalId());
    if (replayed.isPresent()) {
      return new PointsPosted(replayed.get(), null, shownBalance(member), true);
    }
    long left = -spending.points() - rows.reversed(member, spending.id());
    long points = reversal.points() == null ? left : reversal.points();
    if (points <= 0 || points > left) {
      throw new Conflict("only " + left + " points of spending " + reversal.originalExternalId()
          + " are left to give back");
    }
    PointsEntry entry = rows.insertEntry(member, "REVERSE", points, "CANCELLATION",
        reversal.originalExternalId(), reversal.reason(), reversal.externalId(), spending.id(),
        Actor.current().label(), now).orElseThrow();
    rows.giveBack(member, entry.id(), spending.id(), points, account[1], now);
    return new PointsPosted(entry, null, shownBalance(member), false);
  }

  /**
   * An operator's correction with a reason: added points open a lot with the default expiry,
   * removed points come from the lots nearest expiry (409 when the balance does not cover them).
   */
  public PointsPosted adjust(PointsAdjustment adjustment) {
    long member = member(adjustment.memberId());
    Instant now = clock.instant();
    long points = adjustment.points();
    if (points == 0) {
      throw new io.loopline.platform.InvalidInput("points", "must not be 0");
    }
    Optional<PointsEntry> entry = rows.insertEntry(member, "ADJUST", points, "OPERATOR", null,
        adjustment.reason(), adjustment.externalId(), null, Actor.current().label(), now);
    if (entry.isEmpty()) {
      return replay(member, "ADJUST", adjustment.externalId());
    }
    if (points > 0) {
      rows.credit(member, entry.get().id(), points, 0,
          settings.expiry().deadline(now, settings.zone()), now);
    } else {
      rows.lockAccount(member, now);
      if (!rows.debit(member, entry.get().id(), -points, now)) {
        throw new Conflict("balance " + rows.balance(member) + " does not cover "
            + -points + " points");
      }
    }
    return new PointsPosted(entry.get(), null, shownBalance(member), false);
  }

  /** The answer a repeated external id gets: the entry it made the first time. */
  private PointsPosted replay(long member, String kind, String externalId) {
    PointsEntry first = rows.byExternalId(member, kind, externalId).orElseThrow(
        () -> new IllegalStateException("entry " + externalId + " vanished"));
    return new PointsPosted(first, null, shownBalance(member), true);
  }

  private PointsPosted pend(long member, PointsChange change, String actor, Instant now) {
    Optional<PointsEntry> posted = rows.byExternalId(member, "EARN", change.externalId());
    if (posted.isPresent()) {
      return new PointsPosted(posted.get(), null, shownBalance(member), true);
    }
    PointsExpiry expiry = expiry(change.expiry());
    Optional<PendingPoints> pending = jdbc.sql("""
        insert into loyalty.points_pending (member_id, points, matures_at, state, cause_type,
               cause_ref, reason, external_id, expiry_kind, expiry_n, actor, at)
        values (:m, :n, :matures, 'PENDING', :cause, :ref, :reason, :ext, :kind, :kn, :actor, :now)
        on conflict (member_id, external_id) do nothing
        returning id, points, cancelled, matures_at, state, cause_type, cause_ref, external_id
        """)
        .param("m", member).param("n", change.points())
        .param("matures", Timestamp.from(now.plus(Duration.ofDays(change.maturesInDays()))))
        .param("cause", change.causeType()).param("ref", change.causeRef())
        .param("reason", change.reason()).param("ext", change.externalId())
        .param("kind", expiry.kind().name()).param("kn", expiry.n())
        .param("actor", actor).param("now", Timestamp.from(now))
        .query(PointsLedger::pending).optional();
    if (pending.isEmpty()) {
      return new PointsPosted(null, pendingByExternalId(member, change.externalId()).orElseThrow(),
          shownBalance(member), true);
    }
    rows.lockAccount(member, now);
    jdbc.sql("update loyalty.points_account set pending = pending + :n where member_id = :m")
        .param("n", change.points()).param("m", member).update();
    return new PointsPosted(null, pending.get(), shownBalance(member), false);
  }

  private PointsPosted cancelPending(long member, PointsReversal reversal, Instant now) {
    PendingPoints pending = jdbc.sql("select id, points, cancelled, matures_at, state, cause_type,"
            + " cause_ref, external_id from loyalty.points_pending"
            + " where member_id = :m and external_id = :ext")
        .param("m", member).param("ext", reversal.originalExternalId())
        .query(PointsLedger::pending).optional()
        .orElseThrow(() -> new NotFound("earning", reversal.originalExternalId()));
    long left = pending.points() - pending.cancelled();
    long points = reversal.points() == null ? left : reversal.points();
    int recorded = jdbc.sql("""
        insert into loyalty.pending_cancellation (member_id, pending_id, external_id, points,
                                                  reason, actor, at)
        values (:m, :p, :ext, :n, :reason, :actor, :now) on conflict do nothing
        """)
        .param("m", member).param("p", pending.id()).param("ext", reversal.externalId())
        .param("n", Math.max(points, 1)).param("reason", reversal.reason())
        .param("actor", Actor.current().label()).param("now", Timestamp.from(now)).update();
    if (recorded == 0) {
      return new PointsPosted(null, pending, shownBalance(member), true);
    }
    if (!pending.state().equals("PENDING") || points <= 0 || points > left) {
      throw new Conflict("only " + left + " pending points of earning "
          + reversal.originalExternalId() + " are left to cancel");
    }
    jdbc.sql("""
        update loyalty.points_pending set cancelled = cancelled + :n,
               state = case when cancelled + :n = points then 'CANCELLED' else state end
         where member_id = :m and id = :p
        """).param("n", points).param("m", member).param("p", pending.id()).update();
    jdbc.sql("update loyalty.points_account set pending = pending - :n where member_id = :m")
        .param("n", points).param("m", member).update();
    return new PointsPosted(null, pendingByExternalId(member, reversal.originalExternalId())
        .orElseThrow(), shownBalance(member), false);
  }

  /**
   * Posts every pending earning whose return window has closed, at most {@code limit}: an EARN
   * entry and lot for what was not cancelled. Rows another node is posting are skipped.
   */
  public int matureDue(Instant now, int limit) {
    record Due(long member, long id, long points, String cause, String ref, String reason,
        String external, PointsExpiry expiry, String actor) {}
    List<Due> due = jdbc.sql("""
        select member_id, id, points - cancelled, cause_type, cause_ref, reason, external_id,
               expiry_kind, expiry_n, actor
          from loyalty.points_pending where state = 'PENDING' and matures_at <= :now
         order by matures_at limit :limit for update skip locked
        """)
        .param("now", Timestamp.from(now)).param("limit", limit)
        .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7),
            new PointsExpiry(PointsExpiry.Kind.valueOf(rs.getString(8)), rs.getInt(9)),
            rs.getString(10)))
        .list();
    for (Due d : due) {
      rows.lockAccount(d.member(), now);
      // an earning posted at once under the same external id has already paid these points
      Optional<PointsEntry> entry = rows.insertEntry(d.member(), "EARN", d.points(), d.cause(),
          d.ref(), d.reason(), d.external(), null, d.actor(), now);
      entry.ifPresent(e -> rows.credit(d.member(), e.id(), d.points(), d.points(),
          d.expiry().deadline(now, settings.zone()), now));
      jdbc.sql("update loyalty.points_pending set state = 'MATURED', entry_id = :e"
              + " where member_id = :m and id = :id")
          .param("e", entry.map(PointsEntry::id).orElse(null)).param("m", d.member())
          .param("id", d.id()).update();
      jdbc.sql("update loyalty.points_account set pending = pending - :n where member_id = :m")
          .param("n", d.points()).param("m", d.member()).update();
      events.publishEvent(new LoyaltyActivity(d.member()));
    }
    return due.size();
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
      rows.insertEntry(lot[0], "EXPIRE", -lot[2], "EXPIRY", String.valueOf(lot[1]), null,
          "lot-" + lot[1] + "-" + now.toEpochMilli(), null, "system", now);
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
   * expiry, debt and pending earnings move too, as a TRANSFER_OUT entry on the merged account and
   * a TRANSFER_IN on the survivor's. Applying the same merge twice moves nothing the second time.
   */
  public void transferOnMerge(MemberId survivor, MemberId merged) {
    long to = survivor.value();
    long from = merged.value();
    String external = "merge-" + merged;
    Instant now = clock.instant();
    long[] first = rows.lockAccount(Math.min(to, from), now);
    long[] second = rows.lockAccount(Math.max(to, from), now);
    long[] moving = from < to ? first : second;
    if (rows.byExternalId(from, "TRANSFER_OUT", external).isPresent()
        || rows.byExternalId(to, "TRANSFER_IN", external).isPresent()) {
      return;
    }
    long net = moving[0] - moving[1];
    long entryId = -1;
    if (net != 0) {
      rows.insertEntry(from, "TRANSFER_OUT", -net, "MERGE", survivor.toString(),
          "merged into " + survivor, external, null, Actor.current().label(), now);
      entryId = rows.insertEntry(to, "TRANSFER_IN", net, "MERGE", merged.toString(),
          "merged from " + merged, external, null, Actor.current().label(), now)
          .orElseThrow().id();
    }
    if (moving[0] > 0) {
      jdbc.sql("""
          insert into loyalty.points_lot (member_id, entry_id, earned, remaining, expires_at)
          select :to, :entry, remaining, remaining, expires_at from loyalty.points_lot
           where member_id = :from and remaining > 0 order by id
          """).param("to", to).param("from", from).param("entry", entryId).update();
      jdbc.sql("update loyalty.points_lot set remaining = 0"
          + " where member_id = :from and remaining > 0").param("from", from).update();
    }
    long pending = jdbc.sql("""
        with moved as (
          update loyalty.points_pending set state = 'MOVED'
           where member_id = :from and state = 'PENDING' returning *)
        insert into loyalty.points_pending (member_id, points, cancelled, matures_at, state,
               cause_type, cause_ref, reason, external_id, expiry_kind, expiry_n, actor, at)
        select :to, points, cancelled, matures_at, 'PENDING', cause_type, cause_ref, reason,
               external_id, expiry_kind, expiry_n, actor, at from moved
        on conflict (member_id, external_id) do nothing
        returning points - cancelled
        """).param("from", from).param("to", to).query(Long.class).list()
        .stream().mapToLong(Long::longValue).sum();
    jdbc.sql("""
        update loyalty.points_account set balance = balance + :b, debt = debt + :d,
               pending = pending + :p, lifetime_earned = lifetime_earned + :life,
               updated_at = :now where member_id = :to
        """).param("b", moving[0]).param("d", moving[1]).param("p", pending)
        .param("life", moving[3]).param("to", to).param("now", Timestamp.from(now)).update();
    jdbc.sql("""
        update loyalty.points_account set balance = 0, debt = 0, pending = 0, updated_at = :now
         where member_id = :from
        """).param("from", from).param("now", Timestamp.from(now)).update();
    long[] after = rows.lockAccount(to, now);
    long paid = Math.min(after[0], after[1]);
    if (paid > 0) {
      jdbc.sql("update loyalty.points_account set balance = balance - :p, debt = debt - :p"
          + " where member_id = :m").param("p", paid).param("m", to).update();
      rows.consumeLots(to, entryId, paid, null);
    }
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
            instant(rs, 4)))
        .list();
    List<PendingPoints> pending = jdbc.sql("""
        select id, points, cancelled, matures_at, state, cause_type, cause_ref, external_id
          from loyalty.points_pending where member_id = :m and state = 'PENDING'
         order by matures_at, id
        """).param("m", member).query(PointsLedger::pending).list();
    Instant soon = clock.instant().plus(Duration.ofDays(settings.expiringSoonDays()));
    long expiring = lots.stream().filter(l -> l.expiresAt() != null && l.expiresAt().isBefore(soon))
        .mapToLong(PointsLot::remaining).sum();
    long[] account = jdbc.sql("select balance, debt, pending, lifetime_earned"
            + " from loyalty.points_account where member_id = :m")
        .param("m", member)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
        .optional().orElse(new long[4]);
    return new PointsBalance(new MemberId(member).toString(), shown(account[0], account[1]),
        account[1], account[2], account[3], expiring, lots, pending);
  }

  /** The member's balance, debt, pending and lifetime points: one row, for hot reads. */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public PointsSummary summary(String memberId) {
    long member = member(memberId);
    return jdbc.sql("select balance, debt, pending, lifetime_earned from loyalty.points_account"
            + " where member_id = :m")
        .param("m", member)
        .query((rs, n) -> new PointsSummary(new MemberId(member).toString(),
            shown(rs.getLong(1), rs.getLong(2)), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
        .optional().orElse(new PointsSummary(new MemberId(member).toString(), 0, 0, 0, 0));
  }

  /** The balance the member sees (see {@link LoyaltySettings.ReversalPolicy}). */
  @Transactional(readOnly = true)
  public long balanceOf(MemberId member) {
    return shownBalance(member.value());
  }

  /** The member's entries, newest first, before the given entry id when paging. */
  @Transactional(readOnly = true)
  public List<PointsEntry> entries(String memberId, Long before, int limit) {
    long member = member(memberId);
    return jdbc.sql("select " + LedgerRows.ENTRY_COLUMNS + " from loyalty.points_entry"
            + " where member_id = :m and id < :before order by id desc limit :limit")
        .param("m", member).param("before", before == null ? Long.MAX_VALUE : before)
        .param("limit", limit)
        .query(LedgerRows::entry).list();
  }

  /** Checks the ledger invariant of one account. */
  @Transactional(readOnly = true)
  public LedgerAudit audit(String memberId) {
    long member = member(memberId);
    return jdbc.sql(AUDIT + " where a.member_id = :m").param("m", member)
        .query(PointsLedger::audit).optional()
        .orElse(LedgerAudit.of(new MemberId(member).toString(), 0, 0, 0, 0, 0, 0, 0));
  }

  /** Checks the ledger invariant of every account; lists at most 100 that do not agree. */
  @Transactional(readOnly = true)
  public LedgerAuditReport auditAll() {
    List<LedgerAudit> all = jdbc.sql(AUDIT).query(PointsLedger::audit).list();
    List<LedgerAudit> wrong = all.stream().filter(a -> !a.consistent()).toList();
    return new LedgerAuditReport(all.size(), wrong.size(),
        wrong.subList(0, Math.min(100, wrong.size())));
  }

  private static final String AUDIT = """
      select a.member_id, a.balance, a.debt, a.pending,
             coalesce((select sum(points) from loyalty.points_entry e
                        where e.member_id = a.member_id), 0),
             coalesce((select sum(remaining) from loyalty.points_lot l
                        where l.member_id = a.member_id and remaining > 0), 0),
             coalesce((select sum(points - cancelled) from loyalty.points_pending p
                        where p.member_id = a.member_id and state = 'PENDING'), 0),
             (select count(*) from loyalty.points_lot l
               where l.member_id = a.member_id
                 and not exists (select 1 from loyalty.points_entry e
                                  where e.member_id = l.member_id and e.id = l.entry_id))
        from loyalty.points_account a
      """;

  private static LedgerAudit audit(ResultSet rs, int n) throws SQLException {
    return LedgerAudit.of(new MemberId(rs.getLong(1)).toString(), rs.getLong(2), rs.getLong(3),
        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8));
  }

  private Optional<PendingPoints> pendingByExternalId(long member, String externalId) {
    return jdbc.sql("select id, points, cancelled, matures_at, state, cause_type, cause_ref,"
            + " external_id from loyalty.points_pending where member_id = :m and external_id = :e")
        .param("m", member).param("e", externalId).query(PointsLedger::pending).optional();
  }

  /** The lots an earning opens: its shares' points by deadline (null: never). */
  private List<LedgerRows.Lot> lots(List<Share> shares, Instant now) {
    Map<Instant, Long> byDeadline = new LinkedHashMap<>();
    for (Share share : shares) {
      byDeadline.merge(expiry(share.expiry()).deadline(now, settings.zone()), share.points(),
          Long::sum);
    }
    List<LedgerRows.Lot> lots = new ArrayList<>();
    byDeadline.forEach((deadline, points) -> lots.add(new LedgerRows.Lot(points, deadline)));
    return lots;
  }

  private PointsExpiry expiry(PointsExpiry requested) {
    return requested == null ? settings.expiry() : requested;
  }

  /** The balance as the member sees it: negative under ALLOW_NEGATIVE while a debt is open. */
  private long shownBalance(long member) {
    long[] account = jdbc.sql("select balance, debt from loyalty.points_account"
            + " where member_id = :m").param("m", member)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).optional()
        .orElse(new long[2]);
    return shown(account[0], account[1]);
  }

  private long shown(long balance, long debt) {
    return settings.reversalPolicy() == ReversalPolicy.ALLOW_NEGATIVE ? balance - debt : balance;
  }

  /** The member's id after merges; 404 for an unknown member. */
  private long member(String memberId) {
    return members.current(MemberId.parse(memberId)).value();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static PendingPoints pending(ResultSet rs, int n) throws SQLException {
    return new PendingPoints(rs.getLong(1), rs.getLong(2), rs.getLong(3), instant(rs, 4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
  }
}
