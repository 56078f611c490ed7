package io.loopline.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.security.Role;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import io.loopline.support.WebSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivacyTest extends LooplineTest {

  @Test
  void an_export_holds_everything_about_the_member_unmasked() {
    String phone = freshPhone();
    String id = admin().post("/api/v1/members", Map.of("name", "导出", "birthday", "1980-02-02",
        "identities", List.of(Map.of("type", "PHONE", "value", phone)))).at("/id");
    admin().post("/api/v1/members/" + id + "/consents",
        Map.of("channel", "SMS", "purpose", "MARKETING", "granted", true));
    Api.Response export = admin().get("/api/v1/members/" + id + "/personal-data");
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.text()).contains("+86" + phone, "1980-02-02", "consentHistory", "registered");
    assertThat(as(Role.MARKETING).get("/api/v1/members/" + id + "/personal-data").status())
        .isEqualTo(403);
  }

  @Test
  void erasure_removes_personal_data_keeps_the_id_and_frees_the_phone() {
    String phone = freshPhone();
    String id = admin().post("/api/v1/members", Map.of("name", "删除我", "birthday", "1980-02-02",
        "identities", List.of(Map.of("type", "PHONE", "value", phone)))).at("/id");
    admin().post("/api/v1/members/" + id + "/consents",
        Map.of("channel", "ANY", "purpose", "MARKETING", "granted", true));
    new WebSession(port).post("/portal/code", Map.of("username", phone), "/portal/login");
    assertThat(anonymous().get("/dev/messages.json").text()).contains("+86" + phone);

    Api.Response erased = admin().post("/api/v1/members/" + id + "/erasure",
        Map.of("reason", "member asked at the counter"));
    assertThat(erased.status()).isEqualTo(200);
    Api.Response read = admin().get("/api/v1/members/" + id);
    assertThat(read.at("/status")).isEqualTo("ERASED");
    assertThat(read.json().has("name")).isFalse();
    assertThat(read.json().at("/identities").size()).isZero();
    assertThat(admin().get("/api/v1/members/" + id + "/consents").text()).doesNotContain("true");
    assertThat(admin().get("/api/v1/members/" + id + "/timeline").text())
        .contains("erased", "member asked at the counter").doesNotContain("删除我");
    assertThat(anonymous().get("/dev/messages.json").text()).doesNotContain(phone);

    assertThat(admin().post("/api/v1/members/" + id + "/erasure", Map.of("reason", "again"))
        .status()).isEqualTo(409);
    assertThat(admin().post("/api/v1/members", newMember("新人", phone)).status()).isEqualTo(201);
    assertThat(admin().post("/api/v1/members/" + id + "/erasure", Map.of()).status())
        .isEqualTo(400);
  }

  @Test
  void console_forms_need_a_csrf_token() {
    String id = admin().post("/api/v1/members", newMember("防伪", freshPhone())).at("/id");
    WebSession session = new WebSession(port);
    session.post("/login", Map.of("username", "marketing", "password", "marketing-pass"), "/login");
    assertThat(session.get("/console/members").statusCode()).isEqualTo(200);
    assertThat(session.post("/console/members/" + id + "/tags", Map.of("tag", "x"), null)
        .statusCode()).isEqualTo(403);
    assertThat(new WebSession(port).get("/console/members").headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
  }
}
