package io.loopline.loyalty;

import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.platform.Actor;
import io.loopline.platform.Conflict;
import io.loopline.platform.Forbidden;
import io.loopline.platform.NotFound;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rewards catalogue and redemption (PTS-2). A redemption is one transaction: the member's
 * counter for the reward (per-member limit), the stock (a conditional update that never goes
 * below zero), the points (a ledger spending) and the voucher — all or nothing, once per
 * external id.
 */
@Service
@Transactional
public class Rewards {

  private static final char[] VOUCHER = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
  private final SecureRandom random = new SecureRandom();

  private final JdbcClient jdbc;
  private final PointsLedger ledger;
  private final Tiers tiers;
  private final Members members;
  private final Clock clock;

  Rewards(JdbcClient jdbc, PointsLedger ledger, Tiers tiers, Members members, Clock clock) {
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.tiers = tiers;
    this.members = members;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public List<Reward> catalogue() {
    return jdbc.sql(SELECT + " order by points, code").query(Rewards::reward).list();
  }

  /** The rewards this member could redeem now (in stock, on offer, for their tier). */
  @Transactional(readOnly = true)
  public List<Reward> availableTo(String memberId) {
    MemberId member = members.current(MemberId.parse(memberId));
    String tier = tiers.current(member).orElse(null);
    Instant now = clock.instant();
    return catalogue().stream()
        .filter(r -> r.refusal(now, tier) == null && (r.stock() == null || r.stock() > 0))
        .toList();
  }

  @Transactional(readOnly = true)
  public Reward reward(String code) {
    return jdbc.sql(SELECT + " where code = :c").param("c", code).query(Rewards::reward)
        .optional().orElseThrow(() -> new NotFound("reward", code));
  }

  /** Creates or changes a reward; {@code stock} sets what is left from now on. */
  public Reward save(Reward reward) {
    jdbc.sql("""
        insert into loyalty.reward (code, name_zh, name_en, description, points, stock,
               per_member_limit, available_from, available_until, tiers, voucher_days, active)
        values (:code, :zh, :en, :description, :points, :stock, :limit, :from, :until, :tiers,
                :days, :active)
        on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
               description = excluded.description, points = excluded.points,
               stock = excluded.stock, per_member_limit = excluded.per_member_limit,
               available_from = excluded.available_from,
               available_until = excluded.available_until, tiers = excluded.tiers,
               voucher_days = excluded.voucher_days, active = excluded.active
        """)
        .param("code", reward.code()).param("zh", reward.nameZh()).param("en", reward.nameEn())
        .param("description", reward.description()).param("points", reward.points())
        .param("stock", reward.stock()).param("limit", reward.perMemberLimit())
        .param("from", ts(reward.availableFrom())).param("until", ts(reward.availableUntil()))
        .param("tiers", reward.tiers().toArray(String[]::new))
        .param("days", reward.voucherDays()).param("active", reward.active()).update();
    return reward(reward.code());
  }

  /**
   * Redeems a reward for the member: 404 for an unknown reward, 409 (nothing taken) when it is
   * not on offer, not for the member's tier, out of stock, over the member's limit or not
   * covered by the balance; a repeated external id answers the first redemption.
   */
  public Redemption redeem(String code, String memberId, String externalId) {
    Reward reward = reward(code);
    MemberId member = members.current(MemberId.parse(memberId));
    Optional<Redemption> earlier = byExternalId(member, externalId);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    Instant now = clock.instant();
    String refusal = reward.refusal(now, tiers.current(member).orElse(null));
    if (refusal != null) {
      throw new Conflict(refusal);
    }
    if (reward.perMemberLimit() != null) {
      int counted = jdbc.sql("""
          insert into loyalty.reward_claims (member_id, reward_code, claimed)
          values (:m, :r, 1)
          on conflict (member_id, reward_code) do update
             set claimed = reward_claims.claimed + 1 where reward_claims.claimed < :limit
          """)
          .param("m", member.value()).param("r", code).param("limit", reward.perMemberLimit())
          .update();
      if (counted == 0) {
        throw new Conflict("a member may redeem " + code + " " + reward.perMemberLimit()
            + " times");
      }
    }
    int taken = jdbc.sql("""
        update loyalty.reward set stock = stock - 1, issued = issued + 1
         where code = :c and (stock is null or stock > 0)
        """).param("c", code).update();
    if (taken == 0) {
      throw new Conflict("reward " + code + " is out of stock");
    }
    ledger.spend(new PointsChange(member.toString(), reward.points(), "REWARD", code,
        reward.nameZh(), "reward-" + externalId, null, null));
    jdbc.sql("""
        insert into loyalty.redemption (member_id, reward_code, points, voucher, external_id,
               state, expires_at, actor, at)
        values (:m, :r, :points, :voucher, :e, 'ISSUED', :expires, :actor, :now)
        """)
        .param("m", member.value()).param("r", code).param("points", reward.points())
        .param("voucher", voucher()).param("e", externalId)
        .param("expires", ts(now.plus(Duration.ofDays(reward.voucherDays()))))
        .param("actor", Actor.current().label()).param("now", ts(now)).update();
    Redemption issued = byExternalId(member, externalId).orElseThrow();
    return withReplayed(issued, false);
  }

  /**
   * Marks a voucher used at a venue, once: 404 for an unknown voucher, 409 when used or
   * expired, 403 for staff of another venue.
   */
  public Redemption use(String memberId, String voucher, String venue) {
    MemberId member = members.current(MemberId.parse(memberId));
    if (!Actor.current().mayActFor(venue)) {
      throw new Forbidden("you do not act for venue " + venue);
    }
    Instant now = clock.instant();
    int used = jdbc.sql("""
        update loyalty.redemption set state = 'USED', used_at = :now, used_venue = :v
         where member_id = :m and voucher = :voucher and state = 'ISSUED' and expires_at > :now
        """)
        .param("now", ts(now)).param("v", venue).param("m", member.value())
        .param("voucher", voucher).update();
    Redemption redemption = redemptions(member.toString()).stream()
        .filter(r -> r.voucher().equals(voucher)).findFirst()
        .orElseThrow(() -> new NotFound("voucher", voucher));
    if (used == 0) {
      throw new Conflict(redemption.state().equals("USED") ? "voucher " + voucher + " was used"
          : "voucher " + voucher + " expired at " + redemption.expiresAt());
    }
    return redemption;
  }

  /** The member's redemptions, newest first. */
  @Transactional(readOnly = true)
  public List<Redemption> redemptions(String memberId) {
    MemberId member = members.current(MemberId.parse(memberId));
    long balance = ledger.balanceOf(member);
    return jdbc.sql(REDEMPTION + " where member_id = :m order by id desc limit 200")
        .param("m", member.value())
        .query((rs, n) -> redemption(rs, member, balance)).list();
  }

  private Optional<Redemption> byExternalId(MemberId member, String externalId) {
    long balance = ledger.balanceOf(member);
    return jdbc.sql(REDEMPTION + " where member_id = :m and external_id = :e")
        .param("m", member.value()).param("e", externalId)
        .query((rs, n) -> redemption(rs, member, balance)).optional();
  }

  private static Redemption withReplayed(Redemption r, boolean replayed) {
    return new Redemption(r.memberId(), r.reward(), r.points(), r.voucher(), r.externalId(),
        r.state(), r.expiresAt(), r.usedAt(), r.usedVenue(), r.at(), r.balance(), replayed);
  }

  private static final String REDEMPTION = "select reward_code, points, voucher, external_id,"
      + " state, expires_at, used_at, used_venue, at from loyalty.redemption";

  private static Redemption redemption(ResultSet rs, MemberId member, long balance)
      throws SQLException {
    return new Redemption(member.toString(), rs.getString(1), rs.getLong(2), rs.getString(3),
        rs.getString(4), rs.getString(5), instant(rs, 6), instant(rs, 7), rs.getString(8),
        instant(rs, 9), balance, true);
  }

  private static final String SELECT = "select code, name_zh, name_en, description, points,"
      + " stock, issued, per_member_limit, available_from, available_until, tiers, voucher_days,"
      + " active from loyalty.reward";

  private static Reward reward(ResultSet rs, int n) throws SQLException {
    Array tiers = rs.getArray(11);
    return new Reward(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getLong(5), (Integer) rs.getObject(6), rs.getInt(7), (Integer) rs.getObject(8),
        instant(rs, 9), instant(rs, 10),
        new HashSet<>(Arrays.asList((String[]) tiers.getArray())), rs.getInt(12),
        rs.getBoolean(13));
  }

  private String voucher() {
    char[] code = new char[12];
    for (int i = 0; i < code.length; i++) {
      code[i] = VOUCHER[random.nextInt(VOUCHER.length)];
    }
    return new String(code);
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
