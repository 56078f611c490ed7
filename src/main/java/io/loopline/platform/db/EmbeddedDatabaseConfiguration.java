package io.loopline.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts PostgreSQL 17 inside the application when no {@code spring.datasource.url} is given, so
 * that one command runs the whole product. Data stays in {@code loopline.db.data-dir} across
 * restarts; an empty data dir means a throw-away database (tests).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatasourceUrl.class)
class EmbeddedDatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setServerConfig("max_connections", "200")
        .setServerConfig("shared_buffers", properties.sharedBuffersMb() + "MB")
        .setLocaleConfig("locale", "C.UTF-8")
        .setLocaleConfig("encoding", "UTF8")
        // stopped by the context (destroyMethod), after the beans that still write on shutdown;
        // a hook of its own would race them and leave them waiting for a connection
        .setRegisterShutdownHook(false);
    // the embedded server's own defaults trade durability for speed; a product keeps its commits
    String durable = properties.durable() ? "on" : "off";
    builder.setServerConfig("fsync", durable)
        .setServerConfig("synchronous_commit", durable)
        .setServerConfig("full_page_writes", durable);
    if (properties.port() > 0) {
      builder.setPort(properties.port());
    }
    if (properties.dataDir() == null || properties.dataDir().isBlank()) {
      builder.setDataDirectory(Files.createTempDirectory("loopline-pg")).setCleanDataDirectory(true);
    } else {
      File dir = Path.of(properties.dataDir()).toAbsolutePath().toFile();
      Files.createDirectories(dir.toPath());
      builder.setDataDirectory(dir).setCleanDataDirectory(false);
    }
    EmbeddedPostgres postgres = builder.start();
    log.info("embedded PostgreSQL listening on port {} with data in {}", postgres.getPort(),
        properties.dataDir() == null || properties.dataDir().isBlank() ? "a temporary folder"
            : properties.dataDir());
    return postgres;
  }

  @Bean
  DataSource dataSource(EmbeddedPostgres postgres, EmbeddedDatabaseProperties properties) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
    config.setUsername("postgres");
    config.setMaximumPoolSize(properties.poolSize());
    config.setPoolName("loopline");
    return new HikariDataSource(config);
  }

  /**
   * Where and how the embedded database runs; {@code durable} (default true) keeps fsync and
   * synchronous commit on, and only throw-away test databases turn it off; {@code
   * sharedBuffersMb} sizes its buffer cache (default 256).
   */
  @ConfigurationProperties("loopline.db")
  record EmbeddedDatabaseProperties(String dataDir, int port, int poolSize, Boolean durable,
      int sharedBuffersMb) {
    EmbeddedDatabaseProperties {
      poolSize = poolSize <= 0 ? 20 : poolSize;
      durable = durable == null || durable;
      sharedBuffersMb = sharedBuffersMb > 0 ? sharedBuffersMb : 256;
    }
  }

  static class NoDatasourceUrl implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String url = context.getEnvironment().getProperty("spring.datasource.url");
      return url == null || url.isBlank();
    }
  }
}
