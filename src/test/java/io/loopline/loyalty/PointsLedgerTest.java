package io.loopline.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.security.Role;
import io.loopline.platform.security.Scope;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PointsLedgerTest extends LooplineTest {

  @Test
  void a_replayed_earn_is_applied_once() {
    String member = member();
    Map<String, Object> earn = change(member, 100, "order-1");
    Api keyed = admin().key("earn-" + member);
    assertThat(keyed.post("/api/v1/points/earnings", earn).status()).isEqualTo(201);
    Api.Response byKey = keyed.post("/api/v1/points/earnings", earn);
    assertThat(byKey.status()).isEqualTo(201);
    assertThat(byKey.header("Idempotent-Replayed")).isEqualTo("true");
    Api.Response byExternalId = admin().post("/api/v1/points/earnings", earn);
    assertThat(byExternalId.status()).isEqualTo(200);
    assertThat(byExternalId.at("/replayed")).isEqualTo("true");
    assertThat(balance(member)).isEqualTo(100);
    assertThat(admin().get("/api/v1/members/" + member + "/points/entries").json().size())
        .isEqualTo(1);
  }

  @Test
  void one_hundred_concurrent_spends_on_a_balance_of_ten_let_exactly_ten_through()
      throws Exception {
    String member = member();
    admin().post("/api/v1/points/earnings", change(member, 10, "seed"));
    Api api = as(Role.STORE_STAFF);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Map<String, Object> spend = change(member, 1, "spend-" + i);
      calls.add(() -> api.post("/api/v1/points/spendings", spend).status());
    }
    Map<Integer, Integer> statuses = new HashMap<>();
    for (Future<Integer> f : pool.invokeAll(calls)) {
      statuses.merge(f.get(), 1, Integer::sum);
    }
    pool.shutdown();
    assertThat(statuses).containsEntry(201, 10).containsEntry(409, 90).hasSize(2);
    assertThat(balance(member)).isZero();
    assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
        .isEqualTo("true");
  }

  @Test
  void spending_takes_the_lot_nearest_to_expiry_first_and_never_overdraws() {
    String member = member();
    Map<String, Object> never = change(member, 50, "never");
    Map<String, Object> late = new HashMap<>(change(member, 30, "late"));
    late.put("expiry", days(365));
    Map<String, Object> soon = new HashMap<>(change(member, 20, "soon"));
    soon.put("expiry", days(10));
    admin().post("/api/v1/points/earnings", never);
    admin().post("/api/v1/points/earnings", late);
    admin().post("/api/v1/points/earnings", soon);

    assertThat(admin().post("/api/v1/points/spendings", change(member, 25, "buy-1")).status())
        .isEqualTo(201);
    Api.Response points = admin().get("/api/v1/members/" + member + "/points");
    assertThat(points.json().at("/balance").asLong()).isEqualTo(75);
    assertThat(points.json().at("/lots").size()).isEqualTo(2);
    assertThat(points.json().at("/lots/0/remaining").asLong()).isEqualTo(25);
    assertThat(points.json().at("/lots/1/remaining").asLong()).isEqualTo(50);
    assertThat(points.json().at("/expiringSoon").asLong()).isZero();

    Api.Response over = admin().post("/api/v1/points/spendings", change(member, 76, "too-much"));
    assertThat(over.status()).isEqualTo(409);
    assertThat(balance(member)).isEqualTo(75);
    assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
        .isEqualTo("true");
  }

  @Test
  void a_lot_expires_at_its_deadline_once() {
    String member = member();
    Map<String, Object> shortLived = new HashMap<>(change(member, 40, "promo"));
    shortLived.put("expiry", days(1));
    admin().post("/api/v1/points/earnings", shortLived);
    admin().post("/api/v1/points/earnings", change(member, 5, "forever"));
    admin().post("/api/v1/points/spendings", change(member, 10, "coffee"));
    assertThat(balance(member)).isEqualTo(35);

    java.time.Instant now = java.time.Instant.now();
    ledger.expireDue(now.plus(java.time.Duration.ofHours(23)), 1000);
    assertThat(balance(member)).isEqualTo(35);
    ledger.expireDue(now.plus(java.time.Duration.ofHours(25)), 100_000);
    assertThat(balance(member)).isEqualTo(5);
    ledger.expireDue(now.plus(java.time.Duration.ofHours(26)), 100_000);
    assertThat(balance(member)).isEqualTo(5);
    assertThat(admin().get("/api/v1/members/" + member + "/points/entries").at("/0/kind"))
        .isEqualTo("EXPIRE");
    assertThat(admin().get("/api/v1/members/" + member + "/points/entries").at("/0/points"))
        .isEqualTo("-30");
    assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
        .isEqualTo("true");
  }

  @org.springframework.beans.factory.annotation.Autowired
  PointsLedger ledger;

  @Test
  void merging_two_members_moves_the_points_with_their_expiry() throws Exception {
    String survivor = member();
    String merged = member();
    admin().post("/api/v1/points/earnings", change(survivor, 10, "a"));
    Map<String, Object> expiring = new HashMap<>(change(merged, 30, "b"));
    expiring.put("expiry", days(20));
    admin().post("/api/v1/points/earnings", expiring);
    admin().post("/api/v1/points/spendings", change(merged, 5, "c"));

    admin().post("/api/v1/members/merges",
        Map.of("survivorId", survivor, "mergedId", merged, "reason", "same phone owner"));
    long deadline = System.currentTimeMillis() + 15_000;
    while (balance(survivor) != 35 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(balance(survivor)).isEqualTo(35);
    Api.Response points = admin().get("/api/v1/members/" + survivor + "/points");
    assertThat(points.json().at("/expiringSoon").asLong()).isEqualTo(25);
    assertThat(points.json().at("/lifetimeEarned").asLong()).isEqualTo(40);
    ledger.transferOnMerge(io.loopline.member.MemberId.parse(survivor),
        io.loopline.member.MemberId.parse(merged));
    assertThat(balance(survivor)).isEqualTo(35);
    assertThat(admin().get("/api/v1/members/" + survivor + "/points/audit").at("/consistent"))
        .isEqualTo("true");
  }

  @Test
  void bad_changes_are_refused_and_write_nothing() {
    String member = member();
    assertThat(admin().post("/api/v1/points/earnings", change(member, 0, "zero")).status())
        .isEqualTo(400);
    Map<String, Object> bad = new HashMap<>(change(member, 5, "x"));
    bad.put("causeType", "not valid");
    assertThat(admin().post("/api/v1/points/earnings", bad).at("/errors/0/field"))
        .isEqualTo("causeType");
    assertThat(admin().post("/api/v1/points/earnings",
        change("mbr_0000000000000", 5, "ghost")).status()).isEqualTo(404);
    assertThat(client(Set.of(Scope.POINTS_READ), Set.of())
        .post("/api/v1/points/earnings", change(member, 5, "nope")).status()).isEqualTo(403);
    assertThat(balance(member)).isZero();
  }

  @Test
  void a_pending_earning_is_shown_not_spendable_and_cancelled_by_a_refund_before_it_matures() {
    String member = member();
    Map<String, Object> pending = new HashMap<>(change(member, 80, "order-p"));
    pending.put("maturesInDays", 7);
    Api.Response earned = admin().post("/api/v1/points/earnings", pending);
    assertThat(earned.status()).isEqualTo(201);
    assertThat(earned.at("/pending/points")).isEqualTo("80");
    assertThat(admin().post("/api/v1/points/earnings", pending).status()).isEqualTo(200);
    Api.Response points = admin().get("/api/v1/members/" + member + "/points");
    assertThat(points.json().at("/balance").asLong()).isZero();
    assertThat(points.json().at("/pending").asLong()).isEqualTo(80);
    assertThat(admin().post("/api/v1/points/spendings", change(member, 1, "early")).status())
        .isEqualTo(409);

    Map<String, Object> refund = Map.of("memberId", member, "originalExternalId", "order-p",
        "points", 30, "externalId", "refund-p1", "reason", "returned one item");
    assertThat(admin().post("/api/v1/points/refunds", refund).status()).isEqualTo(201);
    assertThat(admin().post("/api/v1/points/refunds", refund).status()).isEqualTo(200);
    assertThat(admin().get("/api/v1/members/" + member + "/points").json().at("/pending")
        .asLong()).isEqualTo(50);

    ledger.matureDue(java.time.Instant.now().plus(java.time.Duration.ofDays(6)), 100_000);
    assertThat(balance(member)).isZero();
    ledger.matureDue(java.time.Instant.now().plus(java.time.Duration.ofDays(8)), 100_000);
    ledger.matureDue(java.time.Instant.now().plus(java.time.Duration.ofDays(9)), 100_000);
    points = admin().get("/api/v1/members/" + member + "/points");
    assertThat(points.json().at("/balance").asLong()).isEqualTo(50);
    assertThat(points.json().at("/pending").asLong()).isZero();
    assertThat(points.json().at("/lifetimeEarned").asLong()).isEqualTo(50);
    assertConsistent(member);
  }

  @Test
  void a_partial_refund_after_spending_claws_back_and_later_earnings_pay_the_debt_first() {
    String member = member();
    admin().post("/api/v1/points/earnings", change(member, 100, "order-a"));
    admin().post("/api/v1/points/earnings", change(member, 20, "order-b"));
    admin().post("/api/v1/points/spendings", change(member, 110, "reward-1"));

    Map<String, Object> partial = Map.of("memberId", member, "originalExternalId", "order-a",
        "points", 60, "externalId", "refund-a1");
    Api.Response refunded = admin().post("/api/v1/points/refunds", partial);
    assertThat(refunded.status()).isEqualTo(201);
    assertThat(refunded.at("/entry/kind")).isEqualTo("REVERSE");
    Api.Response points = admin().get("/api/v1/members/" + member + "/points");
    assertThat(points.json().at("/balance").asLong()).isZero();
    assertThat(points.json().at("/debt").asLong()).isEqualTo(50);
    assertThat(points.json().at("/lifetimeEarned").asLong()).isEqualTo(60);
    assertConsistent(member);

    Api.Response tooMuch = admin().post("/api/v1/points/refunds", Map.of("memberId", member,
        "originalExternalId", "order-a", "points", 41, "externalId", "refund-a2"));
    assertThat(tooMuch.status()).isEqualTo(409);
    assertThat(admin().post("/api/v1/points/refunds", Map.of("memberId", member,
        "originalExternalId", "no-such-order", "externalId", "refund-x")).status())
        .isEqualTo(404);

    admin().post("/api/v1/points/earnings", change(member, 70, "order-c"));
    points = admin().get("/api/v1/members/" + member + "/points");
    assertThat(points.json().at("/balance").asLong()).isEqualTo(20);
    assertThat(points.json().at("/debt").asLong()).isZero();
    assertConsistent(member);
  }

  @Test
  void a_cancelled_spending_gives_its_points_back_to_the_lots_it_took_from_once() {
    String member = member();
    Map<String, Object> soon = new HashMap<>(change(member, 30, "soon"));
    soon.put("expiry", days(5));
    admin().post("/api/v1/points/earnings", soon);
    admin().post("/api/v1/points/earnings", change(member, 30, "never"));
    admin().post("/api/v1/points/spendings", change(member, 40, "offset-1"));
    Map<String, Object> cancel = Map.of("memberId", member, "originalExternalId", "offset-1",
        "externalId", "release-1");
    assertThat(admin().post("/api/v1/points/cancellations", cancel).status()).isEqualTo(201);
    assertThat(admin().post("/api/v1/points/cancellations", cancel).status()).isEqualTo(200);
    Api.Response points = admin().get("/api/v1/members/" + member + "/points");
    assertThat(points.json().at("/balance").asLong()).isEqualTo(60);
    assertThat(points.json().at("/expiringSoon").asLong()).isEqualTo(30);
    assertThat(admin().post("/api/v1/points/cancellations", Map.of("memberId", member,
        "originalExternalId", "offset-1", "externalId", "release-2")).status()).isEqualTo(409);
    assertConsistent(member);
  }

  @Test
  void only_administrators_adjust_points_and_always_with_a_reason() {
    String member = member();
    Map<String, Object> add = Map.of("memberId", member, "points", 25,
        "reason", "compensation for a late delivery", "externalId", "adj-1");
    assertThat(as(Role.MARKETING).post("/api/v1/points/adjustments", add).status())
        .isEqualTo(403);
    assertThat(as(Role.STORE_STAFF).post("/api/v1/points/adjustments", add).status())
        .isEqualTo(403);
    assertThat(admin().post("/api/v1/points/adjustments", Map.of("memberId", member,
        "points", 5, "externalId", "adj-0")).at("/errors/0/field")).isEqualTo("reason");
    Api.Response added = admin().post("/api/v1/points/adjustments", add);
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.at("/entry/actor")).isEqualTo("user:admin");
    assertThat(admin().post("/api/v1/points/adjustments", Map.of("memberId", member,
        "points", -26, "reason", "typo", "externalId", "adj-2")).status()).isEqualTo(409);
    assertThat(admin().post("/api/v1/points/adjustments", Map.of("memberId", member,
        "points", -5, "reason", "typo", "externalId", "adj-3")).status()).isEqualTo(201);
    assertThat(balance(member)).isEqualTo(20);
    Api.Response audit = admin().get("/api/v1/points/audit");
    assertThat(audit.status()).isEqualTo(200);
    assertThat(audit.at("/inconsistent")).isEqualTo("0");
    assertThat(as(Role.MARKETING).get("/api/v1/points/audit").status()).isEqualTo(403);
  }

  @Test
  void the_audit_reports_a_lot_that_no_entry_of_the_member_opened() {
    String member = member();
    admin().post("/api/v1/points/earnings", change(member, 10, "lot-a"));
    String url = "/api/v1/members/" + member + "/points/audit";
    assertThat(admin().get(url).at("/lotsWithoutEntry")).isEqualTo("0");
    long id = io.loopline.member.MemberId.parse(member).value();
    jdbc.sql("insert into loyalty.points_lot (member_id, entry_id, earned, remaining)"
        + " values (:m, -1, 1, 0)").param("m", id).update();
    try {
      Api.Response audit = admin().get(url);
      assertThat(audit.at("/lotsWithoutEntry")).isEqualTo("1");
      assertThat(audit.at("/consistent")).isEqualTo("false");
    } finally {
      jdbc.sql("delete from loyalty.points_lot where member_id = :m and entry_id = -1")
          .param("m", id).update();
    }
    assertThat(admin().get(url).at("/consistent")).isEqualTo("true");
  }

  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @Test
  void calendar_expiry_ends_with_the_month_in_the_programme_time_zone() {
    java.time.ZoneId shanghai = java.time.ZoneId.of("Asia/Shanghai");
    // 2026-01-31 20:00 UTC is already 1 February in Shanghai
    java.time.Instant earned = java.time.Instant.parse("2026-01-31T20:00:00Z");
    assertThat(new PointsExpiry(PointsExpiry.Kind.END_OF_MONTH, 0).deadline(earned, shanghai))
        .isEqualTo(java.time.Instant.parse("2026-02-28T16:00:00Z"));
    assertThat(new PointsExpiry(PointsExpiry.Kind.END_OF_YEAR, 1).deadline(earned, shanghai))
        .isEqualTo(java.time.Instant.parse("2027-12-31T16:00:00Z"));
    assertThat(PointsExpiry.NEVER.deadline(earned, shanghai)).isNull();

    String member = member();
    Map<String, Object> monthly = new HashMap<>(change(member, 10, "monthly"));
    monthly.put("expiry", Map.of("kind", "END_OF_MONTH", "n", 0));
    admin().post("/api/v1/points/earnings", monthly);
    java.time.Instant deadline = java.time.Instant.parse(admin()
        .get("/api/v1/members/" + member + "/points").at("/lots/0/expiresAt"));
    assertThat(deadline.atZone(shanghai).getDayOfMonth()).isEqualTo(1);
    assertThat(deadline.atZone(shanghai).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
    Map<String, Object> badKind = new HashMap<>(change(member, 10, "bad"));
    badKind.put("expiry", Map.of("kind", "SOMETIMES", "n", 0));
    assertThat(admin().post("/api/v1/points/earnings", badKind).status()).isEqualTo(400);
  }

  private void assertConsistent(String member) {
    assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
        .isEqualTo("true");
  }

  private static Map<String, Object> days(int n) {
    return Map.of("kind", "DAYS", "n", n);
  }

  private String member() {
    return admin().post("/api/v1/members", newMember("积分", freshPhone())).at("/id");
  }

  private long balance(String member) {
    return admin().get("/api/v1/members/" + member + "/points").json().at("/balance").asLong();
  }

  private static Map<String, Object> change(String member, long points, String externalId) {
    return Map.of("memberId", member, "points", points, "causeType", "PURCHASE",
        "causeRef", externalId, "externalId", externalId);
  }
}
