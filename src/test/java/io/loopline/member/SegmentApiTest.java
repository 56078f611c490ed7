package io.loopline.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.security.Scope;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Segments over a small population made for each test and fenced off by a tag of its own, so
 * counts are exact whatever other tests left in the database.
 */
class SegmentApiTest extends LooplineTest {

  private String fence;
  private String coffee;
  private String anna;
  private String bo;
  private String chen;

  @BeforeEach
  void population() {
    long n = System.nanoTime() % 10_000_000;
    fence = "seg-" + n;
    coffee = "cof-" + n;
    admin().post("/api/v1/tags", Map.of("code", fence, "name", "fence"));
    admin().post("/api/v1/tags", Map.of("code", coffee, "name", "coffee"));
    anna = member(Map.of("name", "Anna Li", "gender", "FEMALE", "roles", List.of("VIP"),
        "birthday", "1990-05-03", "joinVenue", "SH-001", "joinChannel", "pos",
        "identities", List.of(Map.of("type", "PHONE", "value", freshPhone()),
            Map.of("type", "EMAIL", "value", "anna" + n + "@example.com")),
        "tags", List.of(fence, coffee)));
    bo = member(Map.of("name", "Bo Wang", "gender", "MALE", "birthday", "1985-06-20",
        "joinVenue", "BJ-001", "joinChannel", "web-shop",
        "identities", List.of(Map.of("type", "PHONE", "value", freshPhone())),
        "tags", List.of(fence)));
    chen = member(Map.of("name", "Chen Yu", "roles", List.of("KOC", "EXPERT"),
        "birthday", "2000-12-01", "joinVenue", "SH-001", "joinChannel", "pos",
        "identities", List.of(Map.of("type", "WECHAT_UNIONID", "value", "u" + n)),
        "tags", List.of(fence, coffee)));
    admin().post("/api/v1/members/" + anna + "/consents",
        Map.of("channel", "SMS", "purpose", "MARKETING", "granted", true));
    admin().post("/api/v1/members/" + bo + "/consents",
        Map.of("channel", "ANY", "purpose", "MARKETING", "granted", true));
    admin().post("/api/v1/members/" + chen + "/consents",
        Map.of("channel", "EMAIL", "purpose", "MARKETING", "granted", true));
  }

  @Test
  void every_attribute_and_operator_counts_exactly() {
    // join dates are read as dates in the brand's zone, whatever the zone of this machine
    LocalDate shanghai = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
    String today = shanghai.toString();
    String tomorrow = shanghai.plusDays(1).toString();
    assertCount(leaf("name", "eq", "Anna Li"), 1);
    assertCount(leaf("name", "prefix", "b"), 1);
    assertCount(leaf("gender", "eq", "FEMALE"), 1);
    assertCount(leaf("gender", "in", List.of("FEMALE", "MALE")), 2);
    assertCount(leaf("role", "has", "VIP"), 1);
    assertCount(leaf("role", "has_any", List.of("KOC", "VIP")), 2);
    assertCount(leaf("tag", "has", coffee), 2);
    assertCount(leaf("tag", "has_any", List.of(coffee, "no-such-tag")), 2);
    assertCount(leaf("tag", "has_none", List.of(coffee)), 1);
    assertCount(leaf("identity", "present", "EMAIL"), 1);
    assertCount(leaf("identity", "absent", "PHONE"), 1);
    assertCount(leaf("join_date", "after", today), 3);
    assertCount(leaf("join_date", "before", today), 0);
    assertCount(leaf("join_date", "between", List.of(today, tomorrow)), 3);
    assertCount(leaf("join_date", "within_days", 1), 3);
    assertCount(leaf("birthday_month", "eq", 5), 1);
    assertCount(leaf("birthday_month", "in", List.of(5, 6)), 2);
    assertCount(leaf("join_venue", "eq", "SH-001"), 2);
    assertCount(leaf("join_venue", "in", List.of("SH-001", "BJ-001")), 3);
    assertCount(leaf("join_channel", "eq", "web-shop"), 1);
    assertCount(leaf("join_channel", "in", List.of("pos")), 2);
    assertCount(leaf("consent", "granted", Map.of("purpose", "MARKETING")), 3);
    assertCount(leaf("consent", "granted", Map.of("purpose", "MARKETING", "channel", "SMS")), 2);
    assertCount(leaf("consent", "granted", Map.of("purpose", "SERVICE")), 0);
    assertCount(leaf("status", "eq", "ACTIVE"), 3);
    assertCount(leaf("status", "eq", "MERGED"), 0);
  }

  @Test
  void and_or_not_nest() {
    Map<String, Object> coffeeNotVip = Map.of("and", List.of(leaf("tag", "has", coffee),
        Map.of("not", leaf("role", "has", "VIP"))));
    assertCount(coffeeNotVip, 1);
    assertCount(Map.of("or", List.of(leaf("gender", "eq", "MALE"),
        leaf("birthday_month", "eq", 12))), 2);
    assertCount(Map.of("not", Map.of("or", List.of(leaf("gender", "eq", "MALE"),
        leaf("birthday_month", "eq", 12)))), 1);
  }

  @Test
  void an_invalid_tree_is_refused_with_the_path_of_the_bad_node() {
    assertInvalid(Map.of("and", List.of(leaf("name", "eq", "x"), leaf("name", "like", "x"))),
        "definition.and[1].operator");
    assertInvalid(Map.of("or", List.of(leaf("shoe_size", "eq", 42))), "definition.or[0].attribute");
    assertInvalid(Map.of("and", List.of()), "definition.and");
    assertInvalid(leaf("birthday_month", "eq", 13), "definition.value");
    assertInvalid(leaf("birthday_month", "in", List.of(1, "May")), "definition.value[1]");
    assertInvalid(leaf("gender", "eq", "ROBOT"), "definition.value");
    assertInvalid(leaf("join_date", "after", "yesterday"), "definition.value");
    assertInvalid(Map.of("not", leaf("consent", "granted", Map.of("channel", "SMS"))),
        "definition.not.value");
    assertInvalid(Map.of("attribute", "tag", "operator", "has", "value", "x", "extra", 1),
        "definition.extra");
    Object deep = leaf("name", "eq", "x");
    for (int i = 0; i < 11; i++) {
      deep = Map.of("not", deep);
    }
    assertThat(admin().post("/api/v1/segments/preview", Map.of("definition", deep)).status())
        .isEqualTo(400);
    assertThat(admin().post("/api/v1/segments/preview", Map.of()).at("/errors/0/field"))
        .isEqualTo("definition");
  }

  @Test
  void a_saved_segment_is_read_listed_changed_exported_and_deleted() {
    String code = "s-" + fence;
    Map<String, Object> definition = fenced(leaf("tag", "has", coffee));
    Api.Response created = admin().post("/api/v1/segments",
        Map.of("code", code, "name", "咖啡爱好者", "definition", definition));
    assertThat(created.status()).isEqualTo(201);
    assertThat(admin().post("/api/v1/segments",
        Map.of("code", code, "name", "again", "definition", definition)).status()).isEqualTo(409);
    assertThat(admin().get("/api/v1/segments/" + code).at("/name")).isEqualTo("咖啡爱好者");
    assertThat(admin().get("/api/v1/segments").text()).contains(code);

    Api.Response page = admin().get("/api/v1/segments/" + code + "/members?limit=1");
    assertThat(page.json().at("/items").size()).isEqualTo(1);
    Api.Response rest = admin().get("/api/v1/segments/" + code + "/members?limit=1&cursor="
        + page.at("/next"));
    assertThat(rest.json().at("/items").size()).isEqualTo(1);
    assertThat(rest.at("/next")).isEmpty();

    Api.Response csv = admin().get("/api/v1/segments/" + code + "/export.csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.text().lines()).hasSize(3);
    assertThat(csv.text()).contains("A*", anna, chen, "****").doesNotContain("Anna Li");

    Api.Response changed = admin().put("/api/v1/segments/" + code, Map.of("code", code,
        "name", "全部", "definition", fenced(leaf("status", "eq", "ACTIVE"))));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(admin().delete("/api/v1/segments/" + code).status()).isEqualTo(204);
    assertThat(admin().get("/api/v1/segments/" + code).status()).isEqualTo(404);
    assertThat(admin().delete("/api/v1/segments/" + code).status()).isEqualTo(404);
  }

  @Test
  void a_rule_tag_follows_the_segment_and_leaves_hand_set_tags_alone() {
    String code = "vip-" + fence;
    String ruleTag = "r-" + fence;
    Api.Response created = admin().post("/api/v1/segments", Map.of("code", code, "name", "规则",
        "definition", fenced(leaf("join_venue", "eq", "SH-001")), "syncTag", ruleTag));
    assertThat(created.status()).isEqualTo(201);
    assertThat(tagsOf(anna)).contains(ruleTag);
    assertThat(tagsOf(chen)).contains(ruleTag);
    assertThat(tagsOf(bo)).doesNotContain(ruleTag);

    admin().put("/api/v1/members/" + bo + "/tags/" + ruleTag, null);
    admin().patch("/api/v1/members/" + anna, Map.of("joinVenue", "GZ-001"));
    Api.Response sync = admin().post("/api/v1/segments/" + code + "/sync", null);
    assertThat(sync.status()).isEqualTo(200);
    assertThat(sync.at("/removed")).isEqualTo("1");
    assertThat(tagsOf(anna)).doesNotContain(ruleTag);
    assertThat(tagsOf(bo)).contains(ruleTag);
    assertThat(admin().get("/api/v1/members/" + chen + "/timeline").text()).contains("\"segment\":\"" + code + "\"");
  }

  @Test
  void segments_need_their_scopes() {
    Api reader = client(Set.of(Scope.SEGMENTS_READ), Set.of());
    assertThat(reader.post("/api/v1/segments/preview",
        Map.of("definition", fenced(leaf("gender", "eq", "MALE")))).at("/count")).isEqualTo("1");
    assertThat(reader.post("/api/v1/segments", Map.of("code", "x-" + fence, "name", "x",
        "definition", leaf("gender", "eq", "MALE"))).status()).isEqualTo(403);
    assertThat(anonymous().get("/api/v1/segments").status()).isEqualTo(401);
    assertThat(admin().get("/api/v1/segments/attributes").text()).contains("birthday_month");
  }

  private void assertCount(Map<String, Object> condition, long expected) {
    Api.Response answer = admin().post("/api/v1/segments/preview",
        Map.of("definition", fenced(condition)));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.json().at("/count").asLong()).as(condition.toString()).isEqualTo(expected);
  }

  private void assertInvalid(Object definition, String field) {
    Api.Response answer = admin().post("/api/v1/segments/preview", Map.of("definition", definition));
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.at("/errors/0/field")).isEqualTo(field);
  }

  private Map<String, Object> fenced(Map<String, Object> condition) {
    return Map.of("and", List.of(leaf("tag", "has", fence), condition));
  }

  private static Map<String, Object> leaf(String attribute, String operator, Object value) {
    return Map.of("attribute", attribute, "operator", operator, "value", value);
  }

  private String member(Map<String, Object> body) {
    Api.Response created = admin().post("/api/v1/members", body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.at("/id");
  }

  private String tagsOf(String id) {
    return admin().get("/api/v1/members/" + id).json().at("/tags").toString();
  }
}
