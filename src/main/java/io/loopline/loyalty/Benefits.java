package io.loopline.loyalty;

import io.loopline.loyalty.BenefitQuota.Period;
import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.platform.Actor;
import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The benefits catalogue and its ledger (TIER-2): each tier gives a quota of each benefit per
 * period; a use takes from a per-member counter by one conditional statement, so concurrent uses
 * never exceed the quota; a refund gives the use back to its period. Every use and refund is an
 * append-only line with who, where, when and for which booking or order, once per external id.
 */
@Service
@Transactional
public class Benefits {

  private final JdbcClient jdbc;
  private final Members members;
  private final Tiers tiers;
  private final LoyaltySettings settings;
  private final Clock clock;

  Benefits(JdbcClient jdbc, Members members, Tiers tiers, LoyaltySettings settings,
      Clock clock) {
    this.jdbc = jdbc;
    this.members = members;
    this.tiers = tiers;
    this.settings = settings;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public List<Benefit> catalogue() {
    return jdbc.sql("select code, kind, name_zh, name_en, unit from loyalty.benefit order by code")
        .query((rs, n) -> new Benefit(rs.getString(1), Benefit.Kind.valueOf(rs.getString(2)),
            rs.getString(3), rs.getString(4), rs.getString(5)))
        .list();
  }

  /** The benefits matrix: every tier × benefit quota. */
  @Transactional(readOnly = true)
  public List<BenefitQuota> quotas() {
    return jdbc.sql("select tier_code, benefit_code, quota, period from loyalty.benefit_quota"
            + " order by tier_code, benefit_code")
        .query((rs, n) -> new BenefitQuota(rs.getString(1), rs.getString(2),
            (Integer) rs.getObject(3), Period.valueOf(rs.getString(4))))
        .list();
  }

  public Benefit save(Benefit benefit) {
    jdbc.sql("""
        insert into loyalty.benefit (code, kind, name_zh, name_en, unit)
        values (:code, :kind, :zh, :en, :unit)
        on conflict (code) do update set kind = excluded.kind, name_zh = excluded.name_zh,
               name_en = excluded.name_en, unit = excluded.unit
        """)
        .param("code", benefit.code()).param("kind", benefit.kind().name())
        .param("zh", benefit.nameZh()).param("en", benefit.nameEn()).param("unit", benefit.unit())
        .update();
    return benefit;
  }

  /** Sets a tier's quota of a benefit; 404 for an unknown benefit, 400 for an unknown tier. */
  public BenefitQuota setQuota(String benefit, String tier, BenefitQuota quota) {
    benefit(benefit);
    try {
      jdbc.sql("""
          insert into loyalty.benefit_quota (tier_code, benefit_code, quota, period)
          values (:t, :b, :q, :p)
          on conflict (tier_code, benefit_code) do update set quota = excluded.quota,
                 period = excluded.period
          """)
          .param("t", tier).param("b", benefit).param("q", quota.quota())
          .param("p", quota.period().name()).update();
    } catch (DataIntegrityViolationException e) {
      throw new InvalidInput("tier", "no tier " + tier);
    }
    return new BenefitQuota(tier, benefit, quota.quota(), quota.period());
  }

  /** Takes the tier's quota of a benefit away. */
  public void removeQuota(String benefit, String tier) {
    if (jdbc.sql("delete from loyalty.benefit_quota where tier_code = :t and benefit_code = :b")
        .param("t", tier).param("b", benefit).update() == 0) {
      throw new NotFound("quota", tier + "/" + benefit);
    }
  }

  /**
   * Uses a benefit: 404 for an unknown benefit, 409 when the member's tier does not include it
   * or its quota for the period is used up; a repeated external id answers the first use.
   */
  public BenefitUsed use(String benefit, BenefitUse use) {
    benefit(benefit);
    MemberId member = members.current(MemberId.parse(use.memberId()));
    Optional<BenefitUsed> earlier = line(member.value(), "USE", use.externalId());
    if (earlier.isPresent()) {
      return earlier.get();
    }
    String tier = tiers.current(member)
        .orElseThrow(() -> new Conflict("the member has no tier, so no benefits"));
    BenefitQuota quota = quota(tier, benefit)
        .orElseThrow(() -> new Conflict("tier " + tier + " does not include " + benefit));
    Instant now = clock.instant();
    String period = periodKey(quota.period(), LocalDate.ofInstant(now,
        settings.zoneOf(use.venue())));
    jdbc.sql("insert into loyalty.benefit_counter (member_id, benefit_code, period_key, used)"
            + " values (:m, :b, :p, 0) on conflict do nothing")
        .param("m", member.value()).param("b", benefit).param("p", period).update();
    Optional<Integer> used = jdbc.sql("""
        update loyalty.benefit_counter set used = used + :q
         where member_id = :m and benefit_code = :b and period_key = :p
           and (cast(:quota as int) is null or used + :q <= :quota)
        returning used
        """)
        .param("q", use.quantity()).param("m", member.value()).param("b", benefit)
        .param("p", period).param("quota", quota.quota()).query(Integer.class).optional();
    if (used.isEmpty()) {
      throw new Conflict("the " + quota.quota() + " " + benefit + " of period " + period
          + " are used up");
    }
    long id;
    try {
      id = insertLine(member.value(), benefit, "USE", use.quantity(), period, tier,
          use.externalId(), null, use.venue(), use.ref(), now);
    } catch (DuplicateKeyException e) {
      throw new Conflict("use " + use.externalId() + " is being recorded by another request");
    }
    return line(member.value(), id, remaining(quota.quota(), used.get()), false);
  }

  /**
   * Gives a use back to its period (a cancelled booking); 404 for an unknown use, 409 when it was
   * refunded already under another external id.
   */
  public BenefitUsed refund(String benefit, String memberId, String useExternalId,
      String externalId) {
    MemberId member = members.current(MemberId.parse(memberId));
    Optional<BenefitUsed> earlier = line(member.value(), "REFUND", externalId);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    BenefitUsed original = line(member.value(), "USE", useExternalId)
        .filter(u -> u.benefit().equals(benefit))
        .orElseThrow(() -> new NotFound("benefit use", useExternalId));
    boolean refunded = jdbc.sql("select exists (select 1 from loyalty.benefit_use"
            + " where member_id = :m and original_id = :o)")
        .param("m", member.value()).param("o", original.id()).query(Boolean.class).single();
    if (refunded) {
      throw new Conflict("use " + useExternalId + " was refunded already");
    }
    int used = jdbc.sql("""
        update loyalty.benefit_counter set used = used - :q
         where member_id = :m and benefit_code = :b and period_key = :p returning used
        """)
        .param("q", original.quantity()).param("m", member.value()).param("b", benefit)
        .param("p", original.period()).query(Integer.class).single();
    long id = insertLine(member.value(), benefit, "REFUND", original.quantity(),
        original.period(), original.tier(), externalId, original.id(), original.venue(),
        original.ref(), clock.instant());
    Integer quota = quota(original.tier(), benefit).map(BenefitQuota::quota).orElse(null);
    return line(member.value(), id, remaining(quota, used), false);
  }

  /** What the member has of each benefit of their tier in the current period. */
  @Transactional(readOnly = true)
  public List<BenefitBalance> balances(String memberId) {
    MemberId member = members.current(MemberId.parse(memberId));
    Optional<String> tier = tiers.current(member);
    if (tier.isEmpty()) {
      return List.of();
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), settings.zone());
    return jdbc.sql("""
        select b.code, b.kind, b.name_zh, b.name_en, b.unit, q.quota, q.period
          from loyalty.benefit_quota q join loyalty.benefit b on b.code = q.benefit_code
         where q.tier_code = :t order by b.code
        """)
        .param("t", tier.get())
        .query((rs, n) -> {
          Period period = Period.valueOf(rs.getString(7));
          String key = periodKey(period, today);
          Integer quota = (Integer) rs.getObject(6);
          int used = jdbc.sql("select coalesce(max(used), 0) from loyalty.benefit_counter"
                  + " where member_id = :m and benefit_code = :b and period_key = :p")
              .param("m", member.value()).param("b", rs.getString(1)).param("p", key)
              .query(Integer.class).single();
          return new BenefitBalance(rs.getString(1), Benefit.Kind.valueOf(rs.getString(2)),
              rs.getString(3), rs.getString(4), rs.getString(5), quota, period, key, used,
              remaining(quota, used));
        })
        .list();
  }

  /** The member's benefit ledger, newest first. */
  @Transactional(readOnly = true)
  public List<BenefitUsed> ledger(String memberId, int limit) {
    MemberId member = members.current(MemberId.parse(memberId));
    return jdbc.sql(SELECT + " where member_id = :m order by id desc limit :limit")
        .param("m", member.value()).param("limit", limit)
        .query((rs, n) -> line(rs, null, false)).list();
  }

  static String periodKey(Period period, LocalDate day) {
    return switch (period) {
      case MONTH -> day.getYear() + "-" + String.format("%02d", day.getMonthValue());
      case QUARTER -> day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
      case YEAR -> String.valueOf(day.getYear());
      case LIFETIME -> "L";
    };
  }

  private static final String SELECT = "select id, benefit_code, kind, quantity, period_key,"
      + " tier_code, external_id, venue, ref, actor, at from loyalty.benefit_use";

  private Optional<BenefitUsed> line(long member, String kind, String externalId) {
    return jdbc.sql(SELECT + " where member_id = :m and kind = :k and external_id = :e")
        .param("m", member).param("k", kind).param("e", externalId)
        .query((rs, n) -> line(rs, null, true)).optional();
  }

  private BenefitUsed line(long member, long id, Integer remaining, boolean replayed) {
    return jdbc.sql(SELECT + " where member_id = :m and id = :id")
        .param("m", member).param("id", id)
        .query((rs, n) -> line(rs, remaining, replayed)).single();
  }

  private static BenefitUsed line(ResultSet rs, Integer remaining, boolean replayed)
      throws SQLException {
    return new BenefitUsed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
        rs.getString(10), rs.getTimestamp(11).toInstant(), remaining, replayed);
  }

  private long insertLine(long member, String benefit, String kind, int quantity, String period,
      String tier, String externalId, Long originalId, String venue, String ref, Instant now) {
    return jdbc.sql("""
        insert into loyalty.benefit_use (member_id, benefit_code, kind, quantity, period_key,
               tier_code, external_id, original_id, venue, ref, actor, at)
        values (:m, :b, :k, :q, :p, :t, :e, :o, :v, :r, :actor, :now) returning id
        """)
        .param("m", member).param("b", benefit).param("k", kind).param("q", quantity)
        .param("p", period).param("t", tier).param("e", externalId).param("o", originalId)
        .param("v", venue).param("r", ref).param("actor", Actor.current().label())
        .param("now", Timestamp.from(now)).query(Long.class).single();
  }

  private Optional<BenefitQuota> quota(String tier, String benefit) {
    return jdbc.sql("select quota, period from loyalty.benefit_quota"
            + " where tier_code = :t and benefit_code = :b")
        .param("t", tier).param("b", benefit)
        .query((rs, n) -> new BenefitQuota(tier, benefit, (Integer) rs.getObject(1),
            Period.valueOf(rs.getString(2))))
        .optional();
  }

  private void benefit(String code) {
    if (!jdbc.sql("select exists (select 1 from loyalty.benefit where code = :c)")
        .param("c", code).query(Boolean.class).single()) {
      throw new NotFound("benefit", code);
    }
  }

  private static Integer remaining(Integer quota, int used) {
    return quota == null ? null : quota - used;
  }
}
