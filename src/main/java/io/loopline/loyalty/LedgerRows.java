package io.loopline.loyalty;

import io.loopline.platform.db.DeferredWrites;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
  private final DeferredWrites deferred;
  private final TierProgress progress;

  LedgerRows(JdbcClient jdbc, DeferredWrites deferred, TierProgress progress) {
    this.jdbc = jdbc;
    this.deferred = deferred;
    this.progress = progress;
  }

  /** An entry to append. */
  record NewEntry(long member, String kind, long points, String cause, String ref, String reason,
      String externalId, Long originalId, String actor, Instant at) {}

  /** A new entry, or empty when the member already has one of that kind with that external id. */
  Optional<PointsEntry> insertEntry(long member, String kind, long points, String cause,
      String ref, String reason, String externalId, Long originalId, String actor, Instant at) {
    return insertEntries(List.of(new NewEntry(member, kind, points, cause, ref, reason,
        externalId, originalId, actor, at))).get(0);
  }

  /**
   * {@link #insertEntry} for many entries in one statement; each answer in the order given
   * (empty for an external id the member had, or that came earlier in the list).
   */
  List<Optional<PointsEntry>> insertEntries(List<NewEntry> entries) {
    Map<List<Object>, PointsEntry> inserted = new HashMap<>();
    withEntries(jdbc.sql(INSERT_ENTRIES + " returning member_id, " + ENTRY_COLUMNS), entries)
        .query((rs, n) -> inserted.put(entryKey(rs), entry(rs, n)))
        .list();
    List<Optional<PointsEntry>> answers = answers(entries, inserted);
    countForTiers(entries, answers);
    return answers;
  }

  /** Counts the entries that qualify for tiers: earnings and the reversals of refunds. */
  private void countForTiers(List<NewEntry> entries, List<Optional<PointsEntry>> answers) {
    List<TierProgress.Change> changes = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      long member = entries.get(i).member();
      answers.get(i).filter(e -> e.kind().equals("EARN")
              || e.kind().equals("REVERSE") && "REFUND".equals(e.causeType()))
          .ifPresent(e -> changes.add(new TierProgress.Change(member, e.at(), e.points(), 0, 0)));
    }
    progress.add(changes);
  }

  private static final String INSERT_ENTRIES = "insert into loyalty.points_entry (member_id,"
      + " kind, points, cause_type, cause_ref, reason, external_id, original_id, actor, at)"
      + " select m, k, n, c, r, why, e, o, a, cast(t as timestamptz)"
      + " from unnest(:members, :kinds, :points, :causes, :refs, :reasons, :externals,"
      + " :originals, :actors, :ats) as u(m, k, n, c, r, why, e, o, a, t)"
      + " on conflict (member_id, kind, external_id) do nothing";

  private static JdbcClient.StatementSpec withEntries(JdbcClient.StatementSpec statement,
      List<NewEntry> entries) {
    return statement
        .param("members", entries.stream().map(NewEntry::member).toArray(Long[]::new))
        .param("kinds", entries.stream().map(NewEntry::kind).toArray(String[]::new))
        .param("points", entries.stream().map(NewEntry::points).toArray(Long[]::new))
        .param("causes", entries.stream().map(NewEntry::cause).toArray(String[]::new))
        .param("refs", entries.stream().map(NewEntry::ref).toArray(String[]::new))
        .param("reasons", entries.stream().map(NewEntry::reason).toArray(String[]::new))
        .param("externals", entries.stream().map(NewEntry::externalId).toArray(String[]::new))
        .param("originals", entries.stream().map(NewEntry::originalId).toArray(Long[]::new))
        .param("actors", entries.stream().map(NewEntry::actor).toArray(String[]::new))
        .param("ats", entries.stream().map(e -> e.at().toString()).toArray(String[]::new));
  }

  private static List<Object> entryKey(ResultSet rs) throws SQLException {
    return Arrays.asList(rs.getLong("member_id"), rs.getString("kind"),
        rs.getString("external_id"));
  }

  /** Each entry's inserted row, in the order given; empty for those that were not inserted. */
  private static List<Optional<PointsEntry>> answers(List<NewEntry> entries,
      Map<List<Object>, PointsEntry> inserted) {
    List<Optional<PointsEntry>> answers = new ArrayList<>();
    for (NewEntry e : entries) {
      answers.add(Optional.ofNullable(inserted.remove(Arrays.asList(e.member(), e.kind(),
          e.externalId()))));
    }
    return answers;
  }

  /** A lot an earning opens: its points and deadline (null: never). */
  record Lot(long points, Instant expiresAt) {}

  /** EARN entries appended by {@link #earnEntries}, and the accounts after crediting them. */
  record Earned(List<Optional<PointsEntry>> entries, Map<Long, Account> accounts) {}

  /**
   * Appends EARN entries (each adding its points to lifetime earned) and credits their accounts
   * in one statement, then opens their lots ({@link #creditAll}'s rules) just before commit:
   * nothing in the transaction reads them again. {@code lots} holds the lots each entry opens
   * (their points add up to the entry's). Entries are skipped as {@link #insertEntries} skips
   * them.
   */
  Earned earnEntries(List<NewEntry> entries, List<List<Lot>> lots, Instant now) {
    Map<List<Object>, PointsEntry> inserted = new HashMap<>();
    Map<Long, Account> accounts = new TreeMap<>();
    withEntries(jdbc.sql("with e as (" + INSERT_ENTRIES + " returning member_id, "
            + ENTRY_COLUMNS + "), a as (" + CREDIT_ACCOUNTS.formatted(
                "select member_id, sum(points), sum(points), :now from e group by member_id")
            + ") select e.*, a.balance, a.debt from e join a using (member_id)"), entries)
        .param("now", Timestamp.from(now))
        .query((rs, n) -> {
          accounts.put(rs.getLong("member_id"),
              new Account(rs.getLong("balance"), rs.getLong("debt")));
          return inserted.put(entryKey(rs), entry(rs, n));
        })
        .list();
    List<Optional<PointsEntry>> answers = answers(entries, inserted);
    countForTiers(entries, answers);
    List<Credit> credits = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      NewEntry e = entries.get(i);
      List<Lot> opened = lots.get(i);
      answers.get(i).ifPresent(entry -> opened.forEach(lot -> credits.add(
          new Credit(e.member(), entry.id(), lot.points(), lot.points(), lot.expiresAt()))));
    }
    openLots(credits, accounts, true);
    return new Earned(answers, accounts);
  }

  /** Upserts accounts from rows (member, points, lifetime, now) in member order. */
  private static final String CREDIT_ACCOUNTS = """
      insert into loyalty.points_account (member_id, balance, lifetime_earned, updated_at)
      %s order by 1
      on conflict (member_id) do update
         set balance = points_account.balance + excluded.balance,
             lifetime_earned = points_account.lifetime_earned + excluded.lifetime_earned,
             updated_at = excluded.updated_at
      returning member_id, balance, debt""";

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

  /** An earning (or a positive adjustment) to credit: {@code lifetime} adds to lifetime earned. */
  record Credit(long member, long entryId, long points, long lifetime, Instant expiresAt) {}

  /** A member's account after crediting. */
  record Account(long balance, long debt) {}

  /** Credits one earning and opens its lot; see {@link #creditAll}. */
  void credit(long member, long entryId, long points, long lifetime, Instant expiresAt,
      Instant now) {
    creditAll(List.of(new Credit(member, entryId, points, lifetime, expiresAt)), now);
  }

  /**
   * Credits earnings and opens their lots, one statement per step whatever their number: an
   * open debt is paid first, so a lot holds what is left. Accounts are locked in member order.
   */
  Map<Long, Account> creditAll(List<Credit> credits, Instant now) {
    Map<Long, long[]> sums = new TreeMap<>();
    for (Credit c : credits) {
      long[] sum = sums.computeIfAbsent(c.member(), m -> new long[2]);
      sum[0] += c.points();
      sum[1] += c.lifetime();
    }
    Map<Long, Account> accounts = new HashMap<>();
    jdbc.sql(CREDIT_ACCOUNTS.formatted(
            "select m, n, l, :now from unnest(:members, :points, :lifetime) as u(m, n, l)"))
        .param("members", sums.keySet().toArray(Long[]::new))
        .param("points", sums.values().stream().map(s -> s[0]).toArray(Long[]::new))
        .param("lifetime", sums.values().stream().map(s -> s[1]).toArray(Long[]::new))
        .param("now", Timestamp.from(now))
        .query((rs, n) -> accounts.put(rs.getLong(1), new Account(rs.getLong(2), rs.getLong(3))))
        .list();
    openLots(credits, accounts, false);
    return accounts;
  }

  /**
   * Opens the lots of credits already added to their accounts: each member's open debt is paid
   * first (the accounts updated to match), so a lot holds what is left.
   */
  private void openLots(List<Credit> credits, Map<Long, Account> accounts,
      boolean beforeCommit) {
    Map<Long, Long> credited = new HashMap<>();
    credits.forEach(c -> credited.merge(c.member(), c.points(), Long::sum));
    Map<Long, Long> debtLeft = new HashMap<>();
    accounts.forEach((member, account) -> {
      long paid = Math.min(account.debt(), credited.getOrDefault(member, 0L));
      if (paid > 0) {
        jdbc.sql("update loyalty.points_account set balance = balance - :p, debt = debt - :p"
                + " where member_id = :m")
            .param("p", paid).param("m", member).update();
        accounts.put(member, new Account(account.balance() - paid, account.debt() - paid));
        debtLeft.put(member, paid);
      }
    });
    Long[] remaining = new Long[credits.size()];
    for (int i = 0; i < credits.size(); i++) {
      Credit c = credits.get(i);
      long paid = Math.min(debtLeft.getOrDefault(c.member(), 0L), c.points());
      debtLeft.computeIfPresent(c.member(), (m, left) -> left - paid);
      remaining[i] = c.points() - paid;
    }
    Map<String, Object> lots = Map.of(
        "members", credits.stream().map(Credit::member).toArray(Long[]::new),
        "entries", credits.stream().map(Credit::entryId).toArray(Long[]::new),
        "points", credits.stream().map(Credit::points).toArray(Long[]::new),
        "remaining", remaining,
        "expires", credits.stream()
            .map(c -> c.expiresAt() == null ? null : c.expiresAt().toString())
            .toArray(String[]::new));
    if (beforeCommit) {
      deferred.add(OPEN_LOTS, lots);
    } else {
      jdbc.sql(OPEN_LOTS).params(lots).update();
    }
  }

  private static final String OPEN_LOTS = """
      insert into loyalty.points_lot (member_id, entry_id, earned, remaining, expires_at)
      select m, e, n, r, cast(x as timestamptz)
        from unnest(:members, :entries, :points, :remaining, :expires) as u(m, e, n, r, x)
      """;

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
