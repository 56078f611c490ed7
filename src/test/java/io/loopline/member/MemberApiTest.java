package io.loopline.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.security.Role;
import io.loopline.platform.security.Scope;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MemberApiTest extends LooplineTest {

  @Test
  void a_member_is_registered_with_a_normalised_phone_and_read_back() {
    String phone = freshPhone();
    Api.Response created = admin().post("/api/v1/members", Map.of(
        "name", "王芳", "birthday", "1990-05-01", "gender", "FEMALE",
        "roles", List.of("VIP"), "joinChannel", "pos", "joinVenue", "SH-001",
        "identities", List.of(Map.of("type", "PHONE", "value", phone.substring(0, 3) + " "
            + phone.substring(3, 7) + " " + phone.substring(7)),
            Map.of("type", "EMAIL", "value", "Wang.Fang+" + phone + "@Example.COM"))));

    assertThat(created.status()).isEqualTo(201);
    String id = created.at("/id");
    assertThat(id).startsWith("mbr_");
    assertThat(created.header("Location")).isEqualTo("/api/v1/members/" + id);
    Api.Response read = admin().get("/api/v1/members/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.at("/identities/0/value")).isEqualTo("+86" + phone);
    assertThat(read.at("/identities/1/value")).isEqualTo("wang.fang+" + phone + "@example.com");
    assertThat(read.json().at("/roles").toString()).contains("MEMBER", "VIP");
    assertThat(read.at("/birthday")).isEqualTo("1990-05-01");
  }

  @Test
  void a_phone_that_belongs_to_a_member_cannot_register_again() {
    String phone = freshPhone();
    assertThat(admin().post("/api/v1/members", newMember("甲", phone)).status()).isEqualTo(201);
    Api.Response again = admin().post("/api/v1/members", newMember("乙", "+86 " + phone));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.header("Content-Type")).contains("application/problem+json");
  }

  @Test
  void find_or_register_returns_the_existing_member_and_adds_new_identities() {
    String phone = freshPhone();
    String id = admin().post("/api/v1/members", newMember("陈明", phone)).at("/id");
    Api.Response found = admin().post("/api/v1/members/find-or-register", Map.of(
        "identities", List.of(Map.of("type", "PHONE", "value", phone),
            Map.of("type", "EXTERNAL", "scope", "tmall", "value", "tm-" + phone))));
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.at("/id")).isEqualTo(id);
    assertThat(found.json().at("/identities").size()).isEqualTo(2);
  }

  @Test
  void fifty_parallel_find_or_registers_of_one_phone_make_exactly_one_member() throws Exception {
    String phone = freshPhone();
    Api api = admin();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Callable<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(() -> api.post("/api/v1/members/find-or-register", newMember("并发", phone)));
    }
    Set<String> ids = new HashSet<>();
    int created = 0;
    for (Future<Api.Response> f : pool.invokeAll(calls)) {
      Api.Response r = f.get();
      assertThat(r.status()).isIn(200, 201);
      created += r.status() == 201 ? 1 : 0;
      ids.add(r.at("/id"));
    }
    pool.shutdown();
    assertThat(created).isEqualTo(1);
    assertThat(ids).hasSize(1);
    assertThat(admin().get("/api/v1/members?q=" + phone).json().at("/items").size()).isEqualTo(1);
  }

  @Test
  void a_replayed_registration_is_applied_once_and_answers_the_same() {
    String phone = freshPhone();
    Api keyed = admin().key("register-" + phone);
    Api.Response first = keyed.post("/api/v1/members", newMember("李强", phone));
    Api.Response replay = keyed.post("/api/v1/members", newMember("李强", phone));
    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.text()).isEqualTo(first.text());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

    Api.Response other = keyed.post("/api/v1/members", newMember("别人", freshPhone()));
    assertThat(other.status()).isEqualTo(422);
  }

  @Test
  void bad_input_is_a_400_naming_the_field_and_writes_nothing() {
    String phone = freshPhone();
    Api.Response bad = admin().post("/api/v1/members", Map.of("name", "x",
        "identities", List.of(Map.of("type", "PHONE", "value", phone),
            Map.of("type", "EMAIL", "value", "not-an-email"))));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.at("/errors/0/field")).isEqualTo("identities[1].value");
    assertThat(admin().get("/api/v1/members?q=" + phone).json().at("/items").size()).isZero();

    assertThat(admin().postRaw("/api/v1/members", "{\"name\": ", "application/json").status())
        .isEqualTo(400);
    Api.Response wrongType = admin().postRaw("/api/v1/members",
        "{\"name\":\"x\",\"birthday\":42,\"identities\":[]}", "application/json");
    assertThat(wrongType.status()).isEqualTo(400);
    Api.Response unknownEnum = admin().post("/api/v1/members", Map.of("name", "x",
        "gender", "ROBOT", "identities", List.of(Map.of("type", "PHONE", "value", phone))));
    assertThat(unknownEnum.status()).isEqualTo(400);
    assertThat(unknownEnum.at("/errors/0/field")).isEqualTo("gender");
    Api.Response huge = admin().postRaw("/api/v1/members",
        "{\"name\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}", "application/json");
    assertThat(huge.status()).isEqualTo(413);
  }

  @Test
  void unknown_and_malformed_ids_are_404() {
    assertThat(admin().get("/api/v1/members/mbr_0000000000000").status()).isEqualTo(404);
    assertThat(admin().get("/api/v1/members/nonsense").status()).isEqualTo(404);
    assertThat(admin().patch("/api/v1/members/mbr_ZZZZZZZZZZZZZ", Map.of("name", "x")).status())
        .isEqualTo(404);
  }

  @Test
  void the_api_needs_credentials_and_the_right_scope() {
    assertThat(anonymous().get("/api/v1/members").status()).isEqualTo(401);
    assertThat(anonymous().apiKey("ll_wrong").get("/api/v1/members").status()).isEqualTo(401);
    Api reader = client(Set.of(Scope.MEMBERS_READ), Set.of());
    assertThat(reader.get("/api/v1/members?limit=1").status()).isEqualTo(200);
    Api.Response denied = reader.post("/api/v1/members", newMember("x", freshPhone()));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.header("Content-Type")).contains("application/problem+json");
  }

  @Test
  void store_staff_act_only_for_their_venues() {
    Api store = as(Role.STORE_STAFF);
    Map<String, Object> elsewhere = Map.of("name", "外店", "joinVenue", "BJ-001",
        "identities", List.of(Map.of("type", "PHONE", "value", freshPhone())));
    assertThat(store.post("/api/v1/members", elsewhere).status()).isEqualTo(403);
    Map<String, Object> mine = Map.of("name", "本店", "joinVenue", "SH-001",
        "identities", List.of(Map.of("type", "PHONE", "value", freshPhone())));
    assertThat(store.post("/api/v1/members", mine).status()).isEqualTo(201);

    String other = admin().post("/api/v1/members", elsewhere).at("/id");
    assertThat(store.patch("/api/v1/members/" + other, Map.of("name", "改")).status())
        .isEqualTo(403);
    assertThat(admin().get("/api/v1/members/" + other).at("/name")).isEqualTo("外店");
  }

  @Test
  void lists_mask_personal_data_and_page_with_a_cursor() {
    String phone = freshPhone();
    admin().post("/api/v1/members", newMember("赵敏", phone));
    Api.Response found = admin().get("/api/v1/members?q=" + phone);
    assertThat(found.at("/items/0/phone")).isEqualTo("+86" + phone.substring(0, 3) + "****"
        + phone.substring(7));
    assertThat(found.at("/items/0/name")).isEqualTo("赵*");

    Api.Response first = admin().get("/api/v1/members?limit=2");
    Api.Response second = admin().get("/api/v1/members?limit=2&cursor=" + first.at("/next"));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.at("/items/0/id")).isNotEqualTo(first.at("/items/0/id"))
        .isNotEqualTo(first.at("/items/1/id"));
    assertThat(admin().get("/api/v1/members?limit=0").status()).isEqualTo(400);
    assertThat(admin().get("/api/v1/members?cursor=bogus").status()).isEqualTo(400);
  }

  @Test
  void merging_moves_identities_tags_and_consents_and_the_merged_id_resolves_to_the_survivor() {
    String tag = "merge-" + System.nanoTime() % 100000;
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "合并测试"));
    String survivor = admin().post("/api/v1/members", newMember("周杰", freshPhone())).at("/id");
    String mergedPhone = freshPhone();
    String merged = admin().post("/api/v1/members", newMember("周杰伦", mergedPhone)).at("/id");
    admin().put("/api/v1/members/" + merged + "/tags/" + tag, null);
    admin().post("/api/v1/members/" + merged + "/consents",
        Map.of("channel", "SMS", "purpose", "MARKETING", "granted", true));

    Api.Response result = admin().post("/api/v1/members/merges",
        Map.of("survivorId", survivor, "mergedId", merged, "reason", "same person at POS"));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().at("/identities").size()).isEqualTo(2);
    assertThat(result.json().at("/tags").toString()).contains(tag);
    assertThat(admin().get("/api/v1/members/" + merged).at("/id")).isEqualTo(survivor);
    assertThat(admin().get("/api/v1/members/" + survivor + "/consents").at("/0/granted"))
        .isEqualTo("true");
    assertThat(admin().post("/api/v1/members/lookup",
        Map.of("type", "PHONE", "value", mergedPhone)).at("/id")).isEqualTo(survivor);
    assertThat(admin().get("/api/v1/members/" + survivor + "/timeline").text())
        .contains("merged-in", "same person at POS");

    assertThat(admin().post("/api/v1/members/merges",
        Map.of("survivorId", survivor, "mergedId", survivor, "reason", "x")).status())
        .isEqualTo(409);
    String third = admin().post("/api/v1/members", newMember("第三", freshPhone())).at("/id");
    assertThat(admin().post("/api/v1/members/merges",
        Map.of("survivorId", merged, "mergedId", third, "reason", "x")).status())
        .isEqualTo(409);
    assertThat(as(Role.MARKETING).post("/api/v1/members/merges",
        Map.of("survivorId", survivor, "mergedId", third, "reason", "x")).status())
        .isEqualTo(403);
  }

  @Test
  void a_lookup_finds_a_member_by_any_form_of_their_phone_and_tells_invalid_from_unknown() {
    String phone = freshPhone();
    String id = admin().post("/api/v1/members", newMember("钱程", phone)).at("/id");

    for (String typed : List.of(phone, "+86" + phone, "+86 " + phone.substring(0, 3) + " "
        + phone.substring(3), "0086" + phone)) {
      Api.Response found = admin().post("/api/v1/members/lookup",
          Map.of("type", "PHONE", "value", typed));
      assertThat(found.status()).as(typed).isEqualTo(200);
      assertThat(found.at("/id")).isEqualTo(id);
    }
    Api.Response unknown = admin().post("/api/v1/members/lookup",
        Map.of("type", "PHONE", "value", "+86" + freshPhone()));
    assertThat(unknown.status()).isEqualTo(404);
    for (String invalid : List.of("+8612345", "+1000000000000", "12345")) {
      Api.Response bad = admin().post("/api/v1/members/lookup",
          Map.of("type", "PHONE", "value", invalid));
      assertThat(bad.status()).as(invalid).isEqualTo(400);
      assertThat(bad.at("/errors/0/field")).isEqualTo("identity.value");
    }
  }

  @Test
  void tags_are_added_once_removed_and_recorded_on_the_timeline() {
    String tag = "vip-" + System.nanoTime() % 100000;
    assertThat(admin().post("/api/v1/tags", Map.of("code", tag, "name", "贵宾")).status())
        .isEqualTo(201);
    assertThat(admin().post("/api/v1/tags", Map.of("code", tag, "name", "again")).status())
        .isEqualTo(409);
    assertThat(admin().post("/api/v1/tags", Map.of("code", "Bad Code", "name", "x")).status())
        .isEqualTo(400);
    String id = admin().post("/api/v1/members", newMember("孙丽", freshPhone())).at("/id");
    admin().put("/api/v1/members/" + id + "/tags/" + tag, null);
    Api.Response twice = admin().put("/api/v1/members/" + id + "/tags/" + tag, null);
    assertThat(twice.json().at("/tags").size()).isEqualTo(1);
    assertThat(admin().put("/api/v1/members/" + id + "/tags/no-such-tag", null).status())
        .isEqualTo(404);
    assertThat(admin().get("/api/v1/members?tag=" + tag).json().at("/items").size()).isEqualTo(1);
    assertThat(admin().delete("/api/v1/members/" + id + "/tags/" + tag).json().at("/tags").size())
        .isZero();
    assertThat(admin().get("/api/v1/members/" + id + "/timeline").text())
        .contains("tagged", "untagged", "user:admin");
  }
}
