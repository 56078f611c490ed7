package io.loopline.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.support.LooplineTest;
import io.loopline.support.WebSession;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The member portal over real HTTP: sign-in by code, and only one's own data. */
class PortalTest extends LooplineTest {

  @Test
  void a_member_sees_only_their_own_data_and_nothing_of_the_console_or_api() {
    String phone = freshPhone();
    String me = admin().post("/api/v1/members", newMember("自己", phone)).at("/id");
    String other = admin().post("/api/v1/members", newMember("别人", freshPhone())).at("/id");
    WebSession session = portalSession(phone);

    HttpResponse<String> home = session.get("/portal");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("自己").doesNotContain("别人");
    HttpResponse<String> data = session.get("/portal/my-data");
    assertThat(data.statusCode()).isEqualTo(200);
    assertThat(data.body()).contains(me, "+86" + phone).doesNotContain(other);

    assertThat(session.get("/console/members").statusCode()).isEqualTo(302);
    assertThat(session.get("/console/members/" + other).headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    assertThat(session.get("/api/v1/members/" + other).statusCode()).isEqualTo(401);
    assertThat(session.get("/portal/my-data?member=" + other).body()).doesNotContain(other);
  }

  @Test
  void a_code_works_once_and_a_wrong_code_does_not_sign_in() {
    String phone = freshPhone();
    admin().post("/api/v1/members", newMember("一次", phone));
    WebSession session = new WebSession(port);
    session.post("/portal/code", Map.of("username", phone), "/portal/login");
    String code = codeSentTo("+86" + phone);

    HttpResponse<String> wrong = session.post("/portal/login",
        Map.of("username", phone, "token", wrongCode(code)), "/portal/login?sent");
    assertThat(wrong.headers().firstValue("Location").orElse("")).contains("/portal/login?error");

    HttpResponse<String> right = session.post("/portal/login",
        Map.of("username", phone, "token", code), "/portal/login?sent");
    assertThat(right.headers().firstValue("Location").orElse("")).endsWith("/portal");

    WebSession again = new WebSession(port);
    HttpResponse<String> reused = again.post("/portal/login",
        Map.of("username", phone, "token", code), "/portal/login?sent");
    assertThat(reused.headers().firstValue("Location").orElse("")).contains("error");
  }

  @Test
  void five_wrong_tries_kill_the_code() {
    String phone = freshPhone();
    admin().post("/api/v1/members", newMember("五次", phone));
    WebSession session = new WebSession(port);
    session.post("/portal/code", Map.of("username", phone), "/portal/login");
    String code = codeSentTo("+86" + phone);
    for (int i = 0; i < 5; i++) {
      session.post("/portal/login", Map.of("username", phone, "token", wrongCode(code)),
          "/portal/login?sent");
    }
    HttpResponse<String> late = session.post("/portal/login",
        Map.of("username", phone, "token", code), "/portal/login?sent");
    assertThat(late.headers().firstValue("Location").orElse("")).contains("error");
  }

  @Test
  void code_requests_for_one_identity_are_rate_limited() {
    String phone = freshPhone();
    admin().post("/api/v1/members", newMember("限流", phone));
    WebSession session = new WebSession(port);
    String csrf = session.csrf("/portal/login");
    int limited = 0;
    for (int i = 0; i < 11; i++) {
      HttpResponse<String> answer = session.post("/portal/code",
          Map.of("username", phone, "_csrf", csrf), null);
      limited += answer.statusCode() == 429 ? 1 : 0;
    }
    assertThat(limited).isEqualTo(1);
  }

  @Test
  void an_unknown_identity_gets_the_same_answer_and_no_code() {
    String phone = freshPhone();
    WebSession session = new WebSession(port);
    HttpResponse<String> answer = session.post("/portal/code", Map.of("username", phone),
        "/portal/login");
    assertThat(answer.headers().firstValue("Location").orElse("")).contains("sent");
    assertThat(anonymous().get("/dev/messages.json").text()).doesNotContain(phone);
  }

  private static String wrongCode(String code) {
    return code.equals("000000") ? "111111" : "000000";
  }
}
