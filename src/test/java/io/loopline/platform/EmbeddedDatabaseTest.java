package io.loopline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.loopline.LooplineApplication;
import io.loopline.member.IdentityInput;
import io.loopline.member.Members;
import io.loopline.member.NewMember;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one-command start: data kept across restarts, demo data made once, and no embedded server
 * with a URL given.
 */
class EmbeddedDatabaseTest {

  @Test
  void members_are_still_there_after_a_restart_and_an_external_url_starts_no_embedded_server()
      throws Exception {
    Path data = Files.createTempDirectory("loopline-restart");
    String phone = "13912340000";
    try (ConfigurableApplicationContext first = start("--loopline.db.data-dir=" + data)) {
      first.getBean(Members.class).register(new NewMember("重启", null, null, Set.of(), "test",
          null, List.of(IdentityInput.phone(phone)), List.of()));
    }
    assertThat(data.resolve("PG_VERSION")).exists();

    try (ConfigurableApplicationContext second = start("--loopline.db.data-dir=" + data)) {
      assertThat(second.getBean(Members.class).findByIdentity(IdentityInput.phone(phone)))
          .hasValueSatisfying(m -> assertThat(m.name()).isEqualTo("重启"));

      String url = ((HikariDataSource) second.getBean(DataSource.class)).getJdbcUrl();
      try (ConfigurableApplicationContext external = start("--spring.datasource.url=" + url,
          "--spring.datasource.username=postgres")) {
        assertThat(external.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
        assertThat(external.getBean(Members.class).findByIdentity(IdentityInput.phone(phone)))
            .isPresent();
      }
    }
  }

  @Test
  void the_first_start_makes_demo_members_and_a_user_per_role_once() throws Exception {
    Path data = Files.createTempDirectory("loopline-demo");
    long members;
    try (ConfigurableApplicationContext first = start("--loopline.db.data-dir=" + data,
        "--loopline.demo-data=true")) {
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      members = count(jdbc, "select count(*) from member.member");
      assertThat(members).isGreaterThan(200);
      assertThat(count(jdbc, "select count(distinct member_id) from member.member_tag"))
          .isGreaterThan(100);
      assertThat(count(jdbc, "select count(*) from member.member where roles <> '{MEMBER}'"))
          .isGreaterThan(20);
      assertThat(count(jdbc, "select count(distinct type) from member.identity")).isEqualTo(3);
      assertThat(first.getBean(Members.class).findByIdentity(IdentityInput.phone("13800138000")))
          .isPresent();

      int port = Integer.parseInt(first.getEnvironment().getProperty("local.server.port"));
      for (String[] user : new String[][] {{"admin", "admin123"}, {"marketing", "marketing123"},
          {"store", "store123"}, {"advisor", "advisor123"}, {"agent", "agent123"}}) {
        assertThat(status(port, user[0], user[1])).as(user[0]).isNotEqualTo(401);
      }
      assertThat(status(port, "admin", "admin123")).isEqualTo(200);
      assertThat(status(port, "admin", "wrong")).isEqualTo(401);
    }
    try (ConfigurableApplicationContext again = start("--loopline.db.data-dir=" + data,
        "--loopline.demo-data=true")) {
      assertThat(count(again.getBean(JdbcClient.class), "select count(*) from member.member"))
          .isEqualTo(members);
    }
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  /** The status of listing members as a console user (basic credentials). */
  private static int status(int port, String user, String password) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/v1/members?limit=1"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /**
   * Starts an extra application that leaves logging alone: closing it must not tear down the
   * logging of the application the other test classes share.
   */
  private static ConfigurableApplicationContext start(String... args) {
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    try {
      return run(args);
    } finally {
      System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
    }
  }

  private static ConfigurableApplicationContext run(String... args) {
    List<String> all = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN"));
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--loopline.demo-data="))) {
      all.add("--loopline.demo-data=false");
    }
    all.addAll(List.of(args));
    return new SpringApplicationBuilder(LooplineApplication.class).run(all.toArray(String[]::new));
  }
}
