package io.loopline;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scale plan's promise, checked: a second node on the same database shares the durable jobs
 * (each recurring job is scheduled once) and the idempotency keys (the same key sent to both
 * nodes at once registers one member, and both answer alike).
 */
class TwoNodesTest extends LooplineTest {

  @Autowired
  DataSource dataSource;

  @Autowired
  JdbcClient jdbc;

  @Test
  void two_nodes_share_jobs_and_idempotency() throws Exception {
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    ConfigurableApplicationContext second;
    try {
      second = new SpringApplicationBuilder(LooplineApplication.class).run(
          "--server.port=0", "--loopline.demo-data=false",
          "--spring.datasource.url=" + ((HikariDataSource) dataSource).getJdbcUrl(),
          "--spring.datasource.username=postgres");
    } finally {
      System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
    }
    try (second) {
      int otherPort = ((WebServerApplicationContext) second).getWebServer().getPort();
      Api other = new Api(otherPort).basic("admin", "admin-pass");

      String phone = freshPhone();
      String key = "two-nodes-" + phone;
      CompletableFuture<Api.Response> here = CompletableFuture.supplyAsync(
          () -> admin().key(key).post("/api/v1/members", newMember("两个节点", phone)));
      CompletableFuture<Api.Response> there = CompletableFuture.supplyAsync(
          () -> other.key(key).post("/api/v1/members", newMember("两个节点", phone)));
      Api.Response a = here.get();
      Api.Response b = there.get();
      assertThat(a.status()).isEqualTo(201);
      assertThat(b.status()).isEqualTo(201);
      assertThat(a.text()).isEqualTo(b.text());
      assertThat(admin().get("/api/v1/members?q=" + phone).json().at("/items").size()).isEqualTo(1);

      List<Map<String, Object>> recurring = jdbc.sql("""
          select task_name, count(*) as n from platform.scheduled_tasks
           where task_name in ('idempotency-key-cleanup', 'segment-tag-sync')
           group by task_name
          """).query().listOfRows();
      assertThat(recurring).hasSize(2)
          .allSatisfy(row -> assertThat(((Number) row.get("n")).intValue()).isEqualTo(1));
    }
  }
}
