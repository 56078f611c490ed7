package io.loopline.loyalty;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.loopline.loyalty.TierDefinition.Window;
import io.loopline.loyalty.TierStatus.Progress;
import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.platform.Actor;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.db.BeforeCommit;
import io.loopline.platform.security.ConsoleUsers;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Members' tiers (TIER-1, TIER-3): a member moves up as soon as what they earned, spent or
 * visited in a tier's window qualifies (on every {@link LoyaltyActivity}, in its transaction);
 * moves down only when a review finds them short after the tier's grace period; an operator's
 * override with a reason holds until it ends. Every change is kept in the tier history. The
 * ladder is read from a cache, dropped when it changes.
 */
@Service
@Transactional
public class Tiers {

  private final JdbcClient jdbc;
  private final Members members;
  private final ConsoleUsers users;
  private final Clock clock;
  private final LoadingCache<String, List<TierDefinition>> ladder;
  private final TierProgress progress;

  Tiers(JdbcClient jdbc, Members members, ConsoleUsers users, Clock clock,
      TierProgress progress) {
    this.jdbc = jdbc;
    this.members = members;
    this.users = users;
    this.clock = clock;
    this.progress = progress;
    this.ladder = Caffeine.newBuilder().expireAfterWrite(EarningRules.RELOAD)
        .build(key -> load());
  }

  /** The tiers, lowest rank first. */
  @Transactional(readOnly = true)
  public List<TierDefinition> ladder() {
    return ladder.get("ladder");
  }

  /** Creates or changes a tier; 400 naming the field for a taken rank or an unknown advisor. */
  public TierDefinition save(TierDefinition tier) {
    for (String advisor : tier.advisors()) {
      if (!users.exists(advisor)) {
        throw new InvalidInput("advisors", "no console user " + advisor);
      }
    }
    try {
      jdbc.sql("""
          insert into loyalty.tier (code, name_zh, name_en, rank, qualify_points,
                 qualify_spend_fen, qualify_visits, window_kind, window_days, grace_days, advisors)
          values (:code, :zh, :en, :rank, :points, :spend, :visits, :window, :days, :grace,
                  :advisors)
          on conflict (code) do update set name_zh = excluded.name_zh,
                 name_en = excluded.name_en, rank = excluded.rank,
                 qualify_points = excluded.qualify_points,
                 qualify_spend_fen = excluded.qualify_spend_fen,
                 qualify_visits = excluded.qualify_visits, window_kind = excluded.window_kind,
                 window_days = excluded.window_days, grace_days = excluded.grace_days,
                 advisors = excluded.advisors
          """)
          .param("code", tier.code()).param("zh", tier.nameZh()).param("en", tier.nameEn())
          .param("rank", tier.rank()).param("points", tier.qualifyPoints())
          .param("spend", tier.qualifySpendFen()).param("visits", tier.qualifyVisits())
          .param("window", tier.window().name()).param("days", tier.windowDays())
          .param("grace", tier.graceDays())
          .param("advisors", tier.advisors().toArray(String[]::new))
          .update();
    } catch (DuplicateKeyException e) {
      throw new InvalidInput("rank", "another tier has rank " + tier.rank());
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        ladder.invalidateAll();
      }
    });
    return tier;
  }

  /**
   * The code of the member's current tier: the one they reached, else the entry tier (a tier
   * without thresholds) if the ladder has one; empty otherwise.
   */
  @Transactional(readOnly = true)
  public Optional<String> current(MemberId member) {
    return Optional.ofNullable(currentAll(List.of(member.value())).get(member.value()));
  }

  private Optional<TierDefinition> entryTier() {
    return ladder().stream().filter(TierDefinition::entry).findFirst();
  }

  /** Where the member stands and what is missing for the next tier. */
  @Transactional(readOnly = true)
  public TierStatus status(String memberId) {
    MemberId member = members.current(MemberId.parse(memberId));
    Instant now = clock.instant();
    Optional<Held> held = held(member.value(), false);
    List<TierDefinition> tiers = ladder();
    TierDefinition current = held.map(h -> byCode(h.tier())).orElse(entryTier().orElse(null));
    TierDefinition next = tiers.stream()
        .filter(t -> current == null || t.rank() > current.rank()).findFirst().orElse(null);
    TierDefinition window = next != null ? next : current;
    LocalDate start = window == null ? null : windowStart(window, now);
    Progress have = window == null ? new Progress(0L, 0L, 0L)
        : progress(List.of(member.value()), Set.of(start)).get(start).get(member.value());
    Progress missing = next == null ? null : new Progress(
        missing(next.qualifyPoints(), have.points()),
        missing(next.qualifySpendFen(), have.spendFen()),
        next.qualifyVisits() == null ? null : missing((long) next.qualifyVisits(), have.visits()));
    return new TierStatus(member.toString(), current == null ? null : current.code(),
        held.map(Held::since).orElse(null), held.map(Held::overridden).orElse(false),
        held.map(Held::belowSince).orElse(null), have, next == null ? null : next.code(),
        missing, held.map(Held::advisor).orElse(null));
  }

  /** The member's tier changes, newest first. */
  @Transactional(readOnly = true)
  public List<TierChange> history(String memberId) {
    MemberId member = members.current(MemberId.parse(memberId));
    return jdbc.sql("select from_tier, to_tier, cause, reason, actor, at from loyalty.tier_history"
            + " where member_id = :m order by id desc")
        .param("m", member.value())
        .query((rs, n) -> new TierChange(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()))
        .list();
  }

  /** Sets (or, with no tier, lifts) an operator's override; 400 for an unknown tier. */
  public TierStatus override(String memberId, TierOverride override) {
    MemberId member = members.current(MemberId.parse(memberId));
    Instant now = clock.instant();
    Optional<Held> held = held(member.value(), true);
    if (override.tier() == null) {
      if (held.isPresent() && held.get().overridden()) {
        jdbc.sql("update loyalty.member_tier set overridden = false, override_until = null,"
                + " override_reason = null where member_id = :m")
            .param("m", member.value()).update();
        record(member.value(), held.get().tier(), held.get().tier(), "OVERRIDE_LIFTED",
            override.reason(), now);
        evaluate(member.value(), now);
      }
      return status(member.toString());
    }
    if (byCode(override.tier()) == null) {
      throw new InvalidInput("tier", "no tier " + override.tier());
    }
    if (override.until() != null && !override.until().isAfter(now)) {
      throw new InvalidInput("until", "must be in the future");
    }
    String advisor = advisors(List.of(new Move(member.value(), null, byCode(override.tier()),
        held.map(Held::advisor).orElse(null)))).get(0);
    jdbc.sql("""
        insert into loyalty.member_tier (member_id, tier_code, since, overridden, override_until,
                                         override_reason, advisor)
        values (:m, :t, :now, true, :until, :reason, :advisor)
        on conflict (member_id) do update set tier_code = excluded.tier_code,
               since = case when member_tier.tier_code = excluded.tier_code
                            then member_tier.since else excluded.since end,
               overridden = true, override_until = excluded.override_until,
               override_reason = excluded.override_reason, below_since = null,
               advisor = excluded.advisor
        """)
        .param("m", member.value()).param("t", override.tier()).param("now", ts(now))
        .param("until", override.until() == null ? null : ts(override.until()))
        .param("reason", override.reason()).param("advisor", advisor).update();
    record(member.value(), held.map(Held::tier).orElse(null), override.tier(), "OVERRIDE",
        override.reason(), now);
    return status(member.toString());
  }

  /** Members whose advisor is this console user, with their tiers (TIER-3). */
  @Transactional(readOnly = true)
  public Map<String, String> membersOf(String advisor) {
    Map<String, String> result = new java.util.LinkedHashMap<>();
    jdbc.sql("select member_id, tier_code from loyalty.member_tier where advisor = :a"
            + " order by member_id")
        .param("a", advisor)
        .query((rs, n) -> result.put(new MemberId(rs.getLong(1)).toString(), rs.getString(2)))
        .list();
    return result;
  }

  /**
   * Evaluates each member whose activity the transaction changed once, just before it commits
   * (a purchase earning by several rules is one evaluation).
   */
  @EventListener
  void on(LoyaltyActivity activity) {
    Set<Long> pending = BeforeCommit.buffer(this, LinkedHashSet::new,
        members -> evaluateAll(members, clock.instant()), Ordered.LOWEST_PRECEDENCE);
    if (pending == null) {
      evaluate(activity.memberId(), clock.instant());
      return;
    }
    pending.add(activity.memberId());
  }

  /** Moves the member up (never down) to the highest tier they qualify for now. */
  void evaluate(long member, Instant now) {
    evaluateAll(List.of(member), now);
  }

  /**
   * {@link #evaluate} for many members with one statement per step: their tier rows are locked
   * in id order, their progress read per window for all of them at once.
   */
  void evaluateAll(Collection<Long> members, Instant now) {
    List<TierDefinition> tiers = ladder();
    if (tiers.isEmpty() || members.isEmpty()) {
      return;
    }
    List<Long> sorted = members.stream().distinct().sorted().toList();
    Map<Long, Held> held = heldAll(sorted, true);
    List<Long> open = sorted.stream()
        .filter(m -> !held.containsKey(m) || !held.get(m).overriddenAt(now)).toList();
    Map<LocalDate, Map<Long, Progress>> progress = progress(open, windowStarts(tiers, now));
    List<Move> upgrades = new ArrayList<>();
    List<Long> backAbove = new ArrayList<>();
    for (long member : open) {
      TierDefinition qualified = qualified(tiers,
          tier -> progress.get(windowStart(tier, now)).get(member));
      Held h = held.get(member);
      TierDefinition current = h == null ? null : byCode(h.tier());
      if (qualified != null && (current == null || qualified.rank() > current.rank())) {
        upgrades.add(new Move(member, current, qualified, h == null ? null : h.advisor()));
      } else if (current != null && qualified != null && qualified.rank() >= current.rank()
          && h.belowSince() != null) {
        backAbove.add(member);
      }
    }
    moveAll(upgrades, "UPGRADE", now);
    if (!backAbove.isEmpty()) {
      jdbc.sql("update loyalty.member_tier set below_since = null where member_id = any(:m)")
          .param("m", backAbove.toArray(Long[]::new)).update();
    }
  }

  /** The tier codes of many members (as {@link #current}); members without one are left out. */
  @Transactional(readOnly = true)
  Map<Long, String> currentAll(Collection<Long> members) {
    Map<Long, String> current = new HashMap<>();
    jdbc.sql("select member_id, tier_code from loyalty.member_tier where member_id = any(:m)")
        .param("m", members.toArray(Long[]::new))
        .query((rs, n) -> current.put(rs.getLong(1), rs.getString(2))).list();
    return withEntryTier(members, current);
  }

  /**
   * The current tiers of members from the tiers they hold (read by the caller with its own
   * statement): those holding none are in the entry tier, if the ladder has one.
   */
  Map<Long, String> withEntryTier(Collection<Long> members, Map<Long, String> held) {
    Map<Long, String> current = new HashMap<>(held);
    entryTier().ifPresent(entry -> members.forEach(m -> current.putIfAbsent(m, entry.code())));
    return current;
  }

  /**
   * The tier review: members who no longer qualify start their grace period; those still short
   * when it has passed move down to the tier they qualify for; expired overrides end.
   * Returns how many members moved down.
   */
  public int review(Instant now) {
    List<TierDefinition> tiers = ladder();
    int moved = 0;
    long after = -1;
    while (true) {
      List<Long> batch = jdbc.sql("select member_id from loyalty.member_tier"
              + " where member_id > :after order by member_id limit 500")
          .param("after", after).query(Long.class).list();
      if (batch.isEmpty()) {
        return moved;
      }
      for (long member : batch) {
        moved += reviewOne(member, tiers, now) ? 1 : 0;
      }
      after = batch.get(batch.size() - 1);
    }
  }

  private boolean reviewOne(long member, List<TierDefinition> tiers, Instant now) {
    Held held = held(member, true).orElseThrow();
    if (held.overridden()) {
      if (held.overriddenAt(now)) {
        return false;
      }
      jdbc.sql("update loyalty.member_tier set overridden = false, override_until = null"
          + " where member_id = :m").param("m", member).update();
      record(member, held.tier(), held.tier(), "OVERRIDE_LIFTED", "override ended", now);
    }
    TierDefinition current = byCode(held.tier());
    TierDefinition qualified = qualified(member, tiers, now);
    if (qualified != null && qualified.rank() >= current.rank()) {
      if (held.belowSince() != null) {
        jdbc.sql("update loyalty.member_tier set below_since = null where member_id = :m")
            .param("m", member).update();
      }
      return false;
    }
    if (held.belowSince() == null) {
      jdbc.sql("update loyalty.member_tier set below_since = :now where member_id = :m")
          .param("now", ts(now)).param("m", member).update();
      return false;
    }
    if (held.belowSince().plus(Duration.ofDays(current.graceDays())).isAfter(now)) {
      return false;
    }
    if (qualified == null) {
      jdbc.sql("delete from loyalty.member_tier where member_id = :m").param("m", member)
          .update();
      record(member, current.code(), null, "DOWNGRADE", "review", now);
    } else {
      moveAll(List.of(new Move(member, current, qualified, held.advisor())), "DOWNGRADE", now);
    }
    return true;
  }

  /** A member moving from one tier (none for null) to another, with the advisor they had. */
  private record Move(long member, TierDefinition from, TierDefinition to, String advisor) {}

  /** Moves members to their new tiers with one statement per step, recording each move. */
  private void moveAll(List<Move> moves, String cause, Instant now) {
    if (moves.isEmpty()) {
      return;
    }
    List<String> advisors = advisors(moves);
    Long[] ids = moves.stream().map(Move::member).toArray(Long[]::new);
    jdbc.sql("""
        insert into loyalty.member_tier (member_id, tier_code, since, advisor)
        select m, t, :now, a from unnest(:m, :t, :a) as u(m, t, a)
        on conflict (member_id) do update set tier_code = excluded.tier_code,
               since = excluded.since, below_since = null, advisor = excluded.advisor
        """)
        .param("m", ids).param("t", moves.stream().map(m -> m.to().code()).toArray(String[]::new))
        .param("a", advisors.toArray(String[]::new)).param("now", ts(now)).update();
    recordAll(ids, moves.stream().map(m -> m.from() == null ? null : m.from().code())
            .toArray(String[]::new), moves.stream().map(m -> m.to().code()).toArray(String[]::new),
        cause, cause.equals("UPGRADE") ? "qualified" : "review", now);
  }

  /**
   * The advisor of each moving member (TIER-3): kept when the new tier lists them, else the
   * tier's next ones in turn (one statement per tier that deals any), none for a tier without.
   */
  private List<String> advisors(List<Move> moves) {
    Map<String, Integer> dealt = new HashMap<>();
    for (Move move : moves) {
      if (needsAdvisor(move)) {
        dealt.merge(move.to().code(), 1, Integer::sum);
      }
    }
    Map<String, Deque<String>> turns = new HashMap<>();
    dealt.forEach((tier, count) -> jdbc.sql("""
            update loyalty.tier set next_advisor = next_advisor + :k where code = :t
            returning next_advisor - :k, advisors
            """)
        .param("k", count).param("t", tier)
        .query((rs, n) -> {
          long first = rs.getLong(1);
          List<String> names = strings(rs.getArray(2));
          Deque<String> queue = new ArrayDeque<>();
          for (long turn = first; turn < first + count; turn++) {
            queue.add(names.get((int) (turn % names.size())));
          }
          return turns.put(tier, queue);
        })
        .list());
    List<String> advisors = new ArrayList<>();
    for (Move move : moves) {
      advisors.add(move.to().advisors().isEmpty() ? null
          : needsAdvisor(move) ? turns.get(move.to().code()).poll() : move.advisor());
    }
    return advisors;
  }

  private static boolean needsAdvisor(Move move) {
    List<String> listed = move.to().advisors();
    return !listed.isEmpty() && (move.advisor() == null || !listed.contains(move.advisor()));
  }

  private TierDefinition qualified(long member, List<TierDefinition> tiers, Instant now) {
    Map<LocalDate, Map<Long, Progress>> progress =
        progress(List.of(member), windowStarts(tiers, now));
    return qualified(tiers, tier -> progress.get(windowStart(tier, now)).get(member));
  }

  private static TierDefinition qualified(List<TierDefinition> tiers,
      Function<TierDefinition, Progress> progress) {
    TierDefinition best = null;
    for (TierDefinition tier : tiers) {
      if (tier.entry() || meets(tier, progress.apply(tier))) {
        best = tier;
      }
    }
    return best;
  }

  private static boolean meets(TierDefinition tier, Progress have) {
    return tier.qualifyPoints() != null && have.points() >= tier.qualifyPoints()
        || tier.qualifySpendFen() != null && have.spendFen() >= tier.qualifySpendFen()
        || tier.qualifyVisits() != null && have.visits() >= tier.qualifyVisits();
  }

  /** The first day of the tier's window: January 1st, or the day N days ago (TIER-1). */
  private LocalDate windowStart(TierDefinition tier, Instant now) {
    return tier.window() == Window.CALENDAR_YEAR
        ? progress.day(now).withDayOfYear(1)
        : progress.day(now.minus(Duration.ofDays(tier.windowDays())));
  }

  /** Where the windows of the tiers that members qualify for begin. */
  private Set<LocalDate> windowStarts(List<TierDefinition> tiers, Instant now) {
    return tiers.stream().filter(t -> !t.entry()).map(t -> windowStart(t, now))
        .collect(Collectors.toSet());
  }

  /**
   * Points earned (less refunds), spend (less refunds) and visits of each member from each start
   * day on, in one statement.
   */
  private Map<LocalDate, Map<Long, Progress>> progress(List<Long> members, Set<LocalDate> starts) {
    return members.isEmpty() || starts.isEmpty() ? Map.of()
        : progress.since(members, List.copyOf(starts));
  }

  private record Held(String tier, Instant since, Instant belowSince, boolean overridden,
      Instant overrideUntil, String advisor) {
    boolean overriddenAt(Instant now) {
      return overridden && (overrideUntil == null || overrideUntil.isAfter(now));
    }
  }

  private Optional<Held> held(long member, boolean lock) {
    return Optional.ofNullable(heldAll(List.of(member), lock).get(member));
  }

  private Map<Long, Held> heldAll(List<Long> members, boolean lock) {
    Map<Long, Held> held = new HashMap<>();
    jdbc.sql("select member_id, tier_code, since, below_since, overridden, override_until,"
            + " advisor from loyalty.member_tier where member_id = any(:m) order by member_id"
            + (lock ? " for update" : ""))
        .param("m", members.toArray(Long[]::new))
        .query((rs, n) -> held.put(rs.getLong(1), new Held(rs.getString(2), instant(rs, 3),
            instant(rs, 4), rs.getBoolean(5), instant(rs, 6), rs.getString(7))))
        .list();
    return held;
  }

  private void record(long member, String from, String to, String cause, String reason,
      Instant now) {
    recordAll(new Long[] {member}, new String[] {from}, new String[] {to}, cause, reason, now);
  }

  private void recordAll(Long[] members, String[] from, String[] to, String cause, String reason,
      Instant now) {
    jdbc.sql("""
        insert into loyalty.tier_history (member_id, from_tier, to_tier, cause, reason, actor, at)
        select m, f, t, :cause, :reason, :actor, :now from unnest(:m, :f, :t) as u(m, f, t)
        """)
        .param("m", members).param("f", from).param("t", to).param("cause", cause)
        .param("reason", reason).param("actor", Actor.current().label()).param("now", ts(now))
        .update();
  }

  private TierDefinition byCode(String code) {
    return ladder().stream().filter(t -> t.code().equals(code)).findFirst().orElse(null);
  }

  private List<TierDefinition> load() {
    return jdbc.sql("""
        select code, name_zh, name_en, rank, qualify_points, qualify_spend_fen, qualify_visits,
               window_kind, window_days, grace_days, advisors from loyalty.tier
        """)
        .query((rs, n) -> new TierDefinition(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getInt(4), (Long) rs.getObject(5), (Long) rs.getObject(6),
            (Integer) rs.getObject(7), Window.valueOf(rs.getString(8)), rs.getInt(9),
            rs.getInt(10), strings(rs.getArray(11))))
        .list().stream().sorted(Comparator.comparing(TierDefinition::rank)).toList();
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static Long missing(Long threshold, Long have) {
    return threshold == null ? null : Math.max(0, threshold - have);
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
