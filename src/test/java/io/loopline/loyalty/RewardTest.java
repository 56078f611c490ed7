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

/** Rewards and cash offset (PTS-2). */
class RewardTest extends LooplineTest {

  @Test
  void two_hundred_concurrent_redemptions_of_a_stock_of_twenty_issue_exactly_twenty()
      throws Exception {
    String reward = reward(Map.of("points", 100, "stock", 20));
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      members.add(memberWith(150));
    }
    ExecutorService pool = Executors.newFixedThreadPool(24);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (String member : members) {
      calls.add(() -> admin().post("/api/v1/rewards/" + reward + "/redemptions",
          Map.of("memberId", member, "externalId", "r-" + member)).status());
    }
    Map<Integer, Integer> statuses = new HashMap<>();
    for (Future<Integer> f : pool.invokeAll(calls)) {
      statuses.merge(f.get(), 1, Integer::sum);
    }
    pool.shutdown();
    assertThat(statuses).containsEntry(201, 20).containsEntry(409, 180).hasSize(2);
    assertThat(admin().get("/api/v1/rewards").text()).contains(reward);
    Api.Response catalogue = admin().get("/api/v1/rewards");
    for (var r : catalogue.json()) {
      if (r.at("/code").asString().equals(reward)) {
        assertThat(r.at("/stock").asInt()).isZero();
        assertThat(r.at("/issued").asInt()).isEqualTo(20);
      }
    }
    long spent = members.stream().filter(m -> balance(m) == 50).count();
    assertThat(spent).isEqualTo(20);
    assertThat(admin().get("/api/v1/points/audit").at("/inconsistent")).isEqualTo("0");
  }

  @Test
  void a_redemption_is_atomic_exactly_once_and_its_voucher_is_used_once() {
    String reward = reward(Map.of("points", 100, "stock", 5, "perMemberLimit", 1));
    String member = memberWith(250);
    Map<String, Object> redeem = Map.of("memberId", member, "externalId", "once");
    Api.Response issued = as(Role.STORE_STAFF).post("/api/v1/rewards/" + reward
        + "/redemptions", redeem);
    assertThat(issued.status()).isEqualTo(201);
    assertThat(issued.at("/voucher")).hasSize(12);
    assertThat(issued.at("/balance")).isEqualTo("150");
    assertThat(admin().post("/api/v1/rewards/" + reward + "/redemptions", redeem).status())
        .isEqualTo(200);
    Api.Response limit = admin().post("/api/v1/rewards/" + reward + "/redemptions",
        Map.of("memberId", member, "externalId", "twice"));
    assertThat(limit.status()).isEqualTo(409);
    assertThat(limit.at("/detail")).contains("1 times");
    assertThat(balance(member)).isEqualTo(150);

    String poor = memberWith(50);
    assertThat(admin().post("/api/v1/rewards/" + reward + "/redemptions",
        Map.of("memberId", poor, "externalId", "poor")).status()).isEqualTo(409);
    assertThat(balance(poor)).isEqualTo(50);
    assertThat(admin().post("/api/v1/rewards/" + reward + "/redemptions",
        Map.of("memberId", memberWith(500), "externalId", "other")).status()).isEqualTo(201);
    // the refused redemption took no stock: 5 - 2 left
    for (var r : admin().get("/api/v1/rewards").json()) {
      if (r.at("/code").asString().equals(reward)) {
        assertThat(r.at("/stock").asInt()).isEqualTo(3);
      }
    }

    String voucher = issued.at("/voucher");
    String url = "/api/v1/rewards/vouchers/" + voucher + "/use";
    assertThat(as(Role.STORE_STAFF).post(url, Map.of("memberId", member, "venue", "BJ-009"))
        .status()).isEqualTo(403);
    assertThat(as(Role.STORE_STAFF).post(url, Map.of("memberId", member, "venue", "SH-001"))
        .at("/state")).isEqualTo("USED");
    assertThat(as(Role.STORE_STAFF).post(url, Map.of("memberId", member, "venue", "SH-001"))
        .status()).isEqualTo(409);
    assertThat(admin().post("/api/v1/rewards/vouchers/NOPE/use", Map.of("memberId", member,
        "venue", "SH-001")).status()).isEqualTo(404);
    assertThat(admin().get("/api/v1/members/" + member + "/redemptions").at("/0/usedVenue"))
        .isEqualTo("SH-001");
  }

  @Test
  void rewards_outside_their_window_or_tier_are_refused_and_bad_rewards_rejected() {
    String later = reward(Map.of("points", 10, "availableFrom", "2099-01-01T00:00:00Z"));
    String member = memberWith(100);
    Api.Response early = admin().post("/api/v1/rewards/" + later + "/redemptions",
        Map.of("memberId", member, "externalId", "early"));
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.at("/detail")).contains("from 2099");
    String vip = reward(Map.of("points", 10, "tiers", List.of("NO_ONE_HAS_THIS")));
    assertThat(admin().post("/api/v1/rewards/" + vip + "/redemptions",
        Map.of("memberId", member, "externalId", "vip")).at("/detail")).contains("members of");
    assertThat(admin().get("/api/v1/rewards?memberId=" + member).text())
        .doesNotContain(later).doesNotContain(vip);
    assertThat(admin().post("/api/v1/rewards/no-such/redemptions",
        Map.of("memberId", member, "externalId", "x")).status()).isEqualTo(404);
    assertThat(admin().put("/api/v1/rewards/bad", Map.of("code", "bad", "nameZh", "x",
        "nameEn", "x", "points", 0)).at("/errors/0/field")).isEqualTo("points");
    assertThat(as(Role.STORE_STAFF).put("/api/v1/rewards/bad", Map.of("code", "bad",
        "nameZh", "x", "nameEn", "x", "points", 1)).status()).isEqualTo(403);
    assertThat(balance(member)).isEqualTo(100);
  }

  @Test
  void points_pay_part_of_an_order_and_come_back_when_the_order_is_released() {
    assertThat(admin().put("/api/v1/points/offsets/policy", Map.of("pointsPerYuan", 100,
        "maxSharePercent", 50, "minPoints", 100)).status()).isEqualTo(200);
    String member = memberWith(3_000);
    Api.Response quote = admin().get("/api/v1/points/offsets/quote?memberId=" + member
        + "&amountFen=10000");
    assertThat(quote.at("/points")).isEqualTo("3000");
    assertThat(quote.at("/offsetFen")).isEqualTo("3000");
    assertThat(admin().get("/api/v1/points/offsets/quote?memberId=" + member
        + "&amountFen=2000").at("/offsetFen")).isEqualTo("1000");
    assertThat(admin().get("/api/v1/points/offsets/quote?memberId=" + memberWith(50)
        + "&amountFen=2000").at("/reason")).contains("at least 100");

    String order = "order-" + UUID.randomUUID();
    Map<String, Object> commit = Map.of("memberId", member, "orderId", order, "points", 2_000,
        "amountFen", 10_000);
    Api.Response committed = admin().post("/api/v1/points/offsets", commit);
    assertThat(committed.status()).isEqualTo(201);
    assertThat(committed.at("/offsetFen")).isEqualTo("2000");
    assertThat(committed.at("/balance")).isEqualTo("1000");
    assertThat(admin().post("/api/v1/points/offsets", commit).status()).isEqualTo(200);
    assertThat(balance(member)).isEqualTo(1_000);
    assertThat(admin().post("/api/v1/points/offsets", Map.of("memberId", member,
        "orderId", "o2-" + order, "points", 900, "amountFen", 1_000)).at("/errors/0/field"))
        .isEqualTo("points");
    assertThat(admin().post("/api/v1/points/offsets", Map.of("memberId", member,
        "orderId", "o3-" + order, "points", 50, "amountFen", 100_000)).status()).isEqualTo(400);
    assertThat(admin().post("/api/v1/points/offsets", Map.of("memberId", member,
        "orderId", "o4-" + order, "points", 1_500, "amountFen", 100_000)).status())
        .isEqualTo(409);

    Api.Response released = admin().post("/api/v1/points/offsets/" + order + "/release", Map.of());
    assertThat(released.at("/state")).isEqualTo("RELEASED");
    assertThat(balance(member)).isEqualTo(3_000);
    assertThat(admin().post("/api/v1/points/offsets/" + order + "/release", Map.of()).status())
        .isEqualTo(200);
    assertThat(balance(member)).isEqualTo(3_000);
    assertThat(admin().post("/api/v1/points/offsets/nope/release", Map.of()).status())
        .isEqualTo(404);
    assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
        .isEqualTo("true");
  }

  private String reward(Map<String, Object> more) {
    String code = "rw-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> reward = new HashMap<>(Map.of("code", code, "nameZh", "咖啡券",
        "nameEn", "Coffee voucher", "description", "一杯中杯咖啡"));
    reward.putAll(more);
    Api.Response saved = admin().put("/api/v1/rewards/" + code, reward);
    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    return code;
  }

  private String memberWith(long points) {
    String member = admin().post("/api/v1/members", newMember("兑换", freshPhone())).at("/id");
    admin().post("/api/v1/points/earnings", Map.of("memberId", member, "points", points,
        "causeType", "SEED", "externalId", "seed-" + member));
    return member;
  }

  private long balance(String member) {
    return admin().get("/api/v1/members/" + member + "/points/balance").json().at("/balance")
        .asLong();
  }
}
