package io.loopline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.loopline.LooplineApplication;
import io.loopline.member.IdentityInput;
import io.loopline.member.Members;
import io.loopline.member.NewMember;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/** The one-command start: data kept across restarts, and no embedded server with a URL given. */
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
    String[] all = new String[args.length + 3];
    all[0] = "--server.port=0";
    all[1] = "--loopline.demo-data=false";
    all[2] = "--logging.level.root=WARN";
    System.arraycopy(args, 0, all, 3, args.length);
    return new SpringApplicationBuilder(LooplineApplication.class).run(all);
  }
}
