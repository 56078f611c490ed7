package io.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.support.Browser;
import io.loopline.support.LooplineTest;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.Dimension;
import org.junit.jupiter.api.Test;

/** Points in the console (history, an administrator's adjustment) and in the member's portal. */
class LoyaltyBrowserTest extends LooplineTest {

  @Test
  void an_administrator_reads_a_members_points_and_adjusts_them_with_a_reason() {
    String member = admin().post("/api/v1/members", newMember("林晓", freshPhone())).at("/id");
    admin().post("/api/v1/points/earnings", Map.of("memberId", member, "points", 500,
        "causeType", "PURCHASE", "causeRef", "order-1", "externalId", "order-1",
        "expiry", Map.of("kind", "DAYS", "n", 20)));
    admin().post("/api/v1/points/spendings", Map.of("memberId", member, "points", 120,
        "causeType", "REWARD", "causeRef", "coffee", "externalId", "coffee-1"));

    try (Browser browser = new Browser(port)) {
      browser.signIn("admin", "admin-pass");
      browser.open("/console/members/" + member);
      browser.click("#loyalty-tab");
      browser.waitForText("#points-balance", "380");
      assertThat(browser.text("#entries")).contains("获得", "+500", "使用", "-120", "order-1");
      assertThat(browser.text("#lots")).contains("380");
      browser.type("#adjust-points", "50").type("#adjust-reason", "门店补录小票").click("#adjust");
      browser.waitForText("#points-balance", "430");
      assertThat(browser.text("#loyalty-notice")).isEqualTo("积分已调整。");
      assertThat(browser.text("#entries")).contains("调整", "+50", "门店补录小票", "user:admin");
      browser.screenshot("console-member-loyalty");
    }
    try (Browser browser = new Browser(port)) {
      browser.signIn("marketing", "marketing-pass");
      browser.open("/console/members/" + member + "/loyalty?lang=en");
      browser.waitForText("#points-balance", "430");
      assertThat(browser.driver().findElements(org.openqa.selenium.By.id("adjust-form")))
          .isEmpty();
      assertThat(browser.text("#entries")).contains("Adjusted");
    }
  }

  @Test
  void a_member_sees_their_points_and_redeems_a_reward_on_a_phone() {
    String phone = freshPhone();
    String member = admin().post("/api/v1/members", newMember("陈可", phone)).at("/id");
    admin().post("/api/v1/points/earnings", Map.of("memberId", member, "points", 300,
        "causeType", "PURCHASE", "reason", "门店消费", "externalId", "p-" + member,
        "expiry", Map.of("kind", "DAYS", "n", 10)));
    String reward = "latte-" + UUID.randomUUID().toString().substring(0, 6);
    admin().put("/api/v1/rewards/" + reward, Map.of("code", reward, "nameZh", "拿铁一杯",
        "nameEn", "A latte", "description", "任意门店可用", "points", 200, "stock", 5));

    try (Browser browser = new Browser(port)) {
      browser.driver().manage().window().setSize(new Dimension(420, 900));
      browser.open("/portal/login");
      browser.type("#identity", phone).click("#send-code");
      browser.waitFor("#code");
      browser.type("#code", codeSentTo("+86" + phone)).click("#sign-in");
      browser.waitFor("#my-loyalty");
      browser.click("#my-loyalty");
      browser.waitForText("#my-balance", "300");
      assertThat(browser.text("#my-expiring")).isEqualTo("300");
      assertThat(browser.text("#my-entries")).contains("门店消费", "+300");
      browser.click("#reward-" + reward + " button");
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(),
          java.time.Duration.ofSeconds(5))
          .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
      browser.waitFor("#voucher-issued");
      assertThat(browser.text("#my-balance")).isEqualTo("100");
      assertThat(browser.text("#my-vouchers")).contains(reward, "可使用");
      browser.screenshot("portal-loyalty");
    }
    assertThat(admin().get("/api/v1/members/" + member + "/redemptions").json().size())
        .isEqualTo(1);
  }
}
