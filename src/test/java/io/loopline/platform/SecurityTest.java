package io.loopline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.security.Role;
import io.loopline.platform.security.Scope;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scopes and venues hold on every write of the member and tag APIs. */
class SecurityTest extends LooplineTest {

  @Test
  void a_header_with_a_control_character_is_refused() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
      socket.getOutputStream().write(("GET /api/v1/members HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Basic YWRt\u0085aW46YWRtaW4xMjM=\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 400");
    }
    assertThat(admin().get("/api/v1/members").status()).isEqualTo(200);
  }

  @Test
  void a_reading_client_is_refused_every_write() {
    String id = admin().post("/api/v1/members", newMember("只读", freshPhone())).at("/id");
    String tag = "sec-" + System.nanoTime() % 1_000_000;
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "安全"));
    Api reader = client(Set.of(Scope.MEMBERS_READ), Set.of());
    Map<String, Object> phone = Map.of("type", "PHONE", "value", freshPhone());
    List<Api.Response> writes = List.of(
        reader.post("/api/v1/members", newMember("x", freshPhone())),
        reader.post("/api/v1/members/find-or-register", newMember("x", freshPhone())),
        reader.patch("/api/v1/members/" + id, Map.of("name", "改")),
        reader.post("/api/v1/members/" + id + "/identities", phone),
        reader.post("/api/v1/members/" + id + "/identities/remove", phone),
        reader.put("/api/v1/members/" + id + "/tags/" + tag, null),
        reader.delete("/api/v1/members/" + id + "/tags/" + tag),
        reader.post("/api/v1/members/merges", Map.of("survivorId", id, "mergedId", id,
            "reason", "x")),
        reader.post("/api/v1/members/" + id + "/consents",
            Map.of("channel", "SMS", "purpose", "MARKETING", "granted", true)),
        reader.post("/api/v1/members/" + id + "/erasure", Map.of("reason", "x")),
        reader.post("/api/v1/tags", Map.of("code", tag + "x", "name", "x")),
        reader.post("/api/v1/tag-groups", Map.of("code", tag + "g", "name", "x")));
    assertThat(writes).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(403));
    assertThat(admin().get("/api/v1/members/" + id).at("/name")).isEqualTo("只读");
  }

  @Test
  void store_staff_and_store_clients_change_only_their_venues_members() {
    String tag = "venue-" + System.nanoTime() % 1_000_000;
    admin().post("/api/v1/tags", Map.of("code", tag, "name", "门店"));
    String mine = admin().post("/api/v1/members", Map.of("name", "本店", "joinVenue", "SH-001",
        "identities", List.of(Map.of("type", "PHONE", "value", freshPhone())))).at("/id");
    String theirs = admin().post("/api/v1/members", Map.of("name", "外店", "joinVenue", "BJ-001",
        "identities", List.of(Map.of("type", "PHONE", "value", freshPhone())))).at("/id");
    Api storeClient = client(Set.of(Scope.MEMBERS_READ, Scope.MEMBERS_WRITE, Scope.TAGS_WRITE,
        Scope.CONSENTS_WRITE), Set.of("SH-001"));
    for (Api store : List.of(as(Role.STORE_STAFF), storeClient)) {
      assertThat(store.get("/api/v1/members/" + theirs).status()).isEqualTo(200);
      assertThat(store.put("/api/v1/members/" + theirs + "/tags/" + tag, null).status())
          .isEqualTo(403);
      assertThat(store.post("/api/v1/members/" + theirs + "/consents",
          Map.of("channel", "SMS", "purpose", "MARKETING", "granted", true)).status())
          .isEqualTo(403);
      assertThat(store.post("/api/v1/members/" + theirs + "/identities",
          Map.of("type", "EMAIL", "value", "x" + System.nanoTime() + "@example.com")).status())
          .isEqualTo(403);
      assertThat(store.put("/api/v1/members/" + mine + "/tags/" + tag, null).status())
          .isEqualTo(200);
      assertThat(store.delete("/api/v1/members/" + mine + "/tags/" + tag).status())
          .isEqualTo(200);
    }
    assertThat(admin().get("/api/v1/members/" + theirs).json().at("/tags").size()).isZero();
    assertThat(admin().get("/api/v1/members/" + theirs + "/consents").json().size()).isZero();
  }
}
