package io.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.support.Browser;
import io.loopline.support.LooplineTest;
import org.junit.jupiter.api.Test;

/** A marketer edits an earning rule in the console and tries it in the simulator. */
class RulesBrowserTest extends LooplineTest {

  @Test
  void a_marketer_creates_a_rule_fixing_a_bad_field_and_simulates_a_purchase() {
    String code = "browser-" + System.nanoTime() % 100000;
    String channel = "ch" + System.nanoTime() % 100000;
    String member = admin().post("/api/v1/members", newMember("周敏", freshPhone())).at("/id");

    try (Browser browser = new Browser(port)) {
      browser.signIn("marketing", "marketing-pass");
      browser.open("/console/loyalty/rules");
      assertThat(browser.text("h1")).isEqualTo("积分规则");
      browser.click("#new-rule");
      browser.type("#code", code).type("#name", "门店消费双倍").type("#points", "2");
      browser.find("#perYuan").clear();
      browser.type("#perYuan", "一元").type("#channels", channel)
          .type("#tierMultipliers", "GOLD=150").type("#capPerDay", "500");
      browser.click("#save-rule");
      browser.waitFor("#rule-errors");
      assertThat(browser.pageText()).contains("cannot read \"一元\"");
      browser.screenshot("console-rule-invalid");

      browser.find("#perYuan").clear();
      browser.type("#perYuan", "1").click("#save-rule");
      browser.waitFor("#rule-saved");
      assertThat(browser.text("#rules")).contains(code, "门店消费双倍", "每 ¥1 得 2 分", "每天≤500");

      browser.type("#sim-member", member).type("#sim-amount", "88.50")
          .type("#sim-channel", channel).click("#simulate");
      browser.waitForText("#simulation", "合计 176 分");
      assertThat(browser.text("#simulation-awards")).contains(code);
      browser.screenshot("console-rules-simulated");

      browser.open("/console/loyalty/rules?lang=en");
      assertThat(browser.text("h1")).isEqualTo("Earning rules");
      browser.screenshot("console-rules-en");
    }
    assertThat(admin().get("/api/v1/points/rules/" + code).at("/perFen")).isEqualTo("100");
    assertThat(admin().get("/api/v1/members/" + member + "/points").json().at("/balance")
        .asLong()).isZero();
    assertThat(as(io.loopline.platform.security.Role.STORE_STAFF)
        .get("/api/v1/points/rules/" + code).status()).isEqualTo(200);
  }
}
