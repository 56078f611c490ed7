package io.loopline.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.member.MemberId;
import io.loopline.platform.PublicId;
import io.loopline.platform.security.Role;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Bulk grants to a segment: a durable job, resumable, never granting twice (PTS-3). */
class BulkGrantTest extends LooplineTest {

  @Autowired
  BulkGrants grants;

  @Autowired
  JdbcClient jdbc;

  @Test
  void every_member_of_the_segment_gets_the_points_once_even_when_the_job_runs_again()
      throws Exception {
    String tag = "grant-" + UUID.randomUUID().toString().substring(0, 8);
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "grant"));
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      members.add(member(tag));
    }
    String debtor = members.get(0);
    admin().post("/api/v1/points/earnings", Map.of("memberId", debtor, "points", 30,
        "causeType", "PURCHASE", "externalId", "o-" + debtor));
    admin().post("/api/v1/points/spendings", Map.of("memberId", debtor, "points", 30,
        "causeType", "REWARD", "externalId", "s-" + debtor));
    admin().post("/api/v1/points/refunds", Map.of("memberId", debtor,
        "originalExternalId", "o-" + debtor, "externalId", "r-" + debtor));
    admin().post("/api/v1/segments", Map.of("code", tag, "name", "发积分",
        "definition", Map.of("attribute", "tag", "operator", "has", "value", tag)));

    Map<String, Object> request = Map.of("segment", tag, "points", 88,
        "reason", "周年庆赠送", "externalId", "anniversary-" + tag);
    Api.Response started = admin().post("/api/v1/points/grants", request);
    assertThat(started.status()).isEqualTo(202);
    String id = started.at("/id");
    Api.Response done = waitUntilDone(id);
    assertThat(done.at("/granted")).isEqualTo("120");
    assertThat(admin().post("/api/v1/points/grants", request).at("/id")).isEqualTo(id);
    for (String member : members.subList(1, members.size())) {
      assertThat(balance(member)).isEqualTo(88);
    }
    assertThat(balance(debtor)).isEqualTo(58);

    // the job runs again from the start (a crash before its end was recorded): nothing doubles,
    // and a member who joined the segment since is granted too
    String late = member(tag);
    long grant = PublicId.parse(BulkGrants.PREFIX, id);
    jdbc.sql("update loyalty.bulk_grant set state = 'RUNNING', last_member = 0 where id = :id")
        .param("id", grant).update();
    grants.run(grant);
    for (String member : members.subList(1, members.size())) {
      assertThat(balance(member)).isEqualTo(88);
    }
    assertThat(balance(late)).isEqualTo(88);
    assertThat(admin().get("/api/v1/points/grants/" + id).at("/granted")).isEqualTo("121");
    for (String member : List.of(debtor, late, members.get(7))) {
      assertThat(admin().get("/api/v1/members/" + member + "/points/audit").at("/consistent"))
          .isEqualTo("true");
    }
    // granted points count towards tiers, once (the debtor's 30 were refunded)
    for (String member : List.of(debtor, late, members.get(7))) {
      assertThat(jdbc.sql("select sum(points) from loyalty.tier_progress where member_id = :m")
          .param("m", MemberId.parse(member).value()).query(Long.class).single()).isEqualTo(88);
    }
  }

  @Test
  void bad_grants_are_refused() {
    assertThat(admin().post("/api/v1/points/grants", Map.of("segment", "no-such-segment",
        "points", 1, "reason", "x", "externalId", "g1")).status()).isEqualTo(404);
    assertThat(admin().post("/api/v1/points/grants", Map.of("segment", "x", "points", 0,
        "reason", "x", "externalId", "g2")).at("/errors/0/field")).isEqualTo("points");
    assertThat(as(Role.MARKETING).post("/api/v1/points/grants", Map.of("segment", "x",
        "points", 1, "reason", "x", "externalId", "g3")).status()).isEqualTo(403);
    assertThat(admin().get("/api/v1/points/grants/grt_0000000000000").status()).isEqualTo(404);
  }

  private Api.Response waitUntilDone(String id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    Api.Response grant;
    do {
      Thread.sleep(200);
      grant = admin().get("/api/v1/points/grants/" + id);
    } while (!grant.at("/state").equals("DONE") && System.currentTimeMillis() < deadline);
    assertThat(grant.at("/state")).isEqualTo("DONE");
    return grant;
  }

  private String member(String tag) {
    return admin().post("/api/v1/members", Map.of("name", "赠送",
        "identities", List.of(Map.of("type", "PHONE", "value", freshPhone())),
        "tags", List.of(tag))).at("/id");
  }

  private long balance(String member) {
    return admin().get("/api/v1/members/" + member + "/points/balance").json().at("/balance")
        .asLong();
  }

}
