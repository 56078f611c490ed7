package io.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.support.Browser;
import io.loopline.support.LooplineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A member on a phone-sized screen signs in with a code from the dev message sink. */
class PortalBrowserTest extends LooplineTest {

  @Test
  void a_member_signs_in_with_a_code_and_sees_their_profile_and_consents() {
    String phone = freshPhone();
    admin().post("/api/v1/members", Map.of("name", "郭晨",
        "identities", List.of(Map.of("type", "PHONE", "value", phone))));

    try (Browser browser = new Browser(port)) {
      browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(420, 860));
      browser.open("/portal/login");
      browser.type("#identity", phone).click("#send-code");
      browser.waitFor("#code");
      browser.screenshot("portal-enter-code");
      browser.type("#code", codeSentTo("+86" + phone)).click("#sign-in");

      browser.waitForText("#member-name", "郭晨");
      assertThat(browser.pageText()).contains("我的资料", "我的授权");
      browser.click("#consents form button");
      browser.waitForText("#consents", "已同意");
      browser.screenshot("portal-home");
    }
  }

  @Test
  void a_wrong_code_does_not_sign_in() {
    String phone = freshPhone();
    admin().post("/api/v1/members", newMember("错码", phone));
    try (Browser browser = new Browser(port)) {
      browser.open("/portal/login");
      browser.type("#identity", phone).click("#send-code");
      browser.type("#code", "000000").click("#sign-in");
      browser.waitFor(".error");
      assertThat(browser.url()).contains("/portal/login?error");
    }
  }
}
