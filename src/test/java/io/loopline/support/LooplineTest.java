package io.loopline.support;

import io.loopline.platform.security.ApiClients;
import io.loopline.platform.security.ConsoleUsers;
import io.loopline.platform.security.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the tests that run the whole application on a random port against the embedded
 * PostgreSQL (one per JVM: Spring's context cache shares it between test classes). Tests make
 * their own data with fresh phone numbers, so classes never depend on each other's rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class LooplineTest {

  /** Numbers in 139 (every 139 number is a valid mobile number), starting somewhere random. */
  private static final AtomicLong PHONES = new AtomicLong(
      13_900_000_000L + (System.nanoTime() % 80_000_000L));

  @LocalServerPort
  protected int port;

  @Autowired
  protected ConsoleUsers consoleUsers;

  @Autowired
  protected ApiClients apiClients;

  @BeforeEach
  void consoleUsersExist() {
    for (Role role : Role.values()) {
      String name = role.name().toLowerCase();
      if (!consoleUsers.exists(name)) {
        consoleUsers.save(name, name + "-pass", name, List.of(role),
            role == Role.STORE_STAFF ? Set.of("SH-001") : Set.of());
      }
    }
  }

  /** An unauthenticated client. */
  protected Api anonymous() {
    return new Api(port);
  }

  /** A console user of that role, by HTTP basic (store staff act for venue SH-001 only). */
  protected Api as(Role role) {
    String name = role.name().toLowerCase();
    return new Api(port).basic(name, name + "-pass");
  }

  protected Api admin() {
    return as(Role.ADMIN);
  }

  /** A channel client with exactly these scopes (and venues, when given). */
  protected Api client(Set<String> scopes, Set<String> venues) {
    return new Api(port).apiKey(apiClients.create("test-client", "test", scopes, venues).apiKey());
  }

  /** A member's portal session, signed in with the code sent to their (mainland) phone. */
  protected WebSession portalSession(String phone) {
    WebSession session = new WebSession(port);
    session.post("/portal/code", Map.of("username", phone), "/portal/login");
    java.net.http.HttpResponse<String> signIn = session.post("/portal/login",
        Map.of("username", phone, "token", codeSentTo("+86" + phone)), "/portal/login?sent");
    org.assertj.core.api.Assertions.assertThat(signIn.headers().firstValue("Location")
        .orElse("")).endsWith("/portal");
    return session;
  }

  /** The last sign-in code the dev message sink holds for the recipient. */
  protected String codeSentTo(String recipient) {
    for (tools.jackson.databind.JsonNode message : anonymous().get("/dev/messages.json").json()) {
      if (message.get("recipient").asString().equals(recipient)) {
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("(\\d{6})")
            .matcher(message.get("body").asString());
        if (code.find()) {
          return code.group(1);
        }
      }
    }
    throw new AssertionError("no code was sent to " + recipient);
  }

  /** A valid mainland China mobile number no other test uses. */
  protected static String freshPhone() {
    return String.valueOf(PHONES.incrementAndGet());
  }

  protected static Map<String, Object> newMember(String name, String phone) {
    return Map.of("name", name, "identities", List.of(Map.of("type", "PHONE", "value", phone)));
  }
}
