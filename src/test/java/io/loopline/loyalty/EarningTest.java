package io.loopline.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.security.Role;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Earning through rules (PTS-1, PTS-4). Rules are global, so each test gives its rules a channel
 * (or trigger and venue) of its own and its member days a tier of its own.
 */
class EarningTest extends LooplineTest {

  @Test
  void a_purchase_earns_by_its_rules_once_and_the_simulator_agrees_without_writing() {
    String channel = channel();
    saveRule(purchaseRule("per-yuan-" + channel, channel, 1, 100, Map.of("minSpendFen", 5000)));
    String member = member();
    Map<String, Object> order = purchase(member, "o-" + channel, 12_345, channel, null);

    Api.Response preview = admin().post("/api/v1/points/purchases/preview", order);
    assertThat(preview.status()).isEqualTo(200);
    assertThat(preview.at("/awards/0/points")).isEqualTo("123");
    assertThat(balance(member)).isZero();

    Api.Response earned = as(Role.STORE_STAFF).post("/api/v1/points/purchases", order);
    assertThat(earned.status()).isEqualTo(201);
    assertThat(earned.at("/awards/0/points")).isEqualTo("123");
    assertThat(earned.at("/balance")).isEqualTo("123");
    Api.Response again = as(Role.STORE_STAFF).post("/api/v1/points/purchases", order);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.at("/replayed")).isEqualTo("true");
    assertThat(balance(member)).isEqualTo(123);

    Api.Response small = admin().post("/api/v1/points/purchases",
        purchase(member, "small-" + channel, 4_999, channel, null));
    assertThat(small.json().at("/awards").size()).isZero();
    Api.Response otherChannel = admin().post("/api/v1/points/purchases",
        purchase(member, "other-" + channel, 50_000, channel + "-x", null));
    assertThat(otherChannel.json().at("/awards").size()).isZero();
    assertThat(admin().get("/api/v1/members/" + member + "/points/entries").at("/0/causeRef"))
        .isEqualTo("o-" + channel);
  }

  @Test
  void categories_select_the_lines_that_earn_and_tiers_multiply() {
    String channel = channel();
    String tier = tier();
    Map<String, Object> rule = purchaseRule("coffee-" + channel, channel, 2, 100,
        Map.of("categories", List.of("coffee"), "tierMultipliers", Map.of(tier, 150)));
    saveRule(rule);
    String member = member();
    Map<String, Object> order = new HashMap<>(purchase(member, "c-" + channel, 10_000, channel,
        null));
    order.put("lines", List.of(Map.of("category", "coffee", "amountFen", 3_000),
        Map.of("category", "mug", "amountFen", 7_000)));
    assertThat(admin().post("/api/v1/points/purchases/preview", order).at("/awards/0/points"))
        .isEqualTo("60");
    setTier(member, tier);
    Api.Response earned = admin().post("/api/v1/points/purchases", order);
    assertThat(earned.at("/awards/0/points")).isEqualTo("90");
    assertThat(earned.at("/awards/0/reason")).contains("150%");
  }

  @Test
  void a_member_day_in_shanghai_doubles_points_on_a_server_that_runs_in_utc() {
    String channel = channel();
    String tier = tier();
    saveRule(purchaseRule("md-" + channel, channel, 1, 100, Map.of()));
    Api.Response day = admin().put("/api/v1/points/member-days/day-" + channel, Map.of(
        "code", "day-" + channel, "name", "会员日", "dayOfMonth", 8, "multiplierPercent", 200,
        "bonusPoints", 8, "tiers", List.of(tier), "active", true));
    assertThat(day.status()).isEqualTo(200);
    String member = member();
    setTier(member, tier);
    // 17:00 UTC on the 7th is 01:00 on the 8th in Shanghai; 15:00 UTC is still the 7th there
    Map<String, Object> onThe8th = new HashMap<>(purchase(member, "a-" + channel, 10_000,
        channel, "SH-001"));
    onThe8th.put("at", "2026-12-07T17:00:00Z");
    Map<String, Object> onThe7th = new HashMap<>(purchase(member, "b-" + channel, 10_000,
        channel, "SH-001"));
    onThe7th.put("at", "2026-12-07T15:00:00Z");
    Api.Response doubled = admin().post("/api/v1/points/purchases", onThe8th);
    assertThat(doubled.at("/awards/0/points")).isEqualTo("200");
    assertThat(doubled.at("/awards/1/rule")).isEqualTo("day:day-" + channel);
    assertThat(doubled.at("/awards/1/points")).isEqualTo("8");
    assertThat(admin().post("/api/v1/points/purchases", onThe7th).at("/awards/0/points"))
        .isEqualTo("100");
    assertThat(balance(member)).isEqualTo(308);

    String notEligible = member();
    Map<String, Object> other = new HashMap<>(purchase(notEligible, "c-" + channel, 10_000,
        channel, "SH-001"));
    other.put("at", "2026-12-07T17:00:00Z");
    assertThat(admin().post("/api/v1/points/purchases", other).at("/awards/0/points"))
        .isEqualTo("100");
  }

  @Test
  void a_daily_cap_holds_under_twenty_concurrent_purchases() throws Exception {
    String channel = channel();
    saveRule(purchaseRule("capped-" + channel, channel, 1, 100,
        Map.of("caps", Map.of("perDay", 100, "perOrder", 15))));
    String member = member();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Map<String, Object> order = purchase(member, "cap-" + i + "-" + channel, 2_000, channel,
          null);
      calls.add(() -> admin().post("/api/v1/points/purchases", order).status());
    }
    assertThat(atOnce(10, calls)).containsOnly(201);
    assertThat(balance(member)).isEqualTo(100);
    Map<String, Object> big = purchase(member, "big-" + channel, 90_000, channel, null);
    Api.Response capped = admin().post("/api/v1/points/purchases/preview", big);
    assertThat(capped.at("/awards/0/computed")).isEqualTo("900");
    assertThat(capped.at("/awards/0/points")).isEqualTo("0");
  }

  /**
   * Purchases arriving together share transactions (the write batcher): every order still earns
   * once, a retry with its key gets the first answer byte for byte, a key reused for another
   * order is refused, an unknown member is 404, and none of them disturbs the others.
   */
  @Test
  void concurrent_purchases_share_commits_yet_each_earns_once_and_keeps_its_own_answer()
      throws Exception {
    String channel = channel();
    saveRule(purchaseRule("batch-" + channel, channel, 1, 100, Map.of()));
    List<String> members = members(8);
    List<Callable<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int o = i % 60;
      Map<String, Object> order = purchase(members.get(o % members.size()),
          "b-" + o + "-" + channel, 1_000, channel, null);
      calls.add(() -> admin().key("k-" + channel + "-" + o).post("/api/v1/points/purchases",
          order));
    }
    List<Api.Response> answers = atOnce(24, calls);
    for (int i = 0; i < 60; i++) {
      Api.Response first = answers.get(i);
      Api.Response retry = answers.get(i + 60);
      assertThat(List.of(first.status(), retry.status())).as(first.text()).containsOnly(201);
      assertThat(retry.text()).isEqualTo(first.text());
      assertThat("true").isIn(first.header("Idempotent-Replayed"),
          retry.header("Idempotent-Replayed"));
    }
    for (int m = 0; m < members.size(); m++) {
      assertThat(balance(members.get(m))).isEqualTo(m < 4 ? 80 : 70);
    }

    List<Callable<Api.Response>> bad = List.of(
        () -> admin().key("k-" + channel + "-0").post("/api/v1/points/purchases",
            purchase(members.get(0), "other-" + channel, 1_000, channel, null)),
        () -> admin().post("/api/v1/points/purchases",
            purchase("mbr_0000000000000", "x-" + channel, 1_000, channel, null)),
        () -> admin().post("/api/v1/points/purchases",
            purchase(members.get(1), "fine-" + channel, 1_000, channel, null)));
    assertThat(atOnce(3, bad).stream().map(Api.Response::status))
        .containsExactly(422, 404, 201);
    assertThat(admin().get("/api/v1/points/audit").at("/inconsistent")).isEqualTo("0");
  }

  /**
   * Caps per day, ISO week and lifetime over purchases dated across two weeks (in the venue's
   * zone): a new day opens the day cap, the week cap holds across its days, the lifetime cap
   * across weeks; the simulator shows what the caps leave without counting it.
   */
  @Test
  void day_week_and_lifetime_caps_hold_across_their_periods() {
    String channel = channel();
    saveRule(purchaseRule("capped-" + channel, channel, 1, 100, Map.of("caps",
        Map.of("perDay", 50, "perWeek", 80, "lifetime", 120))));
    String member = member();
    java.util.function.BiFunction<String, Long, String> earn = (day, yuan) -> {
      Map<String, Object> order = purchase(member, day + "-" + yuan + "-" + channel, yuan * 100,
          channel, null);
      order.put("at", day + "T10:00:00+08:00");
      Api.Response earned = admin().post("/api/v1/points/purchases", order);
      assertThat(earned.status()).as(earned.text()).isEqualTo(201);
      return earned.at("/awards/0/points");
    };
    assertThat(earn.apply("2026-11-16", 100L)).isEqualTo("50");   // Monday: day cap
    assertThat(earn.apply("2026-11-16", 10L)).isEqualTo("0");     // the same day: no more
    assertThat(earn.apply("2026-11-17", 40L)).isEqualTo("30");    // Tuesday: the week has 30
    assertThat(earn.apply("2026-11-22", 10L)).isEqualTo("0");     // Sunday, the same week

    Map<String, Object> nextWeek = purchase(member, "next-" + channel, 10_000, channel, null);
    nextWeek.put("at", "2026-11-23T10:00:00+08:00");
    Api.Response preview = admin().post("/api/v1/points/purchases/preview", nextWeek);
    assertThat(preview.at("/awards/0/points")).as(preview.text()).isEqualTo("40"); // lifetime
    assertThat(admin().post("/api/v1/points/purchases/preview", nextWeek)
        .at("/awards/0/points")).isEqualTo("40");
    assertThat(earn.apply("2026-11-23", 100L)).isEqualTo("40");
    assertThat(earn.apply("2026-11-24", 10L)).isEqualTo("0");
    assertThat(balance(member)).isEqualTo(120);
  }

  /**
   * One Idempotency-Key sent at once for the purchases of two members (batched apart, perhaps
   * at the same moment): one call earns, the other is refused as another request, and nothing is
   * earned twice or lost.
   */
  @Test
  void a_key_raced_by_two_members_purchases_earns_once() throws Exception {
    String channel = channel();
    saveRule(purchaseRule("race-" + channel, channel, 1, 100, Map.of()));
    List<String> members = members(6);
    List<Callable<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String key = "race-" + channel + "-" + i;
      for (String member : List.of(members.get(i % 6), members.get((i + 1) % 6))) {
        Map<String, Object> order = purchase(member, key + "-" + member, 1_000, channel, null);
        calls.add(() -> admin().key(key).post("/api/v1/points/purchases", order));
      }
    }
    List<Integer> statuses = atOnce(12, calls).stream().map(Api.Response::status).toList();
    for (int i = 0; i < 30; i++) {
      assertThat(statuses.subList(2 * i, 2 * i + 2)).as("key " + i)
          .containsExactlyInAnyOrder(201, 422);
    }
    assertThat(members.stream().mapToLong(this::balance).sum()).isEqualTo(30 * 10);
    assertThat(admin().get("/api/v1/points/audit").at("/inconsistent")).isEqualTo("0");
  }

  @Test
  void a_refund_gives_back_the_daily_cap_its_order_used() {
    String channel = channel();
    saveRule(purchaseRule("capped-" + channel, channel, 1, 100,
        Map.of("caps", Map.of("perDay", 100))));
    String member = member();
    String first = "cap1-" + channel;
    admin().post("/api/v1/points/purchases", purchase(member, first, 10_000, channel, null));
    admin().post("/api/v1/points/purchases", purchase(member, "cap2-" + channel, 5_000, channel,
        null));
    assertThat(balance(member)).isEqualTo(100);
    assertThat(admin().post("/api/v1/points/purchases/" + first + "/refunds", Map.of(
        "memberId", member, "amountFen", 6_000, "externalId", "cap-rf-1")).at("/pointsReversed"))
        .isEqualTo("60");
    assertThat(balance(member)).isEqualTo(40);
    // the 60 points taken back count no more against today's cap of 100
    admin().post("/api/v1/points/purchases", purchase(member, "cap3-" + channel, 10_000, channel,
        null));
    assertThat(balance(member)).isEqualTo(100);
  }

  @Test
  void a_partial_refund_takes_back_points_in_proportion_and_a_full_one_takes_the_rest() {
    String channel = channel();
    saveRule(purchaseRule("refund-" + channel, channel, 1, 100, Map.of()));
    String member = member();
    String orderId = "r-" + channel;
    admin().post("/api/v1/points/purchases", purchase(member, orderId, 10_000, channel, null));
    String url = "/api/v1/points/purchases/" + orderId + "/refunds";
    Map<String, Object> quarter = Map.of("memberId", member, "amountFen", 2_500,
        "externalId", "rf-1");
    Api.Response first = admin().post(url, quarter);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.at("/pointsReversed")).isEqualTo("25");
    assertThat(admin().post(url, quarter).status()).isEqualTo(200);
    assertThat(balance(member)).isEqualTo(75);
    assertThat(admin().post(url, Map.of("memberId", member, "amountFen", 7_501,
        "externalId", "rf-2")).status()).isEqualTo(409);
    assertThat(admin().post(url, Map.of("memberId", member, "amountFen", 7_500,
        "externalId", "rf-3")).at("/pointsReversed")).isEqualTo("75");
    assertThat(balance(member)).isZero();
    assertThat(admin().post("/api/v1/points/purchases/no-such/refunds", Map.of(
        "memberId", member, "amountFen", 1, "externalId", "rf-4")).status()).isEqualTo(404);
    assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
        .isEqualTo("true");
  }

  @Test
  void an_order_earning_by_two_rules_is_one_entry_whose_lots_keep_each_rules_expiry() {
    String channel = channel();
    saveRule(purchaseRule("base-" + channel, channel, 1, 100, Map.of()));
    saveRule(purchaseRule("year-" + channel, channel, 2, 100,
        Map.of("expiry", Map.of("kind", "END_OF_YEAR", "n", 1))));
    String member = member();
    String orderId = "two-" + channel;
    Api.Response earned = admin().post("/api/v1/points/purchases",
        purchase(member, orderId, 10_000, channel, null));
    assertThat(earned.status()).as(earned.text()).isEqualTo(201);
    assertThat(earned.json().at("/awards").size()).isEqualTo(2);
    assertThat(earned.at("/balance")).isEqualTo("300");

    Api.Response entries = admin().get("/api/v1/members/" + member + "/points/entries");
    assertThat(entries.json().size()).isEqualTo(1);
    assertThat(entries.at("/0/points")).isEqualTo("300");
    assertThat(entries.at("/0/causeRef")).isEqualTo(orderId);
    assertThat(entries.at("/0/reason")).contains("base-" + channel, "year-" + channel);
    Api.Response points = admin().get("/api/v1/members/" + member + "/points");
    assertThat(points.json().at("/lots").size()).isEqualTo(2);
    // nearest expiry first: the year rule's 200 at the end of the year, then the 100 that never do
    assertThat(points.at("/lots/0/remaining")).isEqualTo("200");
    assertThat(points.at("/lots/0/expiresAt")).isNotEmpty();
    assertThat(points.at("/lots/1/remaining")).isEqualTo("100");
    assertThat(points.json().at("/lots/1").has("expiresAt")).isFalse();

    // spend 250, then refund 40 % of the order: 120 points back, one reversal; 50 are left and 70
    // become a debt
    assertThat(admin().post("/api/v1/points/spendings", Map.of("memberId", member, "points", 250,
        "causeType", "REWARD", "externalId", "sp-" + channel)).status()).isEqualTo(201);
    Api.Response refund = admin().post("/api/v1/points/purchases/" + orderId + "/refunds",
        Map.of("memberId", member, "amountFen", 4_000, "externalId", "rf-" + channel));
    assertThat(refund.at("/pointsReversed")).as(refund.text()).isEqualTo("120");
    assertThat(admin().get("/api/v1/members/" + member + "/points/entries").json()
        .findValuesAsString("kind")).containsExactlyInAnyOrder("EARN", "SPEND", "REVERSE");
    Api.Response after = admin().get("/api/v1/members/" + member + "/points/balance");
    assertThat(after.at("/balance")).isEqualTo("0");
    assertThat(after.at("/debt")).isEqualTo("70");
    assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
        .isEqualTo("true");
  }

  @Test
  void an_order_posted_before_a_merge_is_refunded_from_the_survivor() throws Exception {
    String channel = channel();
    saveRule(purchaseRule("merge-" + channel, channel, 1, 100, Map.of()));
    String survivor = member();
    String merged = member();
    String orderId = "m-" + channel;
    assertThat(admin().post("/api/v1/points/purchases",
        purchase(merged, orderId, 10_000, channel, null)).status()).isEqualTo(201);
    assertThat(admin().post("/api/v1/members/merges", Map.of("survivorId", survivor,
        "mergedId", merged, "reason", "same person")).status()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + 15_000;
    while (balance(survivor) != 100 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(balance(survivor)).isEqualTo(100);

    String url = "/api/v1/points/purchases/" + orderId + "/refunds";
    Map<String, Object> quarter = Map.of("memberId", merged, "amountFen", 2_500,
        "externalId", "mr-1");
    Api.Response first = admin().post(url, quarter);
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    assertThat(first.at("/pointsReversed")).isEqualTo("25");
    assertThat(admin().post(url, quarter).status()).isEqualTo(200);
    assertThat(balance(survivor)).isEqualTo(75);
    Api.Response rest = admin().post(url, Map.of("memberId", survivor, "amountFen", 7_500,
        "externalId", "mr-2"));
    assertThat(rest.at("/pointsReversed")).as(rest.text()).isEqualTo("75");
    assertThat(balance(survivor)).isZero();
    assertThat(admin().post(url, Map.of("memberId", survivor, "amountFen", 1,
        "externalId", "mr-3")).status()).isEqualTo(409);
    for (String member : List.of(survivor, merged)) {
      assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
          .isEqualTo("true");
    }
  }

  @Test
  void daily_sign_ins_build_a_streak_with_a_bonus_and_count_once_a_day() {
    String venue = "V-" + channel();
    saveRule(Map.of("code", "signin-" + venue.toLowerCase(), "name", "每日签到",
        "trigger", "DAILY_SIGN_IN", "points", 5, "venues", List.of(venue),
        "streakBonuses", Map.of("3", 20), "active", true));
    String member = member();
    long total = 0;
    for (int day = 1; day <= 3; day++) {
      Api.Response signedIn = admin().post("/api/v1/points/engagements", Map.of(
          "memberId", member, "kind", "DAILY_SIGN_IN", "externalId", "s-" + day,
          "venue", venue, "at", "2026-03-0" + day + "T02:00:00Z"));
      assertThat(signedIn.status()).isEqualTo(201);
      total += signedIn.json().at("/awards/0/points").asLong();
    }
    assertThat(total).isEqualTo(35);
    Api.Response twice = admin().post("/api/v1/points/engagements", Map.of("memberId", member,
        "kind", "DAILY_SIGN_IN", "externalId", "s-again", "venue", venue,
        "at", "2026-03-03T09:00:00Z"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(balance(member)).isEqualTo(35);
  }

  @Test
  void sharing_is_capped_per_day_and_a_referral_pays_at_the_first_purchase() {
    String venue = "V-" + channel();
    saveRule(Map.of("code", "share-" + venue.toLowerCase(), "name", "转发", "trigger", "SHARE",
        "points", 10, "venues", List.of(venue), "caps", Map.of("perDay", 20), "active", true));
    String member = member();
    long total = 0;
    for (int i = 0; i < 3; i++) {
      total += admin().post("/api/v1/points/engagements", Map.of("memberId", member,
          "kind", "SHARE", "externalId", "share-" + i, "venue", venue)).json()
          .at("/awards/0/points").asLong();
    }
    assertThat(total).isEqualTo(20);

    saveRule(Map.of("code", "referral-" + venue.toLowerCase(), "name", "推荐新会员",
        "trigger", "REFERRAL", "points", 100, "active", true));
    String friend = member();
    assertThat(admin().post("/api/v1/points/engagements", Map.of("memberId", member,
        "kind", "REFERRAL", "externalId", "ref-self", "ref", member)).at("/errors/0/field"))
        .isEqualTo("ref");
    assertThat(admin().post("/api/v1/points/engagements", Map.of("memberId", member,
        "kind", "REFERRAL", "externalId", "ref-1", "ref", friend)).status()).isEqualTo(201);
    long before = balance(member);
    admin().post("/api/v1/points/purchases", purchase(friend, "first-" + venue, 100, "none",
        null));
    assertThat(balance(member) - before).isGreaterThanOrEqualTo(100);
    admin().post("/api/v1/points/purchases", purchase(friend, "second-" + venue, 100, "none",
        null));
    assertThat(balance(member) - before).isLessThan(200);
    String late = member();
    admin().post("/api/v1/points/purchases", purchase(late, "x-" + venue, 100, "none", null));
    assertThat(admin().post("/api/v1/points/engagements", Map.of("memberId", member,
        "kind", "REFERRAL", "externalId", "ref-2", "ref", late)).status()).isEqualTo(409);
  }

  @Test
  void rules_are_validated_and_only_loyalty_administrators_change_them() {
    String code = "bad-" + channel();
    Map<String, Object> noAmount = new HashMap<>(Map.of("code", code, "name", "x",
        "trigger", "PURCHASE", "points", 1, "active", true));
    assertThat(admin().put("/api/v1/points/rules/" + code, noAmount).at("/errors/0/field"))
        .isEqualTo("perFen");
    noAmount.put("perFen", 100);
    noAmount.put("tierMultipliers", Map.of("GOLD", 50));
    assertThat(admin().put("/api/v1/points/rules/" + code, noAmount).status()).isEqualTo(400);
    noAmount.remove("tierMultipliers");
    assertThat(admin().put("/api/v1/points/rules/other", noAmount).at("/errors/0/field"))
        .isEqualTo("code");
    assertThat(as(Role.STORE_STAFF).put("/api/v1/points/rules/" + code, noAmount).status())
        .isEqualTo(403);
    assertThat(as(Role.MARKETING).put("/api/v1/points/rules/" + code, noAmount).status())
        .isEqualTo(200);
    assertThat(admin().get("/api/v1/points/rules/" + code).at("/perFen")).isEqualTo("100");
    assertThat(admin().delete("/api/v1/points/rules/" + code).status()).isEqualTo(204);
    assertThat(admin().get("/api/v1/points/rules/" + code).status()).isEqualTo(404);
    assertThat(admin().put("/api/v1/points/member-days/" + code, Map.of("code", code,
        "name", "x", "active", true)).status()).isEqualTo(400);
  }

  private void saveRule(Map<String, Object> rule) {
    Api.Response saved = admin().put("/api/v1/points/rules/" + rule.get("code"), rule);
    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
  }

  private static Map<String, Object> purchaseRule(String code, String channel, long points,
      long perFen, Map<String, Object> more) {
    Map<String, Object> rule = new HashMap<>(Map.of("code", code, "name", "消费积分 " + code,
        "trigger", "PURCHASE", "points", points, "perFen", perFen,
        "channels", List.of(channel), "active", true));
    rule.putAll(more);
    return rule;
  }

  private static Map<String, Object> purchase(String member, String orderId, long amount,
      String channel, String venue) {
    Map<String, Object> order = new HashMap<>(Map.of("memberId", member, "orderId", orderId,
        "amountFen", amount, "channel", channel));
    if (venue != null) {
      order.put("venue", venue);
    }
    return order;
  }

  private static String channel() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static final java.util.concurrent.atomic.AtomicInteger RANKS =
      new java.util.concurrent.atomic.AtomicInteger(500);

  /** A tier of this test's own, that no member reaches by points: members get it by override. */
  private String tier() {
    String code = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    assertThat(admin().put("/api/v1/tiers/" + code, Map.of("code", code, "nameZh", code,
        "nameEn", code, "rank", RANKS.incrementAndGet(), "qualifyPoints", 1_000_000_000_000L,
        "window", "ROLLING_DAYS")).status()).isEqualTo(200);
    return code;
  }

  private void setTier(String member, String tier) {
    assertThat(admin().post("/api/v1/members/" + member + "/tier/override",
        Map.of("tier", tier, "reason", "test")).status()).isEqualTo(200);
  }

  /** Runs the calls at once on that many threads; their results in order. */
  private static <T> List<T> atOnce(int threads, List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(calls)) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  private List<String> members(int n) {
    List<String> members = new ArrayList<>();
    for (int m = 0; m < n; m++) {
      members.add(member());
    }
    return members;
  }

  private String member() {
    return admin().post("/api/v1/members", newMember("会员", freshPhone())).at("/id");
  }

  private long balance(String member) {
    return admin().get("/api/v1/members/" + member + "/points").json().at("/balance").asLong();
  }
}
