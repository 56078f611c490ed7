package io.loopline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.security.Role;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class PlatformTest extends LooplineTest {

  @Autowired
  JdbcClient jdbc;

  @Test
  void an_admin_issues_a_key_that_works_for_its_scopes_until_revoked() {
    Api.Response issued = admin().post("/api/v1/clients", Map.of("name", "门店 POS",
        "channel", "pos", "scopes", List.of("members:read"), "venues", List.of("SH-001")));
    assertThat(issued.status()).isEqualTo(201);
    String key = issued.at("/apiKey");
    Api pos = anonymous().apiKey(key);
    assertThat(pos.get("/api/v1/members?limit=1").status()).isEqualTo(200);
    assertThat(admin().get("/api/v1/clients").text()).contains("门店 POS").doesNotContain(key);
    assertThat(admin().post("/api/v1/clients", Map.of("name", "x", "scopes", List.of("root")))
        .status()).isEqualTo(400);
    assertThat(as(Role.MARKETING).post("/api/v1/clients", Map.of("name", "x",
        "scopes", List.of("members:read"))).status()).isEqualTo(403);

    assertThat(admin().delete("/api/v1/clients/" + issued.at("/clientId")).status())
        .isEqualTo(204);
    assertThat(pos.get("/api/v1/members?limit=1").status()).isEqualTo(401);
    assertThat(admin().delete("/api/v1/clients/" + issued.at("/clientId")).status())
        .isEqualTo(409);
    assertThat(admin().delete("/api/v1/clients/999999999").status()).isEqualTo(404);
  }

  @Test
  void health_readiness_and_metrics_are_served() {
    assertThat(anonymous().get("/actuator/health/readiness").at("/status")).isEqualTo("UP");
    assertThat(anonymous().get("/actuator/health/liveness").at("/status")).isEqualTo("UP");
    admin().get("/api/v1/tags");
    assertThat(anonymous().get("/actuator/prometheus").text()).contains("http_server_requests");
  }

  @Test
  void an_expired_sign_in_code_is_refused() {
    String phone = freshPhone();
    admin().post("/api/v1/members", newMember("过期", phone));
    var session = new io.loopline.support.WebSession(port);
    session.post("/portal/code", Map.of("username", phone), "/portal/login");
    jdbc.sql("update platform.sign_in_code set expires_at = now() - interval '1 minute'"
        + " where identity = :identity").param("identity", "+86" + phone).update();
    String code = null;
    for (var message : anonymous().get("/dev/messages.json").json()) {
      if (message.get("recipient").asString().equals("+86" + phone)) {
        code = message.get("body").asString().replaceAll("\\D*(\\d{6}).*", "$1");
        break;
      }
    }
    assertThat(code).hasSize(6);
    var answer = session.post("/portal/login", Map.of("username", phone, "token", code),
        "/portal/login?sent");
    assertThat(answer.headers().firstValue("Location").orElse("")).contains("error");
  }

  @Test
  void idempotency_keys_older_than_the_retention_are_forgotten() {
    Api keyed = admin().key("old-" + System.nanoTime());
    keyed.post("/api/v1/members", newMember("旧键", freshPhone()));
    jdbc.sql("update platform.idempotency_key set created_at = now() - interval '2 days'"
        + " where caller like '%admin%'").update();
    long before = jdbc.sql("select count(*) from platform.idempotency_key").query(Long.class)
        .single();
    assertThat(before).isPositive();
    jdbc.sql("update platform.scheduled_tasks set execution_time = now()"
        + " where task_name = 'idempotency-key-cleanup'").update();
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline && jdbc.sql(
        "select count(*) from platform.idempotency_key where created_at < now() - interval '1 day'")
        .query(Long.class).single() > 0) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertThat(jdbc.sql("select count(*) from platform.idempotency_key"
        + " where created_at < now() - interval '1 day'").query(Long.class).single()).isZero();
  }
}
