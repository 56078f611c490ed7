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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The benefits catalogue, quotas and their ledger (TIER-2). */
class BenefitTest extends LooplineTest {

  private static final AtomicInteger RANKS = new AtomicInteger(300);

  @Test
  void a_lounge_visit_is_used_refunded_and_replayed_once_with_who_where_and_which_booking() {
    String tier = tier();
    String lounge = benefit("LOUNGE_VISIT", "贵宾厅", "Lounge visit", "visit");
    quota(lounge, tier, 2, "MONTH");
    String member = memberIn(tier);

    Map<String, Object> use = Map.of("memberId", member, "externalId", "use-1",
        "venue", "SH-001", "ref", "booking-88");
    Api.Response used = as(Role.STORE_STAFF).post("/api/v1/benefits/" + lounge + "/uses", use);
    assertThat(used.status()).isEqualTo(201);
    assertThat(used.at("/remaining")).isEqualTo("1");
    assertThat(used.at("/actor")).isEqualTo("user:store_staff");
    assertThat(used.at("/ref")).isEqualTo("booking-88");
    assertThat(admin().post("/api/v1/benefits/" + lounge + "/uses", use).status())
        .isEqualTo(200);
    admin().post("/api/v1/benefits/" + lounge + "/uses", Map.of("memberId", member,
        "externalId", "use-2"));
    Api.Response none = admin().post("/api/v1/benefits/" + lounge + "/uses",
        Map.of("memberId", member, "externalId", "use-3"));
    assertThat(none.status()).isEqualTo(409);
    assertThat(none.at("/detail")).contains("used up");

    Map<String, Object> refund = Map.of("memberId", member, "useExternalId", "use-1",
        "externalId", "refund-1");
    Api.Response back = admin().post("/api/v1/benefits/" + lounge + "/refunds", refund);
    assertThat(back.status()).isEqualTo(201);
    assertThat(back.at("/remaining")).isEqualTo("1");
    assertThat(admin().post("/api/v1/benefits/" + lounge + "/refunds", refund).status())
        .isEqualTo(200);
    assertThat(admin().post("/api/v1/benefits/" + lounge + "/refunds", Map.of("memberId", member,
        "useExternalId", "use-1", "externalId", "refund-2")).status()).isEqualTo(409);
    assertThat(admin().post("/api/v1/benefits/" + lounge + "/refunds", Map.of("memberId", member,
        "useExternalId", "nope", "externalId", "refund-3")).status()).isEqualTo(404);

    Api.Response balances = admin().get("/api/v1/members/" + member + "/benefits");
    assertThat(balances.at("/0/benefit")).isEqualTo(lounge);
    assertThat(balances.at("/0/used")).isEqualTo("1");
    assertThat(balances.at("/0/remaining")).isEqualTo("1");
    Api.Response ledger = admin().get("/api/v1/members/" + member + "/benefits/ledger");
    assertThat(ledger.json().size()).isEqualTo(3);
    assertThat(ledger.at("/0/kind")).isEqualTo("REFUND");
  }

  @Test
  void thirty_concurrent_uses_of_a_quota_of_three_let_exactly_three_through() throws Exception {
    String tier = tier();
    String room = benefit("MEETING_ROOM_HOURS", "会议室", "Meeting room", "hour");
    quota(room, tier, 3, "YEAR");
    String member = memberIn(tier);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Map<String, Object> use = Map.of("memberId", member, "externalId", "hour-" + i);
      calls.add(() -> admin().post("/api/v1/benefits/" + room + "/uses", use).status());
    }
    Map<Integer, Integer> statuses = new HashMap<>();
    for (Future<Integer> f : pool.invokeAll(calls)) {
      statuses.merge(f.get(), 1, Integer::sum);
    }
    pool.shutdown();
    assertThat(statuses).containsEntry(201, 3).containsEntry(409, 27).hasSize(2);
    assertThat(admin().get("/api/v1/members/" + member + "/benefits").at("/0/remaining"))
        .isEqualTo("0");
  }

  @Test
  void benefits_outside_the_members_tier_and_bad_input_are_refused() {
    String tier = tier();
    String butler = benefit("PERSONAL_BUTLER", "私人管家", "Personal butler", "day");
    String other = tier();
    quota(butler, other, 1, "LIFETIME");
    String member = memberIn(tier);
    assertThat(admin().post("/api/v1/benefits/" + butler + "/uses", Map.of("memberId", member,
        "externalId", "b-1")).at("/detail")).contains("does not include");
    assertThat(admin().post("/api/v1/benefits/no-such/uses", Map.of("memberId", member,
        "externalId", "b-2")).status()).isEqualTo(404);
    assertThat(admin().put("/api/v1/benefits/x1", Map.of("code", "x1", "kind", "FREE_LUNCH",
        "nameZh", "x", "nameEn", "x", "unit", "x")).status()).isEqualTo(400);
    assertThat(admin().put("/api/v1/benefits/" + butler + "/quotas/NO_TIER",
        Map.of("quota", 1, "period", "MONTH")).at("/errors/0/field")).isEqualTo("tier");
    assertThat(admin().put("/api/v1/benefits/" + butler + "/quotas/" + tier,
        Map.of("quota", 0, "period", "MONTH")).at("/errors/0/field")).isEqualTo("quota");
    assertThat(as(Role.STORE_STAFF).put("/api/v1/benefits/" + butler + "/quotas/" + tier,
        Map.of("quota", 1, "period", "MONTH")).status()).isEqualTo(403);
    quota(butler, tier, null, "MONTH");
    Api.Response unlimited = admin().post("/api/v1/benefits/" + butler + "/uses",
        Map.of("memberId", member, "externalId", "b-3", "quantity", 5));
    assertThat(unlimited.status()).isEqualTo(201);
    assertThat(unlimited.json().has("remaining")).isFalse();
    Api.Response catalogue = admin().get("/api/v1/benefits");
    assertThat(catalogue.text()).contains(butler, tier);
  }

  static String tierCode() {
    return "B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private String tier() {
    String code = tierCode();
    assertThat(admin().put("/api/v1/tiers/" + code, Map.of("code", code, "nameZh", "权益" + code,
        "nameEn", code, "rank", RANKS.incrementAndGet(), "qualifyPoints", 1_000_000_000_000L,
        "window", "ROLLING_DAYS")).status()).isEqualTo(200);
    return code;
  }

  private String benefit(String kind, String zh, String en, String unit) {
    String code = "b-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin().put("/api/v1/benefits/" + code, Map.of("code", code, "kind", kind,
        "nameZh", zh, "nameEn", en, "unit", unit)).status()).isEqualTo(200);
    return code;
  }

  private void quota(String benefit, String tier, Integer quota, String period) {
    Map<String, Object> body = new HashMap<>();
    body.put("quota", quota);
    body.put("period", period);
    assertThat(admin().put("/api/v1/benefits/" + benefit + "/quotas/" + tier, body).status())
        .isEqualTo(200);
  }

  private String memberIn(String tier) {
    String member = admin().post("/api/v1/members", newMember("权益", freshPhone())).at("/id");
    assertThat(admin().post("/api/v1/members/" + member + "/tier/override",
        Map.of("tier", tier, "reason", "test")).status()).isEqualTo(200);
    return member;
  }
}
