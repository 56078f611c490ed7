package io.loopline.loyalty;

import static java.util.stream.Collectors.joining;

import io.loopline.loyalty.EarningResult.Award;
import io.loopline.loyalty.EarningRule.Trigger;
import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.member.Segments;
import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import io.loopline.platform.Actor;
import io.loopline.platform.batch.WriteBatcher.Outcome;
import io.loopline.platform.db.DeferredWrites;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final DeferredWrites writes;
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
  private final TierProgress progress;

  Earnings(JdbcClient jdbc, DeferredWrites writes, PointsLedger ledger, EarningRules rules,
      RuleCaps caps, Tiers tiers, Members members, Segments segments, LoyaltySettings settings,
      Clock clock, JsonMapper json, ApplicationEventPublisher events, TierProgress progress) {
    this.jdbc = jdbc;
    this.writes = writes;
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
    this.progress = progress;
  }

  /** Earns the points of a completed purchase, once per order; 404 for an unknown member. */
  public EarningResult purchase(PurchaseEvent event) {
    return purchaseAll(List.of(resolve(event))).get(0);
  }

  /** What the purchase would earn now, without writing anything. */
  @Transactional(readOnly = true)
  public EarningResult simulate(PurchaseEvent event) {
    Purchase purchase = resolve(event);
    MemberId member = purchase.member();
    Plan plan = plan(purchase, tiers.current(member).orElse(null));
    List<Award> awards = plan.awards(caps.allowAll(plan.wanted(), false));
    return new EarningResult(member.toString(), event.orderId(), awards,
        ledger.balanceOf(member), false);
  }

  /** A purchase whose member is resolved, with its time and who posts it. */
  record Purchase(PurchaseEvent event, MemberId member, Instant at, String actor) {}

  /** One purchase resolved for the current actor; 400/404 thrown as {@link #resolve(List, List)}. */
  private Purchase resolve(PurchaseEvent event) {
    Outcome<Purchase> purchase = resolve(List.of(event), List.of(Actor.current().label())).get(0);
    if (purchase.failure() != null) {
      throw purchase.failure();
    }
    return purchase.value();
  }

  /**
   * Resolves the members of purchases with one statement: each in order, or its failure (400
   * for a malformed member id, 404 for an unknown one).
   */
  @Transactional(readOnly = true)
  List<Outcome<Purchase>> resolve(List<PurchaseEvent> events, List<String> actors) {
    List<Outcome<MemberId>> ids = new ArrayList<>();
    for (PurchaseEvent event : events) {
      try {
        ids.add(Outcome.of(MemberId.parse(event.memberId())));
      } catch (RuntimeException e) {
        ids.add(Outcome.failed(e));
      }
    }
    Map<MemberId, MemberId> current = members.current(ids.stream()
        .filter(o -> o.failure() == null).map(Outcome::value).toList());
    Instant now = clock.instant();
    List<Outcome<Purchase>> purchases = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      PurchaseEvent event = events.get(i);
      Outcome<MemberId> id = ids.get(i);
      if (id.failure() != null) {
        purchases.add(Outcome.failed(id.failure()));
      } else if (!current.containsKey(id.value())) {
        purchases.add(Outcome.failed(new NotFound("member", event.memberId())));
      } else {
        purchases.add(Outcome.of(new Purchase(event, current.get(id.value()),
            event.at() == null ? now : event.at(), actors.get(i))));
      }
    }
    return purchases;
  }

  /**
   * Earns the points of many purchases of different members with one statement per step: the
   * orders, the caps, the ledger, the awards, the referrals and the tiers. Each answer in order;
   * an order posted before answers as the first time.
   */
  List<EarningResult> purchaseAll(List<Purchase> purchases) {
    Map<Long, Posted> posted = newOrders(purchases);
    List<Purchase> fresh = purchases.stream()
        .filter(p -> posted.containsKey(p.member().value())).toList();
    Map<Long, String> held = new HashMap<>();
    posted.forEach((member, p) -> {
      if (p.tier() != null) {
        held.put(member, p.tier());
      }
    });
    Map<Long, String> tierOf = tiers.withEntryTier(posted.keySet(), held);
    List<Plan> plans = fresh.stream().map(p -> plan(p, tierOf.get(p.member().value()))).toList();
    List<Long> granted = caps.allowAll(plans.stream().flatMap(p -> p.wanted().stream())
        .toList(), true);
    List<PointsLedger.Earning> earnings = new ArrayList<>();
    Map<Long, List<Award>> awards = new HashMap<>();
    Map<Long, List<PurchaseAward>> recorded = new HashMap<>();
    int next = 0;
    for (Plan plan : plans) {
      Purchase p = plan.purchase();
      List<Award> mine = plan.awards(granted.subList(next, next += plan.rules().size()));
      awards.put(p.member().value(), mine);
      recorded.put(p.member().value(), earnings(p, mine, plan.rules(), earnings));
    }
    List<PointsPosted> credited = ledger.earnAll(earnings);
    Map<Long, Long> balance = new HashMap<>();
    for (int i = 0; i < credited.size(); i++) {
      balance.put(earnings.get(i).member().value(), credited.get(i).balance());
    }
    recordOrders(fresh, recorded);
    rewardReferrers(fresh, posted);
    fresh.forEach(p -> events.publishEvent(new LoyaltyActivity(p.member().value())));
    List<EarningResult> results = new ArrayList<>();
    for (Purchase p : purchases) {
      MemberId member = p.member();
      if (!posted.containsKey(member.value())) {
        results.add(replayPurchase(member, p.event().orderId()));
      } else {
        results.add(new EarningResult(member.toString(), p.event().orderId(),
            awards.get(member.value()), balance.containsKey(member.value())
                ? balance.get(member.value()) : ledger.balanceOf(member), false));
      }
    }
    return results;
  }

  /** What an order awarded by one rule or member day, and how much of it a refund reversed. */
  record PurchaseAward(String externalId, String rule, long points, long reversed) {
    PurchaseAward reversedTo(long due) {
      return new PurchaseAward(externalId, rule, points, due);
    }
  }

  /**
   * Adds the ledger earnings of a purchase's awards ({@code rules} are those of its first awards,
   * the rest are member days' bonuses) and returns what each award posted. The awards spendable
   * at once are one entry for the order, whose lots keep each rule's expiry; an award with a
   * return window is a pending earning of its own.
   */
  private static List<PurchaseAward> earnings(Purchase p, List<Award> awards,
      List<EarningRule> rules, List<PointsLedger.Earning> earnings) {
    String orderId = p.event().orderId();
    List<PurchaseAward> kept = new ArrayList<>();
    List<Award> atOnce = new ArrayList<>();
    List<PointsLedger.Share> shares = new ArrayList<>();
    boolean byRule = false;
    for (int i = 0; i < awards.size(); i++) {
      Award award = awards.get(i);
      EarningRule rule = i < rules.size() ? rules.get(i) : null;
      if (award.points() <= 0) {
        continue;
      }
      if (rule != null && rule.maturesInDays() != null) {
        String externalId = orderId + "/" + award.rule();
        earnings.add(new PointsLedger.Earning(p.member(), new PointsChange(p.member().toString(),
            award.points(), "PURCHASE", orderId, award.reason(), externalId, rule.expiry(),
            rule.maturesInDays()), p.actor()));
        kept.add(new PurchaseAward(externalId, award.rule(), award.points(), 0));
      } else {
        byRule |= rule != null;
        atOnce.add(award);
        shares.add(new PointsLedger.Share(award.points(), rule == null ? null : rule.expiry()));
      }
    }
    if (!atOnce.isEmpty()) {
      String posted = orderId + "/" + atOnce.stream().map(Award::rule).collect(joining("+"));
      earnings.add(new PointsLedger.Earning(p.member(), new PointsChange(p.member().toString(),
          atOnce.stream().mapToLong(Award::points).sum(), byRule ? "PURCHASE" : "MEMBER_DAY",
          orderId, atOnce.stream().map(Award::reason).collect(joining("; ")), posted, null,
          null), p.actor(), shares));
      atOnce.forEach(a -> kept.add(new PurchaseAward(posted, a.rule(), a.points(), 0)));
    }
    return kept;
  }

  /**
   * A new order: the tier its member holds (null for none) and, when this is the member's first
   * purchase after a referral, who referred them.
   */
  private record Posted(String tier, Long referrer) {}

  /**
   * The purchases whose orders are new, by member (an order posted before is left out), with one
   * statement that also reads their members' tiers; the referrals their first purchases
   * complete are closed (locked, so one purchase closes each). A referral stays open until the
   * referred member has bought, so the purchase that closes it is the first. The orders are
   * written by {@link #recordOrders}: should another transaction post one of them meanwhile,
   * that write fails and the whole call with it.
   */
  private Map<Long, Posted> newOrders(List<Purchase> purchases) {
    Map<Long, String> tier = new HashMap<>();
    List<Purchase> referred = new ArrayList<>();
    Map<Long, Purchase> byMember = new HashMap<>();
    purchases.forEach(p -> byMember.put(p.member().value(), p));
    jdbc.sql("""
        select u.m, t.tier_code, exists (select 1 from loyalty.referral r
                                          where r.member_id = u.m and r.awarded_at is null)
          from unnest(:members, :orders) as u(m, o)
          left join loyalty.member_tier t on t.member_id = u.m
         where not exists (select 1 from loyalty.purchase p
                            where p.member_id = u.m and p.order_id = u.o)
        """)
        .param("members", purchases.stream().map(p -> p.member().value()).toArray(Long[]::new))
        .param("orders", purchases.stream().map(p -> p.event().orderId()).toArray(String[]::new))
        .query((rs, n) -> {
          tier.put(rs.getLong(1), rs.getString(2));
          if (rs.getBoolean(3)) {
            referred.add(byMember.get(rs.getLong(1)));
          }
          return null;
        }).list();
    Map<Long, Long> referrer = referred.isEmpty() ? Map.of() : closeReferrals(referred);
    Map<Long, Posted> posted = new HashMap<>();
    tier.forEach((member, code) -> posted.put(member, new Posted(code, referrer.get(member))));
    return posted;
  }

  /** Closes the open referrals of members, as of their purchases: who referred each. */
  private Map<Long, Long> closeReferrals(List<Purchase> purchases) {
    Map<Long, Long> referrer = new HashMap<>();
    jdbc.sql("""
        update loyalty.referral r set awarded_at = cast(u.t as timestamptz)
          from unnest(:members, :ats) as u(m, t)
         where r.member_id = u.m and r.awarded_at is null
        returning r.member_id, r.referrer_id
        """)
        .param("members", purchases.stream().map(p -> p.member().value()).toArray(Long[]::new))
        .param("ats", purchases.stream().map(p -> p.at().toString()).toArray(String[]::new))
        .query((rs, n) -> referrer.put(rs.getLong(1), rs.getLong(2))).list();
    return referrer;
  }

  /** Writes the new orders with what each awarded, and counts them for tiers, before commit. */
  private void recordOrders(List<Purchase> purchases, Map<Long, List<PurchaseAward>> awards) {
    if (purchases.isEmpty()) {
      return;
    }
    progress.add(purchases.stream().map(p -> new TierProgress.Change(p.member().value(), p.at(),
        0, p.event().amountFen(), p.event().amountFen() > 0 ? 1 : 0)).toList());
    writes.add("""
        insert into loyalty.purchase (member_id, order_id, amount, channel, venue, at, awards)
        select m, o, a, c, v, cast(t as timestamptz), cast(w as jsonb)
          from unnest(:members, :orders, :amounts, :channels, :venues, :ats, :awards)
               as u(m, o, a, c, v, t, w)
        """, Map.of(
        "members", purchases.stream().map(p -> p.member().value()).toArray(Long[]::new),
        "orders", purchases.stream().map(p -> p.event().orderId()).toArray(String[]::new),
        "amounts", purchases.stream().map(p -> p.event().amountFen()).toArray(Long[]::new),
        "channels", purchases.stream().map(p -> p.event().channel()).toArray(String[]::new),
        "venues", purchases.stream().map(p -> p.event().venue()).toArray(String[]::new),
        "ats", purchases.stream().map(p -> p.at().toString()).toArray(String[]::new),
        "awards", purchases.stream()
            .map(p -> json.writeValueAsString(awards.get(p.member().value())))
            .toArray(String[]::new)));
  }

  /** What the rules in force want to award a purchase, before caps. */
  private record Plan(Purchase purchase, List<EarningRule> rules, List<RuleCaps.Wanted> wanted,
      List<String> reasons, List<MemberDay> days) {

    /** One award per rule after its caps ({@code granted}), then the member days' bonuses. */
    List<Award> awards(List<Long> granted) {
      List<Award> awards = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        awards.add(new Award(rules.get(i).code(), wanted.get(i).points(), granted.get(i),
            rules.get(i).maturesInDays() != null, reasons.get(i)));
      }
      days.stream().filter(d -> d.bonusPoints() != null).forEach(d -> awards.add(
          new Award("day:" + d.code(), d.bonusPoints(), d.bonusPoints(), false, d.name())));
      return awards;
    }
  }

  private Plan plan(Purchase p, String tier) {
    PurchaseEvent event = p.event();
    LocalDate day = localDay(p.at(), event.venue());
    EarningRules.Book book = rules.book();
    List<MemberDay> days = book.memberDays().stream()
        .filter(d -> d.fallsOn(day) && eligible(d, tier, p.member())).toList();
    int dayPercent = days.stream().map(MemberDay::multiplierPercent).filter(Objects::nonNull)
        .max(Integer::compare).orElse(100);
    List<EarningRule> fired = new ArrayList<>();
    List<RuleCaps.Wanted> wanted = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (EarningRule rule : book.rules()) {
      if (rule.trigger() != Trigger.PURCHASE || !rule.liveAt(p.at())
          || !matches(rule.channels(), event.channel()) || !matches(rule.venues(), event.venue())) {
        continue;
      }
      long eligible = eligibleAmount(rule, event);
      if (eligible == 0 || rule.minSpendFen() != null && eligible < rule.minSpendFen()) {
        continue;
      }
      long base = eligible / rule.perFen() * rule.points();
      int tierPercent = tier == null ? 100 : rule.tierMultipliers().getOrDefault(tier, 100);
      fired.add(rule);
      wanted.add(new RuleCaps.Wanted(p.member().value(), rule,
          base * tierPercent * dayPercent / 10_000, day));
      reasons.add(rule.name() + ": " + base + (tierPercent != 100 ? " × " + tier + " "
          + tierPercent + "%" : "") + (dayPercent != 100 ? " × member day " + dayPercent + "%"
          : ""));
    }
    return new Plan(p, fired, wanted, reasons, days);
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
    Held purchase = heldPurchase(member.value(), orderId)
        .or(() -> members.mergedInto(member).stream()
            .flatMap(merged -> heldPurchase(merged.value(), orderId).stream()).findFirst())
        .orElseThrow(() -> new NotFound("purchase", orderId));
    long holder = purchase.member();
    int recorded = jdbc.sql("""
        insert into loyalty.purchase_refund (member_id, external_id, purchase_id, amount, at)
        values (:m, :e, :p, :a, :now) on conflict do nothing
        """)
        .param("m", holder).param("e", refund.externalId()).param("p", purchase.id())
        .param("a", refund.amountFen()).param("now", Timestamp.from(clock.instant())).update();
    if (recorded == 0) {
      return new PurchaseRefund.Result(member.toString(), orderId, purchase.refunded(), 0,
          ledger.balanceOf(member), true);
    }
    long refunded = purchase.refunded() + refund.amountFen();
    if (refunded > purchase.amount()) {
      throw new Conflict("order " + orderId + " paid " + purchase.amount() + " fen, of which "
          + purchase.refunded() + " are refunded already");
    }
    Map<String, EarningRule> ruleByCode = new HashMap<>();
    rules.book().rules().forEach(r -> ruleByCode.put(r.code(), r));
    long total = 0;
    List<PurchaseAward> after = new ArrayList<>();
    // awards posted as one entry are reversed together
    Map<String, Long> reversed = new LinkedHashMap<>();
    for (PurchaseAward award : purchase.awards()) {
      long due = refunded == purchase.amount() ? award.points()
          : Math.multiplyExact(award.points(), refunded) / purchase.amount();
      long now = due - award.reversed();
      if (now > 0) {
        reversed.merge(award.externalId(), now, Long::sum);
        if (ruleByCode.containsKey(award.rule())) {
          caps.giveBack(holder, ruleByCode.get(award.rule()), purchase.day(), now);
        }
        total += now;
      }
      after.add(now > 0 ? award.reversedTo(due) : award);
    }
    reversed.forEach((earning, points) -> ledger.refundEarning(new PointsReversal(
        member.toString(), earning, points, refund.externalId() + "/" + earning,
        refund.reason())));
    jdbc.sql("update loyalty.purchase set refunded = :r, awards = cast(:a as jsonb)"
            + " where member_id = :m and id = :p")
        .param("r", refunded).param("a", json.writeValueAsString(after)).param("m", holder)
        .param("p", purchase.id()).update();
    // refunded in full, the order is no longer a visit
    progress.add(List.of(new TierProgress.Change(holder, purchase.at(), 0, -refund.amountFen(),
        refunded == purchase.amount() && purchase.amount() > purchase.refunded() ? -1 : 0)));
    return new PurchaseRefund.Result(member.toString(), orderId, refunded, total,
        ledger.balanceOf(member), false);
  }

  private LocalDate localDay(Instant at, String venue) {
    return at.atZone(settings.zoneOf(venue)).toLocalDate();
  }

  /**
   * An order held for a refund: its member, id, amount, refunded part, when it was made, its
   * venue's day and its awards.
   */
  private record Held(long member, long id, long amount, long refunded, Instant at,
      LocalDate day, List<PurchaseAward> awards) {}

  private static final TypeReference<List<PurchaseAward>> AWARDS = new TypeReference<>() {};

  /** The member's order, locked; empty when they have none. */
  private Optional<Held> heldPurchase(long member, String orderId) {
    return jdbc.sql("select member_id, id, amount, refunded, at, venue, awards"
            + " from loyalty.purchase where member_id = :m and order_id = :o for update")
        .param("m", member).param("o", orderId)
        .query((rs, n) -> {
          Instant at = rs.getTimestamp(5).toInstant();
          return new Held(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), at,
              localDay(at, rs.getString(6)), json.readValue(rs.getString(7), AWARDS));
        })
        .optional();
  }

  private EarningResult replayPurchase(MemberId member, String orderId) {
    List<Award> awards = jdbc.sql("select awards from loyalty.purchase"
            + " where member_id = :m and order_id = :o")
        .param("m", member.value()).param("o", orderId).query(String.class).optional()
        .map(stored -> json.readValue(stored, AWARDS)).orElse(List.of()).stream()
        .sorted(Comparator.comparing(PurchaseAward::rule))
        .map(a -> new Award(a.rule(), a.points(), a.points(), false, "earned before"))
        .toList();
    return new EarningResult(member.toString(), orderId, awards, ledger.balanceOf(member), true);
  }

  /** Pays the referrers of members whose first purchase closed their referral. */
  private void rewardReferrers(List<Purchase> purchases, Map<Long, Posted> posted) {
    for (Purchase p : purchases) {
      Long referrer = posted.get(p.member().value()).referrer();
      if (referrer != null) {
        rewardReferrer(p.member(), new MemberId(referrer), p.at());
      }
    }
  }

  private void rewardReferrer(MemberId member, MemberId referrer, Instant at) {
    MemberId by = members.current(referrer);
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
    LocalDate day = localDay(at, event.venue());
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
