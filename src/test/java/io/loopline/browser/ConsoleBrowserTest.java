package io.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.support.Browser;
import io.loopline.support.LooplineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator in a real browser: sign in, find a member by phone, tag them. */
class ConsoleBrowserTest extends LooplineTest {

  @Test
  void an_operator_signs_in_finds_a_member_by_phone_and_adds_a_tag() {
    String phone = freshPhone();
    String tag = "browser-" + System.nanoTime() % 100000;
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "浏览器测试"));
    String id = admin().post("/api/v1/members", Map.of("name", "吴悦", "joinVenue", "SH-001",
        "identities", List.of(Map.of("type", "PHONE", "value", phone)))).at("/id");

    try (Browser browser = new Browser(port)) {
      browser.signIn("marketing", "marketing-pass");
      browser.open("/console/members");
      assertThat(browser.text("h1")).isEqualTo("会员");
      browser.type("#q", phone).click("#member-search button");
      browser.waitForText("#members", "吴*");
      assertThat(browser.text("#members")).contains(phone.substring(7)).doesNotContain(phone);
      browser.screenshot("console-members-search");

      browser.click("#members tbody a");
      browser.waitForText("h1", "吴悦");
      assertThat(browser.url()).endsWith("/console/members/" + id);
      browser.driver().findElement(org.openqa.selenium.By.cssSelector(
          "#tag-select option[value='" + tag + "']")).click();
      browser.click("#add-tag button");
      browser.waitForText("#member-tags", tag);
      assertThat(browser.text("#timeline")).contains("打标签", "user:marketing");
      browser.screenshot("console-member-tagged");

      browser.open("/console/members/" + id + "?lang=en");
      assertThat(browser.text("#member-tags h2")).isEqualTo("Tags");
      browser.screenshot("console-member-en");
    }
    assertThat(admin().get("/api/v1/members/" + id).json().at("/tags").toString()).contains(tag);
  }

  @Test
  void an_operator_builds_a_segment_and_sees_its_live_count() {
    String tag = "seg-browser-" + System.nanoTime() % 100000;
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "圈选测试"));
    for (int i = 0; i < 3; i++) {
      admin().post("/api/v1/members", Map.of("name", "圈选" + i, "birthday", "1991-0" + (i + 3) + "-01",
          "identities", List.of(Map.of("type", "PHONE", "value", freshPhone())),
          "tags", List.of(tag)));
    }
    try (Browser browser = new Browser(port)) {
      browser.signIn("marketing", "marketing-pass");
      browser.open("/console/segments/new");
      browser.type("#segment-code", tag).type("#segment-name", "三月四月生日");
      new org.openqa.selenium.support.ui.Select(browser.find("#attribute-0")).selectByValue("tag");
      new org.openqa.selenium.support.ui.Select(browser.find("#operator-0")).selectByValue("has");
      browser.type("#value-0", tag);
      browser.find("#value-0").sendKeys(org.openqa.selenium.Keys.TAB);
      browser.waitForText("#segment-count", "3");
      new org.openqa.selenium.support.ui.Select(browser.find("#attribute-1"))
          .selectByValue("birthday_month");
      new org.openqa.selenium.support.ui.Select(browser.find("#operator-1")).selectByVisibleText("in");
      browser.type("#value-1", "3, 4");
      browser.find("#value-1").sendKeys(org.openqa.selenium.Keys.TAB);
      browser.waitForText("#segment-count", "2");
      browser.screenshot("console-segment-builder");
      browser.click("#save-segment");
      browser.waitForText("h1", "三月四月生日");
      assertThat(browser.text("#segment-count")).isEqualTo("2");
    }
    assertThat(admin().get("/api/v1/segments/" + tag).at("/name")).isEqualTo("三月四月生日");
  }

  @Test
  void an_operator_imports_a_csv_and_reads_its_error_report() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("members", ".csv");
    java.nio.file.Files.writeString(file, "phone,name\n" + freshPhone() + ",导入甲\n"
        + "not-a-phone,导入乙\n" + freshPhone() + ",导入丙\n");
    try (Browser browser = new Browser(port)) {
      browser.signIn("marketing", "marketing-pass");
      browser.open("/console/imports");
      browser.find("#import-file").sendKeys(file.toAbsolutePath().toString());
      browser.click("#start-import");
      browser.waitForText("#import-status", "完成");
      assertThat(browser.text("#import-created")).isEqualTo("2");
      assertThat(browser.text("#import-failed")).isEqualTo("1");
      browser.open(new java.net.URI(browser.url()).getPath());
      assertThat(browser.text("#import-errors")).contains("3", "phone: is not a valid phone number");
      browser.screenshot("console-import-report");
    }
  }

  @Test
  void a_wrong_password_keeps_the_operator_out() {
    try (Browser browser = new Browser(port)) {
      browser.open("/login");
      browser.type("#username", "admin").type("#password", "wrong").click("#sign-in");
      browser.waitFor(".error");
      assertThat(browser.url()).contains("/login?error");
      browser.open("/console/members");
      assertThat(browser.url()).contains("/login");
    }
  }
}
