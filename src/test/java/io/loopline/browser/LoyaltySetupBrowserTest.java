package io.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.support.Browser;
import io.loopline.support.LooplineTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A marketer sets up a tier, a benefit and its quota in the matrix, and a reward. */
class LoyaltySetupBrowserTest extends LooplineTest {

  @Test
  void a_marketer_adds_a_tier_a_benefit_with_its_quota_and_a_reward() {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String tier = "UI" + suffix.toUpperCase();
    String benefit = "lounge-" + suffix;
    String reward = "mug-" + suffix;
    try (Browser browser = new Browser(port)) {
      browser.signIn("marketing", "marketing-pass");
      browser.open("/console/loyalty/tiers");
      browser.click("#tier-editor summary");
      browser.type("#tier-code", tier).type("#tier-name-zh", "界面金卡")
          .type("#tier-name-en", "UI Gold").type("#tier-rank", "1")
          .type("#tier-points", "abc").click("#save-tier");
      browser.waitFor("#tier-error");
      assertThat(browser.text("#tier-error")).contains("qualifyPoints");

      browser.click("#tier-editor summary");
      browser.type("#tier-code", tier).type("#tier-name-zh", "界面金卡")
          .type("#tier-name-en", "UI Gold").type("#tier-rank", "1")
          .type("#tier-points", "5000").click("#save-tier");
      browser.waitForText("#ladder", tier);
      assertThat(browser.text("#ladder")).contains("界面金卡", "5,000 积分");

      browser.click("#benefit-editor summary");
      browser.type("#benefit-code", benefit).type("#benefit-name-zh", "贵宾厅")
          .type("#benefit-name-en", "Lounge").type("#benefit-unit", "次").click("#save-benefit");
      browser.waitForText("#benefits-matrix", "贵宾厅");
      browser.type("#q-" + benefit + "-" + tier, "2").click("#save-matrix");
      browser.waitFor("#setup-notice");
      assertThat(browser.find("#q-" + benefit + "-" + tier).getAttribute("value")).isEqualTo("2");
      browser.screenshot("console-tiers-benefits");

      browser.open("/console/loyalty/rewards");
      browser.click("#reward-editor summary");
      browser.type("#reward-code", reward).type("#reward-name-zh", "马克杯")
          .type("#reward-name-en", "Mug").type("#reward-points", "800")
          .type("#reward-stock", "50").click("#save-reward");
      browser.waitForText("#rewards", reward);
      assertThat(browser.text("#rewards")).contains("马克杯", "800", "50");
      browser.screenshot("console-rewards");
    }
    assertThat(admin().get("/api/v1/benefits").text()).contains(benefit, tier);
  }
}
