package io.loopline.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.member.MemberId;
import io.loopline.platform.security.Role;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tiers (TIER-1, TIER-3). The ladder is global, so the tests' tiers sit far above any other test's
 * thresholds: only points from this class's earnings (cause TIERTEST, in the millions) reach them.
 */
class TierTest extends LooplineTest {

  private static final java.util.concurrent.atomic.AtomicInteger RANKS =
      new java.util.concurrent.atomic.AtomicInteger(100);
  // each new tier ranks below the ones before, so it is the next tier of a member without one

  @Autowired
  Tiers tiers;

  @Autowired
  TierProgress progress;

  @Autowired
  JdbcClient jdbc;

  @Test
  void a_member_moves_up_at_once_and_down_only_after_a_review_and_its_grace_period() {
    String gold = tier(1_000_000L, 7, List.of());
    String member = member();
    earn(member, 600_000, "a");
    Api.Response status = admin().get("/api/v1/members/" + member + "/tier");
    assertThat(status.at("/nextTier")).isEqualTo(gold);
    assertThat(status.at("/missing/points")).isEqualTo("400000");

    earn(member, 400_000, "b");
    assertThat(admin().get("/api/v1/members/" + member + "/tier").at("/tier")).isEqualTo(gold);
    assertThat(admin().get("/api/v1/members/" + member + "/tier/history").at("/0/cause"))
        .isEqualTo("UPGRADE");

    // a year later the points are out of the window: the review starts the grace period
    Instant later = Instant.now().plus(Duration.ofDays(400));
    tiers.review(later);
    status = admin().get("/api/v1/members/" + member + "/tier");
    assertThat(status.at("/tier")).isEqualTo(gold);
    assertThat(status.at("/graceSince")).isNotEmpty();
    tiers.review(later.plus(Duration.ofDays(6)));
    assertThat(admin().get("/api/v1/members/" + member + "/tier").at("/tier")).isEqualTo(gold);
    tiers.review(later.plus(Duration.ofDays(8)));
    assertThat(admin().get("/api/v1/members/" + member + "/tier").at("/tier")).isNotEqualTo(gold);
    assertThat(admin().get("/api/v1/members/" + member + "/tier/history").at("/0/cause"))
        .isEqualTo("DOWNGRADE");
  }

  @Test
  void spend_or_visits_in_the_window_qualify_and_a_refunded_order_is_no_visit() {
    String code = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    assertThat(admin().put("/api/v1/tiers/" + code, Map.of("code", code, "nameZh", "常客",
        "nameEn", "Regular", "rank", RANKS.decrementAndGet(), "qualifySpendFen", 500_000L,
        "qualifyVisits", 3, "window", "ROLLING_DAYS", "windowDays", 365)).status())
        .isEqualTo(200);
    String channel = channelWithRule("tier");

    String visitor = member();
    buy(visitor, channel, "v1-" + channel, 100_000);
    buy(visitor, channel, "v2-" + channel, 100_000);
    assertThat(admin().post("/api/v1/points/purchases/v2-" + channel + "/refunds", Map.of(
        "memberId", visitor, "amountFen", 100_000, "externalId", "rf-" + channel)).status())
        .isEqualTo(201);
    buy(visitor, channel, "v3-" + channel, 100_000);
    // two visits (the refunded order is none) and ¥2,000 of ¥5,000: not yet
    assertThat(admin().get("/api/v1/members/" + visitor + "/tier").at("/tier"))
        .isNotEqualTo(code);
    buy(visitor, channel, "v4-" + channel, 1_000);
    assertThat(admin().get("/api/v1/members/" + visitor + "/tier").at("/tier")).isEqualTo(code);

    String spender = member();
    buy(spender, channel, "s1-" + channel, 499_999);
    assertThat(admin().get("/api/v1/members/" + spender + "/tier").at("/tier"))
        .isNotEqualTo(code);
    buy(spender, channel, "s2-" + channel, 1);
    assertThat(admin().get("/api/v1/members/" + spender + "/tier").at("/tier")).isEqualTo(code);
    assertThat(admin().get("/api/v1/members/" + spender + "/tier/history").at("/0/cause"))
        .isEqualTo("UPGRADE");
  }

  @Test
  void the_days_a_tier_counts_follow_earnings_orders_and_refunds_and_rebuild_the_same() {
    String channel = channelWithRule("days");
    String member = member();
    buy(member, channel, "d1-" + channel, 10_000);
    buy(member, channel, "d2-" + channel, 20_000);
    Api.Response old = admin().post("/api/v1/points/purchases", Map.of("memberId", member,
        "orderId", "d3-" + channel, "amountFen", 5_000, "channel", channel,
        "at", Instant.now().minus(Duration.ofDays(3)).toString()));
    assertThat(old.status()).as(old.text()).isEqualTo(201);
    assertThat(admin().post("/api/v1/points/purchases/d1-" + channel + "/refunds", Map.of(
        "memberId", member, "amountFen", 4_000, "externalId", "p-" + channel)).status())
        .isEqualTo(201);
    assertThat(admin().post("/api/v1/points/purchases/d2-" + channel + "/refunds", Map.of(
        "memberId", member, "amountFen", 20_000, "externalId", "f-" + channel)).status())
        .isEqualTo(201);
    earn(member, 7, "days-");
    assertThat(admin().post("/api/v1/points/spendings", Map.of("memberId", member, "points", 5,
        "causeType", "TIERTEST", "externalId", "s-" + member)).status()).isEqualTo(201);

    LocalDate today = LocalDate.now(SHANGHAI);
    Map<LocalDate, List<Long>> kept = keptDays(member);
    assertThat(kept).isEqualTo(daysFromHistory(member));
    // today: ¥60 left of d1, d2 refunded in full (no visit); three days ago: d3
    assertThat(kept.get(today).subList(1, 3)).containsExactly(6_000L, 1L);
    assertThat(kept.get(today.minusDays(3)).subList(1, 3)).containsExactly(5_000L, 1L);

    // built again from the ledger and the orders (as after a change of the programme's zone)
    jdbc.sql("delete from loyalty.tier_progress_zone").update();
    jdbc.sql("update loyalty.tier_progress set points = 0 where member_id = :m")
        .param("m", MemberId.parse(member).value()).update();
    progress.afterSingletonsInstantiated();
    assertThat(keptDays(member)).isEqualTo(kept);
  }

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** The member's days as kept: {day: [points, spend, visits]}, leaving out empty ones. */
  private Map<LocalDate, List<Long>> keptDays(String member) {
    Map<LocalDate, List<Long>> days = new TreeMap<>();
    jdbc.sql("select day, points, spend_fen, visits from loyalty.tier_progress"
            + " where member_id = :m")
        .param("m", MemberId.parse(member).value())
        .query((rs, n) -> days.put(rs.getDate(1).toLocalDate(),
            List.of(rs.getLong(2), rs.getLong(3), rs.getLong(4))))
        .list();
    days.values().removeIf(d -> d.equals(List.of(0L, 0L, 0L)));
    return days;
  }

  /** The same, summed in the programme's zone from the member's entries and orders. */
  private Map<LocalDate, List<Long>> daysFromHistory(String member) {
    Map<LocalDate, long[]> days = new TreeMap<>();
    long id = MemberId.parse(member).value();
    jdbc.sql("select at, points from loyalty.points_entry where member_id = :m"
            + " and (kind = 'EARN' or kind = 'REVERSE' and cause_type = 'REFUND')")
        .param("m", id)
        .query((rs, n) -> days.computeIfAbsent(LocalDate.ofInstant(
            rs.getTimestamp(1).toInstant(), SHANGHAI), d -> new long[3])[0] += rs.getLong(2))
        .list();
    jdbc.sql("select at, amount, refunded from loyalty.purchase where member_id = :m")
        .param("m", id)
        .query((rs, n) -> {
          long[] day = days.computeIfAbsent(LocalDate.ofInstant(rs.getTimestamp(1).toInstant(),
              SHANGHAI), d -> new long[3]);
          day[1] += rs.getLong(2) - rs.getLong(3);
          day[2] += rs.getLong(2) > rs.getLong(3) ? 1 : 0;
          return null;
        })
        .list();
    Map<LocalDate, List<Long>> result = new TreeMap<>();
    days.forEach((day, sums) -> result.put(day, List.of(sums[0], sums[1], sums[2])));
    result.values().removeIf(d -> d.equals(List.of(0L, 0L, 0L)));
    return result;
  }

  /** A fresh sales channel whose purchases earn a point per ¥1 by a rule of their own. */
  private String channelWithRule(String prefix) {
    String channel = prefix + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin().put("/api/v1/points/rules/" + channel, Map.of("code", channel,
        "name", "等级消费", "trigger", "PURCHASE", "points", 1, "perFen", 100,
        "channels", List.of(channel), "active", true)).status()).isEqualTo(200);
    return channel;
  }

  private void buy(String member, String channel, String orderId, long amountFen) {
    Api.Response bought = admin().post("/api/v1/points/purchases", Map.of("memberId", member,
        "orderId", orderId, "amountFen", amountFen, "channel", channel));
    assertThat(bought.status()).as(bought.text()).isEqualTo(201);
  }

  @Test
  void an_override_needs_a_reason_holds_against_reviews_and_can_be_lifted() {
    String platinum = tier(50_000_000L, 0, List.of());
    String member = member();
    String url = "/api/v1/members/" + member + "/tier/override";
    assertThat(admin().post(url, Map.of("tier", platinum)).at("/errors/0/field"))
        .isEqualTo("reason");
    assertThat(admin().post(url, Map.of("tier", "NO_SUCH", "reason", "x")).at("/errors/0/field"))
        .isEqualTo("tier");
    assertThat(as(Role.MARKETING).post(url, Map.of("tier", platinum, "reason", "x")).status())
        .isEqualTo(403);
    Api.Response set = admin().post(url, Map.of("tier", platinum, "reason", "CEO's guest"));
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.at("/overridden")).isEqualTo("true");
    tiers.review(Instant.now().plus(Duration.ofDays(30)));
    tiers.review(Instant.now().plus(Duration.ofDays(60)));
    assertThat(admin().get("/api/v1/members/" + member + "/tier").at("/tier"))
        .isEqualTo(platinum);
    Api.Response history = admin().get("/api/v1/members/" + member + "/tier/history");
    assertThat(history.at("/0/reason")).isEqualTo("CEO's guest");
    assertThat(history.at("/0/actor")).isEqualTo("user:admin");

    admin().post(url, Map.of("reason", "guest left"));
    assertThat(admin().get("/api/v1/members/" + member + "/tier").at("/overridden"))
        .isEqualTo("false");
    assertThat(admin().get("/api/v1/members/mbr_0000000000000/tier").status()).isEqualTo(404);
  }

  @Test
  void members_reaching_a_tier_get_its_advisors_in_turn_and_an_advisor_sees_them() {
    String name = "advisor-" + UUID.randomUUID().toString().substring(0, 6);
    consoleUsers.save(name, "advisor-pass", "顾问", List.of(Role.ADVISOR), java.util.Set.of());
    String vip = tier(80_000_000L, 0, List.of(name, "advisor"));
    String first = member();
    String second = member();
    earn(first, 80_000_000, "vip1");
    earn(second, 80_000_000, "vip2");
    String a = admin().get("/api/v1/members/" + first + "/tier").at("/advisor");
    String b = admin().get("/api/v1/members/" + second + "/tier").at("/advisor");
    assertThat(List.of(a, b)).containsExactlyInAnyOrder(name, "advisor");
    Api.Response mine = new Api(port).basic(name, "advisor-pass").get("/api/v1/advisors/me/members");
    assertThat(mine.json().size()).isEqualTo(1);
    assertThat(mine.text()).contains(vip);

    Map<String, Object> bad = new HashMap<>(definition(vip, 1L, 0, List.of("nobody-here")));
    assertThat(admin().put("/api/v1/tiers/" + vip, bad).at("/errors/0/field"))
        .isEqualTo("advisors");
  }

  @Test
  void members_reaching_a_tier_in_one_rush_share_its_advisors_in_turn() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    List<String> advisors = List.of("rush-a-" + suffix, "rush-b-" + suffix, "rush-c-" + suffix);
    for (String advisor : advisors) {
      consoleUsers.save(advisor, "advisor-pass", "顾问", List.of(Role.ADVISOR), java.util.Set.of());
    }
    // above every other tier of the tests, reached only by this test's purchases
    String code = "RUSH" + suffix.toUpperCase();
    Map<String, Object> rush = new HashMap<>(definition(code, 3_000_000_000L, 0, advisors));
    rush.put("rank", 900);
    assertThat(admin().put("/api/v1/tiers/" + code, rush).status()).isEqualTo(200);
    String channel = "rush-" + suffix;
    assertThat(admin().put("/api/v1/points/rules/" + channel, Map.of("code", channel,
        "name", "rush", "trigger", "PURCHASE", "points", 3, "perFen", 100,
        "channels", List.of(channel), "active", true)).status()).isEqualTo(200);
    List<String> members = new ArrayList<>();
    List<Callable<Api.Response>> purchases = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String member = member();
      members.add(member);
      purchases.add(() -> admin().post("/api/v1/points/purchases", Map.of("memberId", member,
          "orderId", "rush-" + member, "amountFen", 100_000_000_000L, "channel", channel)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(12);
    for (Future<Api.Response> answer : pool.invokeAll(purchases)) {
      assertThat(answer.get().status()).as(answer.get().text()).isEqualTo(201);
    }
    pool.shutdown();

    Map<String, Integer> dealt = new HashMap<>();
    for (String member : members) {
      Api.Response status = admin().get("/api/v1/members/" + member + "/tier");
      assertThat(status.at("/tier")).isEqualTo(code);
      dealt.merge(status.at("/advisor"), 1, Integer::sum);
      Api.Response history = admin().get("/api/v1/members/" + member + "/tier/history");
      assertThat(history.json().size()).as(history.text()).isEqualTo(1);
      assertThat(history.text()).contains("UPGRADE", code);
    }
    assertThat(dealt).containsOnlyKeys(advisors).containsValues(4);
    assertThat(admin().put("/api/v1/points/rules/" + channel, Map.of("code", channel,
        "name", "rush", "trigger", "PURCHASE", "points", 3, "perFen", 100,
        "channels", List.of(channel), "active", false)).status()).isEqualTo(200);
  }

  @Test
  void tiers_are_validated() {
    String code = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    Map<String, Object> def = new HashMap<>(definition(code, 1L, 0, List.of()));
    def.put("rank", 0);
    admin().put("/api/v1/tiers/ZZ_RANK_ZERO", Map.of("code", "ZZ_RANK_ZERO", "nameZh", "零",
        "nameEn", "Zero", "rank", 1000, "qualifyPoints", Long.MAX_VALUE / 2, "window",
        "ROLLING_DAYS", "windowDays", 365, "graceDays", 0));
    def.put("rank", 1000);
    assertThat(admin().put("/api/v1/tiers/" + code, def).at("/errors/0/field")).isEqualTo("rank");
    def.put("rank", 5);
    def.put("window", "FOREVER");
    assertThat(admin().put("/api/v1/tiers/" + code, def).status()).isEqualTo(400);
    def.put("window", "ROLLING_DAYS");
    def.put("code", "lowercase");
    assertThat(admin().put("/api/v1/tiers/lowercase", def).at("/errors/0/field"))
        .isEqualTo("code");
    assertThat(as(Role.STORE_STAFF).put("/api/v1/tiers/" + code, definition(code, 1L, 0,
        List.of())).status()).isEqualTo(403);
  }

  /** A tier reached with {@code points} in a 365-day window, at a rank no other test uses. */
  private String tier(long points, int graceDays, List<String> advisors) {
    String code = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    Api.Response saved = admin().put("/api/v1/tiers/" + code,
        definition(code, points, graceDays, advisors));
    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    return code;
  }

  private static Map<String, Object> definition(String code, Long points, int grace,
      List<String> advisors) {
    return Map.of("code", code, "nameZh", "测试" + code, "nameEn", "Test " + code,
        "rank", RANKS.decrementAndGet(), "qualifyPoints", points,
        "window", "ROLLING_DAYS", "windowDays", 365, "graceDays", grace, "advisors", advisors);
  }

  private void earn(String member, long points, String ref) {
    assertThat(admin().post("/api/v1/points/earnings", Map.of("memberId", member,
        "points", points, "causeType", "TIERTEST", "externalId", ref + member)).status())
        .isEqualTo(201);
  }

  private String member() {
    return admin().post("/api/v1/members", newMember("等级", freshPhone())).at("/id");
  }
}
