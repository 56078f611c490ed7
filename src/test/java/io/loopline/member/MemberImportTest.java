package io.loopline.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.security.Role;
import io.loopline.platform.security.Scope;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MemberImportTest extends LooplineTest {

  private static final String HEADER =
      "phone,email,name,birthday,gender,roles,join_channel,join_venue,tags\n";

  @Test
  void a_hundred_thousand_rows_with_bad_ones_import_once_and_report_each_bad_line() {
    String tag = "imp-" + System.nanoTime() % 1_000_000;
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "导入"));
    long base = 15_800_000_000L + (System.nanoTime() % 8_000_000L) * 10;
    StringBuilder csv = new StringBuilder("\uFEFF" + HEADER);
    List<Long> badLines = new ArrayList<>();
    int rows = 100_000;
    for (int i = 0; i < rows; i++) {
      long line = i + 2;
      String row;
      switch (i % 100) {
        case 17 -> row = "12345,,坏号码,,,,pos,SH-001," + tag;
        case 42 -> row = (base + i) + ",,坏日期,1990-13-40,,,pos,SH-001," + tag;
        case 77 -> row = (base + i) + ",,坏标签,,,,pos,SH-001,no-such-tag";
        default -> row = (base + i) + ",m" + (base + i) + "@example.com,会员" + i
            + ",1990-01-0" + (1 + i % 9) + ",FEMALE,VIP,pos,SH-001," + tag;
      }
      if (i % 100 == 17 || i % 100 == 42 || i % 100 == 77) {
        badLines.add(line);
      }
      csv.append(row).append('\n');
    }
    byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);

    Instant started = Instant.now();
    JsonNode first = finished(admin().upload("/api/v1/member-imports", "file", "m.csv", file));
    Duration took = Duration.between(started, Instant.now());
    System.out.println("import of " + rows + " rows took " + took.toMillis() + " ms");

    assertThat(first.get("status").asString()).isEqualTo("DONE");
    assertThat(first.get("totalRows").asInt()).isEqualTo(rows);
    assertThat(first.get("failed").asInt()).as(admin().get("/api/v1/member-imports/" + first.get("id").asString() + "/errors?limit=3").text()).isEqualTo(badLines.size());
    assertThat(first.get("created").asInt()).isEqualTo(rows - badLines.size());
    Api.Response errors = admin().get("/api/v1/member-imports/" + first.get("id").asString()
        + "/errors?limit=3");
    assertThat(errors.json().at("/items/0/line").asLong()).isEqualTo(badLines.get(0));
    assertThat(errors.at("/items/0/reason")).isEqualTo("phone: is not a valid phone number");
    assertThat(errors.at("/items/1/reason")).startsWith("birthday:");
    assertThat(errors.at("/items/2/reason")).isEqualTo("tags: no tag no-such-tag");
    Api.Response sample = admin().post("/api/v1/members/lookup",
        Map.of("type", "PHONE", "value", String.valueOf(base + 5)));
    assertThat(sample.at("/name")).isEqualTo("会员5");
    assertThat(sample.json().at("/tags").toString()).contains(tag);

    JsonNode again = finished(admin().upload("/api/v1/member-imports", "file", "m.csv", file));
    assertThat(again.get("created").asInt()).isZero();
    assertThat(again.get("updated").asInt()).isZero();
    assertThat(again.get("unchanged").asInt()).isEqualTo(rows - badLines.size());
    assertThat(admin().get("/api/v1/members/" + sample.at("/id") + "/timeline").json().size())
        .isEqualTo(1);
  }

  @Test
  void an_existing_member_gains_identities_and_tags_but_keeps_their_profile() {
    String tag = "imp2-" + System.nanoTime() % 1_000_000;
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "导入2"));
    String phone = freshPhone();
    String id = admin().post("/api/v1/members", newMember("原名", phone)).at("/id");
    String file = HEADER + phone + ",new" + phone + "@example.com,新名,1988-08-08,,KOC,,," + tag;
    JsonNode job = finished(admin().upload("/api/v1/member-imports", "file", "x.csv",
        file.getBytes(StandardCharsets.UTF_8)));
    assertThat(job.get("updated").asInt()).isEqualTo(1);
    Api.Response member = admin().get("/api/v1/members/" + id);
    assertThat(member.at("/name")).isEqualTo("原名");
    assertThat(member.at("/birthday")).isEqualTo("1988-08-08");
    assertThat(member.json().at("/identities").size()).isEqualTo(2);
    assertThat(member.json().at("/roles").toString()).contains("KOC");
    assertThat(member.json().at("/tags").toString()).contains(tag);
  }

  @Test
  void files_that_are_not_member_csv_are_refused_whole() {
    Api.Response unknown = admin().upload("/api/v1/member-imports", "file", "x.csv",
        "phone,shoe_size\n13800000000,42\n".getBytes(StandardCharsets.UTF_8));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.at("/detail")).contains("shoe_size");
    assertThat(admin().upload("/api/v1/member-imports", "file", "x.csv", new byte[0]).status())
        .isEqualTo(400);
    assertThat(client(Set.of(Scope.MEMBERS_READ), Set.of()).upload("/api/v1/member-imports",
        "file", "x.csv", HEADER.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);
    assertThat(admin().get("/api/v1/member-imports/imp_0000000000000").status()).isEqualTo(404);
  }

  @Test
  void an_export_imports_back_unchanged_and_is_masked_for_non_admins() {
    String tag = "exp-" + System.nanoTime() % 1_000_000;
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "导出"));
    String phone = freshPhone();
    admin().post("/api/v1/members", Map.of("name", "导出人", "tags", List.of(tag),
        "identities", List.of(Map.of("type", "PHONE", "value", phone))));
    Api.Response clear = admin().get("/api/v1/members/export.csv?tag=" + tag);
    assertThat(clear.text()).contains("+86" + phone, "导出人");
    Api.Response masked = as(Role.MARKETING).get("/api/v1/members/export.csv?tag=" + tag);
    assertThat(masked.text()).doesNotContain(phone).contains("****", "导*");

    JsonNode job = finished(admin().upload("/api/v1/member-imports", "file", "export.csv",
        clear.text().getBytes(StandardCharsets.UTF_8)));
    assertThat(job.get("unchanged").asInt()).isEqualTo(1);
    assertThat(job.get("failed").asInt()).isZero();
  }

  private JsonNode finished(Api.Response started) {
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String id = started.at("/id");
    Instant deadline = Instant.now().plusSeconds(180);
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = admin().get("/api/v1/member-imports/" + id).json();
      if (job.get("status").asString().equals("DONE") || job.get("status").asString()
          .equals("FAILED")) {
        return job;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("import " + id + " did not finish");
  }
}
