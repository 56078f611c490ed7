package io.loopline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.support.Api;
import io.loopline.support.LooplineTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenApiTest extends LooplineTest {

  @Test
  void every_operation_documents_its_security_and_problem_answers() {
    Api.Response docs = anonymous().get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    writeForLinting(docs.text());
    JsonNode root = docs.json();
    assertThat(root.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-Api-Key");
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        for (String status : List.of("400", "401", "403", "500")) {
          if (!op.getValue().at("/responses/" + status).isObject()) {
            missing.add(op.getKey() + " " + path.getKey() + " " + status);
          }
        }
        if (!op.getKey().equals("get") && !op.getValue().at("/responses/422").isObject()) {
          missing.add(op.getKey() + " " + path.getKey() + " 422");
        }
        if (op.getValue().at("/summary").isMissingNode()) {
          missing.add(op.getKey() + " " + path.getKey() + " summary");
        }
      }
    }
    assertThat(missing).isEmpty();
    assertThat(root.at("/paths/~1api~1v1~1members/post/parameters").toString())
        .contains("Idempotency-Key");
  }

  /** Leaves the document in target/ for the Spectral lint script (bench/lint-openapi.sh). */
  private static void writeForLinting(String json) {
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void every_api_answer_announces_the_callers_rate_limit() {
    Api.Response answer = admin().get("/api/v1/tags");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(Long.parseLong(answer.header("RateLimit-Limit"))).isPositive();
    assertThat(Long.parseLong(answer.header("RateLimit-Remaining")))
        .isLessThan(Long.parseLong(answer.header("RateLimit-Limit")));
    assertThat(answer.header("RateLimit-Reset")).isNotNull();
  }

  @Test
  void swagger_ui_is_served() {
    assertThat(anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
  }
}
