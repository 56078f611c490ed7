package io.loopline.loyalty;

import io.loopline.loyalty.EarningResult.Award;
import io.loopline.loyalty.EarningRule.Trigger;
import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.member.Segments;
import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns purchases and engagement into points (PTS-1, PTS-4): the rules in force (from the cache)
 * decide the points, tier multipliers and member days multiply them, caps limit them, and the
 * ledger posts one earning per rule with the event's id, so a repeated event earns nothing more.
 * A simulation runs the same evaluation and reads the caps without writing anything.
 */
@Service
@Transactional
public class Earnings {

  private final JdbcClient jdbc;
  private final PointsLedger ledger;
  private final EarningRules rules;
  private final RuleCaps caps;
  private final Tiers tiers;
  private final Members members;
  private final Segments segments;
  private final LoyaltySettings settings;
  private final Clock clock;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;

  Earnings(JdbcClient jdbc, PointsLedger ledger, EarningRules rules, RuleCaps caps, Tiers tiers,
      Members members, Segments segments, LoyaltySettings settings, Clock clock,
      JsonMapper json, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.rules = rules;
    this.caps = caps;
    this.tiers = tiers;
    this.members = members;
    this.segments = segments;
    this.settings = settings;
    this.clock = clock;
    this.json = json;
    this.events = events;
  }

  /** Earns the points of a completed purchase, once per order; 404 for an unknown member. */
  public EarningResult purchase(PurchaseEvent event) {
    return purchase(event, true);
  }

  /** What the purchase would earn now, without writing anything. */
  @Transactional(readOnly = true)
  public EarningResult simulate(PurchaseEvent event) {
    return purchase(event, false);
  }

  /** Earns the points of an engagement event, once per external id. */
  public EarningResult engage(EngagementEvent event) {
    return engage(event, true);
  }

  /** What the engagement would earn now, without writing anything. */
  @Transactional(readOnly = true)
  public EarningResult simulate(EngagementEvent event) {
    return engage(event, false);
  }

  /**
   * Takes back the points of a refunded purchase in proportion to the amount refunded so far;
   * 404 for an unknown order, 409 when more is refunded than was paid.
   */
  public PurchaseRefund.Result refund(String orderId, PurchaseRefund refund) {
    MemberId member = members.current(MemberId.parse(refund.memberId()));
    long[] purchase = jdbc.sql("select id, amount, refunded from loyalty.purchase"
            + " where member_id = :m and order_id = :o for update")
        .param("m", member.value()).param("o", orderId)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
        .optional().orElseThrow(() -> new NotFound("purchase", orderId));
    int recorded = jdbc.sql("""
        insert into loyalty.purchase_refund (member_id, external_id, purchase_id, amount, at)
        values (:m, :e, :p, :a, :now) on conflict do nothing
        """)
        .param("m", member.value()).param("e", refund.externalId()).param("p", purchase[0])
        .param("a", refund.amountFen()).param("now", Timestamp.from(clock.instant())).update();
    if (recorded == 0) {
      return new PurchaseRefund.Result(member.toString(), orderId, purchase[2], 0,
          ledger.balanceOf(member), true);
    }
    long refunded = purchase[2] + refund.amountFen();
    if (refunded > purchase[1]) {
      throw new Conflict("order " + orderId + " paid " + purchase[1] + " fen, of which "
          + purchase[2] + " are refunded already");
    }
    jdbc.sql("update loyalty.purchase set refunded = :r where member_id = :m and id = :p")
        .param("r", refunded).param("m", member.value()).param("p", purchase[0]).update();
    record Earned(String externalId, long points, long reversed) {}
    List<Earned> earned = jdbc.sql("select external_id, points, reversed"
            + " from loyalty.purchase_award where member_id = :m and purchase_id = :p")
        .param("m", member.value()).param("p", purchase[0])
        .query((rs, n) -> new Earned(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
    long total = 0;
    for (Earned e : earned) {
      long due = refunded == purchase[1] ? e.points()
          : Math.multiplyExact(e.points(), refunded) / purchase[1];
      long now = due - e.reversed();
      if (now > 0) {
        ledger.refundEarning(new PointsReversal(member.toString(), e.externalId(), now,
            refund.externalId() + "/" + e.externalId(), refund.reason()));
        jdbc.sql("update loyalty.purchase_award set reversed = :r where member_id = :m"
                + " and purchase_id = :p and external_id = :e")
            .param("r", due).param("m", member.value()).param("p", purchase[0])
            .param("e", e.externalId()).update();
        total += now;
      }
    }
    return new PurchaseRefund.Result(member.toString(), orderId, refunded, total,
        ledger.balanceOf(member), false);
  }

  private EarningResult purchase(PurchaseEvent event, boolean write) {
    MemberId member = members.current(MemberId.parse(event.memberId()));
    Instant at = event.at() == null ? clock.instant() : event.at();
    Long purchaseId = null;
    if (write) {
      Optional<Long> inserted = jdbc.sql("""
          insert into loyalty.purchase (member_id, order_id, amount, channel, venue, at)
          values (:m, :o, :a, :c, :v, :at) on conflict do nothing returning id
          """)
          .param("m", member.value()).param("o", event.orderId()).param("a", event.amountFen())
          .param("c", event.channel()).param("v", event.venue()).param("at", Timestamp.from(at))
          .query(Long.class).optional();
      if (inserted.isEmpty()) {
        return replayPurchase(member, event.orderId());
      }
      purchaseId = inserted.get();
    }
    LocalDate day = at.atZone(settings.zoneOf(event.venue())).toLocalDate();
    String tier = tiers.current(member).orElse(null);
    EarningRules.Book book = rules.book();
    List<MemberDay> days = book.memberDays().stream()
        .filter(d -> d.fallsOn(day) && eligible(d, tier, member)).toList();
    int dayPercent = days.stream().map(MemberDay::multiplierPercent).filter(Objects::nonNull)
        .max(Integer::compare).orElse(100);
    List<Award> awards = new ArrayList<>();
    for (EarningRule rule : book.rules()) {
      if (rule.trigger() != Trigger.PURCHASE || !rule.liveAt(at)
          || !matches(rule.channels(), event.channel()) || !matches(rule.venues(), event.venue())) {
        continue;
      }
      long eligible = eligibleAmount(rule, event);
      if (eligible == 0 || rule.minSpendFen() != null && eligible < rule.minSpendFen()) {
        continue;
      }
      long base = eligible / rule.perFen() * rule.points();
      int tierPercent = tier == null ? 100 : rule.tierMultipliers().getOrDefault(tier, 100);
      long computed = base * tierPercent * dayPercent / 10_000;
      String reason = rule.name() + ": " + base + (tierPercent != 100 ? " × " + tier + " "
          + tierPercent + "%" : "") + (dayPercent != 100 ? " × member day " + dayPercent + "%" : "");
      long points = caps.allow(member.value(), rule, computed, day, write);
      awards.add(new Award(rule.code(), computed, points, rule.maturesInDays() != null, reason));
      if (write && points > 0) {
        post(member, purchaseId, event.orderId(), rule.code(), points, "PURCHASE", reason,
            rule.expiry(), rule.maturesInDays());
      }
    }
    for (MemberDay d : days) {
      if (d.bonusPoints() != null) {
        String code = "day:" + d.code();
        awards.add(new Award(code, d.bonusPoints(), d.bonusPoints(), false, d.name()));
        if (write) {
          post(member, purchaseId, event.orderId(), code, d.bonusPoints(), "MEMBER_DAY",
              d.name(), null, null);
        }
      }
    }
    if (write) {
      rewardReferrer(member, at);
      events.publishEvent(new LoyaltyActivity(member.value()));
    }
    return new EarningResult(member.toString(), event.orderId(), awards,
        ledger.balanceOf(member), false);
  }

  private void post(MemberId member, long purchaseId, String orderId, String rule, long points,
      String cause, String reason, PointsExpiry expiry, Integer maturesInDays) {
    String externalId = orderId + "/" + rule;
    ledger.earn(member, new PointsChange(member.toString(), points, cause, orderId, reason,
        externalId, expiry, maturesInDays));
    jdbc.sql("""
        insert into loyalty.purchase_award (member_id, purchase_id, external_id, rule_code, points)
        values (:m, :p, :e, :r, :n)
        """)
        .param("m", member.value()).param("p", purchaseId).param("e", externalId)
        .param("r", rule).param("n", points).update();
  }

  private EarningResult replayPurchase(MemberId member, String orderId) {
    List<Award> awards = jdbc.sql("""
        select a.rule_code, a.points from loyalty.purchase_award a
          join loyalty.purchase p on p.member_id = a.member_id and p.id = a.purchase_id
         where p.member_id = :m and p.order_id = :o order by a.rule_code
        """)
        .param("m", member.value()).param("o", orderId)
        .query((rs, n) -> new Award(rs.getString(1), rs.getLong(2), rs.getLong(2), false,
            "earned before"))
        .list();
    return new EarningResult(member.toString(), orderId, awards, ledger.balanceOf(member), true);
  }

  /**
   * The referrer earns when the member they referred completes a first purchase: a referral is
   * only taken for a member who has not bought, so the purchase that finds it open is the first.
   */
  private void rewardReferrer(MemberId member, Instant at) {
    Optional<Long> referrer = jdbc.sql("update loyalty.referral set awarded_at = :now"
            + " where member_id = :m and awarded_at is null returning referrer_id")
        .param("now", Timestamp.from(at)).param("m", member.value())
        .query(Long.class).optional();
    if (referrer.isEmpty()) {
      return;
    }
    MemberId by = members.current(new MemberId(referrer.get()));
    String tier = tiers.current(by).orElse(null);
    LocalDate day = at.atZone(settings.zone()).toLocalDate();
    for (EarningRule rule : rules.book().rules()) {
      if (rule.trigger() == Trigger.REFERRAL && rule.liveAt(at)) {
        long points = caps.allow(by.value(), rule, multiplied(rule, tier, 0), day, true);
        if (points > 0) {
          ledger.earn(by, new PointsChange(by.toString(), points, "REFERRAL", member.toString(),
              rule.name(), "referral-" + member + "/" + rule.code(), rule.expiry(),
              rule.maturesInDays()));
        }
      }
    }
  }

  private EarningResult engage(EngagementEvent event, boolean write) {
    MemberId member = members.current(MemberId.parse(event.memberId()));
    Instant at = event.at() == null ? clock.instant() : event.at();
    if (write) {
      int fresh = jdbc.sql("""
          insert into loyalty.engagement (member_id, external_id, kind, awards, at)
          values (:m, :e, :k, '[]', :at) on conflict do nothing
          """)
          .param("m", member.value()).param("e", event.externalId())
          .param("k", event.kind().name()).param("at", Timestamp.from(at)).update();
      if (fresh == 0) {
        return replayEngagement(member, event.externalId());
      }
    }
    LocalDate day = at.atZone(settings.zoneOf(event.venue())).toLocalDate();
    if (event.kind() == Trigger.PURCHASE) {
      throw new InvalidInput("kind", "purchases are posted as purchases");
    }
    if (event.kind() == Trigger.REFERRAL) {
      refer(member, event, at, write);
      return new EarningResult(member.toString(), event.externalId(), List.of(),
          ledger.balanceOf(member), false);
    }
    int streak = event.kind() == Trigger.DAILY_SIGN_IN ? signIn(member, day, write) : 0;
    String tier = tiers.current(member).orElse(null);
    List<Award> awards = new ArrayList<>();
    for (EarningRule rule : rules.book().rules()) {
      if (rule.trigger() != event.kind() || !rule.liveAt(at)
          || !matches(rule.venues(), event.venue())) {
        continue;
      }
      long computed = multiplied(rule, tier, streak);
      long points = caps.allow(member.value(), rule, computed, day, write);
      String reason = rule.name() + (streak > 1 ? " (" + streak + "-day streak)" : "");
      awards.add(new Award(rule.code(), computed, points, rule.maturesInDays() != null, reason));
      if (write && points > 0) {
        ledger.earn(member, new PointsChange(member.toString(), points, "ENGAGEMENT", event.ref(),
            reason, event.externalId() + "/" + rule.code(), rule.expiry(),
            rule.maturesInDays()));
      }
    }
    if (write) {
      jdbc.sql("update loyalty.engagement set awards = cast(:a as jsonb)"
              + " where member_id = :m and external_id = :e")
          .param("a", json.writeValueAsString(awards)).param("m", member.value())
          .param("e", event.externalId()).update();
    }
    return new EarningResult(member.toString(), event.externalId(), awards,
        ledger.balanceOf(member), false);
  }

  private EarningResult replayEngagement(MemberId member, String externalId) {
    String awards = jdbc.sql("select awards from loyalty.engagement"
            + " where member_id = :m and external_id = :e")
        .param("m", member.value()).param("e", externalId).query(String.class).single();
    return new EarningResult(member.toString(), externalId,
        json.readValue(awards, new TypeReference<List<Award>>() {}), ledger.balanceOf(member),
        true);
  }

  private void refer(MemberId referrer, EngagementEvent event, Instant at, boolean write) {
    if (event.ref() == null || event.ref().isBlank()) {
      throw new InvalidInput("ref", "name the referred member");
    }
    MemberId referred = members.current(MemberId.parse(event.ref()));
    if (referred.equals(referrer)) {
      throw new InvalidInput("ref", "a member cannot refer themselves");
    }
    boolean bought = jdbc.sql("select exists (select 1 from loyalty.purchase"
            + " where member_id = :m)").param("m", referred.value())
        .query(Boolean.class).single();
    if (bought) {
      throw new Conflict("member " + referred + " has already bought, so cannot be referred");
    }
    Optional<Long> earlier = jdbc.sql("select referrer_id from loyalty.referral"
            + " where member_id = :m").param("m", referred.value()).query(Long.class).optional();
    if (earlier.isPresent() && earlier.get() != referrer.value()) {
      throw new Conflict("member " + referred + " was referred by another member");
    }
    if (write && earlier.isEmpty()) {
      jdbc.sql("insert into loyalty.referral (member_id, referrer_id, at) values (:m, :r, :at)"
              + " on conflict do nothing")
          .param("m", referred.value()).param("r", referrer.value())
          .param("at", Timestamp.from(at)).update();
    }
  }

  /** The member's streak of daily sign-ins including {@code day}; 409 when signed in already. */
  private int signIn(MemberId member, LocalDate day, boolean write) {
    String streak = "coalesce((select streak from loyalty.sign_in where member_id = :m"
        + " and day = :yesterday), 0) + 1";
    if (!write) {
      return jdbc.sql("select " + streak).param("m", member.value())
          .param("yesterday", day.minusDays(1)).query(Integer.class).single();
    }
    return jdbc.sql("insert into loyalty.sign_in (member_id, day, streak) values (:m, :day, "
            + streak + ") on conflict do nothing returning streak")
        .param("m", member.value()).param("day", day).param("yesterday", day.minusDays(1))
        .query(Integer.class).optional()
        .orElseThrow(() -> new Conflict("already signed in on " + day));
  }

  private static long multiplied(EarningRule rule, String tier, int streak) {
    int tierPercent = tier == null ? 100 : rule.tierMultipliers().getOrDefault(tier, 100);
    return rule.points() * tierPercent / 100 + rule.streakBonuses().getOrDefault(streak, 0L);
  }

  private boolean eligible(MemberDay day, String tier, MemberId member) {
    return (day.tiers().isEmpty() || tier != null && day.tiers().contains(tier))
        && (day.segment() == null || day.segment().isBlank()
            || segments.contains(day.segment(), member.value()));
  }

  private static long eligibleAmount(EarningRule rule, PurchaseEvent event) {
    if (rule.categories().isEmpty() && rule.products().isEmpty()) {
      return event.amountFen();
    }
    return event.lines().stream()
        .filter(l -> matchesGiven(rule.categories(), l.category())
            || matchesGiven(rule.products(), l.product()))
        .mapToLong(PurchaseEvent.Line::amountFen).sum();
  }

  private static boolean matches(Set<String> allowed, String value) {
    return allowed.isEmpty() || matchesGiven(allowed, value);
  }

  /** Immutable sets refuse to look up null. */
  private static boolean matchesGiven(Set<String> allowed, String value) {
    return value != null && allowed.contains(value);
  }
}
