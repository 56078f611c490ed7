package io.loopline.platform.web;

import io.loopline.platform.idempotency.IdempotencyFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes what every API operation shares, so no controller repeats it: the two ways to
 * authenticate, the Idempotency-Key header on state-changing calls, and the problem+json answers
 * (400, 401, 403, 404, 409, 413, 422, 429, 500).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  private static final String PROBLEM = "Problem";

  @Bean
  OpenAPI looplineOpenApi() {
    return new OpenAPI()
        .info(new Info().title("Loopline API").version("v1")
            .description("Members, loyalty and the closed service loop of a service brand. "
                + "Errors are RFC 9457 problem+json; state-changing calls take an "
                + "Idempotency-Key and are atomic.")
            .license(new License().name("Apache-2.0")))
        .components(new Components()
            .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-Api-Key")
                .description("A channel client's key; its scopes decide what it may do"))
            .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("basic").description("A console user's name and password"))
            .addSchemas(PROBLEM, problemSchema()))
        .servers(List.of(new Server().url("/")
            .description("This deployment (production, staging or local: wherever it runs)")
            .extensions(Map.of("x-internal", false))))
        .security(List.of(new SecurityRequirement().addList("apiKey"),
            new SecurityRequirement().addList("basic")));
  }

  @Bean
  OpenApiCustomizer problemAnswers() {
    return openApi -> {
      openApi.getComponents().addSchemas(PROBLEM, problemSchema());
      openApi.getPaths().forEach((path, item) -> describe(path, item));
      SchemaLimits.apply(openApi);
    };
  }

  private static void describe(String path, PathItem item) {
    for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
      boolean changes = entry.getKey() != PathItem.HttpMethod.GET
          && entry.getKey() != PathItem.HttpMethod.HEAD;
      Operation operation = entry.getValue();
      ApiResponses responses = operation.getResponses();
      problem(responses, "400", "Invalid input; `errors` names each bad field");
      problem(responses, "401", "No or unknown credentials");
      problem(responses, "403", "Missing scope, or outside the caller's venues");
      problem(responses, "429", "Too many requests");
      responses.get("429").addHeaderObject("Retry-After", new Header()
          .description("Seconds to wait").schema(new IntegerSchema().minimum(BigDecimal.ONE)
              .maximum(BigDecimal.valueOf(3600))));
      problem(responses, "500", "Unexpected failure; nothing was changed");
      if (path.contains("{")) {
        problem(responses, "404", "Unknown id");
      }
      if (changes) {
        problem(responses, "409", "The current state forbids this");
        problem(responses, "413", "Body over 1 MiB");
        problem(responses, "422", "Idempotency-Key reused with another request");
        operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER)
            .required(false).schema(new StringSchema().minLength(1).maxLength(255))
            .description("Makes a retry safe: the first answer is stored and replayed"));
      }
      responses.forEach((status, response) -> {
        if (status.startsWith("2") || status.startsWith("4")) {
          rateLimitHeaders(response);
        }
      });
    }
  }

  private static void rateLimitHeaders(ApiResponse response) {
    IntegerSchema count = new IntegerSchema();
    count.format("int64").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(Long.MAX_VALUE));
    response.addHeaderObject("RateLimit-Limit", new Header()
        .description("Requests this caller may send per minute").schema(count));
    response.addHeaderObject("RateLimit-Remaining", new Header()
        .description("Requests left in the current window").schema(count));
    response.addHeaderObject("RateLimit-Reset", new Header()
        .description("Seconds until the window refills").schema(count));
    response.addHeaderObject("Access-Control-Allow-Origin", new Header()
        .description("Present when the request's Origin is one of loopline.api.cors-origins")
        .schema(new StringSchema().format("uri").maxLength(200)));
  }

  private static ObjectSchema problemSchema() {
    ObjectSchema schema = new ObjectSchema();
    schema.addProperty("type", new StringSchema().maxLength(200));
    schema.addProperty("title", new StringSchema().maxLength(200));
    schema.addProperty("status", new IntegerSchema().minimum(BigDecimal.valueOf(100))
        .maximum(BigDecimal.valueOf(599)));
    schema.addProperty("detail", new StringSchema().maxLength(2000));
    schema.addProperty("instance", new StringSchema().maxLength(2000));
    ObjectSchema error = new ObjectSchema();
    error.addProperty("field", new StringSchema().maxLength(200));
    error.addProperty("message", new StringSchema().maxLength(500));
    schema.addProperty("errors", new ArraySchema().maxItems(100).items(error));
    return schema;
  }

  private static void problem(ApiResponses responses, String status, String description) {
    if (!responses.containsKey(status)) {
      responses.addApiResponse(status, new ApiResponse().description(description)
          .content(new Content().addMediaType("application/problem+json",
              new MediaType().schema(new ObjectSchema().$ref("#/components/schemas/" + PROBLEM)))));
    }
  }
}
