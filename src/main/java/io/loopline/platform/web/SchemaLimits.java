package io.loopline.platform.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gives every schema of the API document explicit bounds. Request fields carry their own
 * Bean Validation limits (springdoc copies them); what is left unbounded is answer-only data, whose
 * bounds come from the database (texts of at most a few thousand characters, pages of at most
 * 200 items, counts within a long).
 */
final class SchemaLimits {

  static final int TEXT = 4000;
  static final int ITEMS = 1000;

  private SchemaLimits() {}

  static void apply(OpenAPI openApi) {
    Set<Schema<?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
      openApi.getComponents().getSchemas().values().forEach(s -> bound(s, seen));
    }
    openApi.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
      if (op.getParameters() != null) {
        op.getParameters().forEach(p -> bound(p.getSchema(), seen));
      }
      if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
        op.getRequestBody().getContent().values().forEach(m -> bound(m.getSchema(), seen));
      }
      if (op.getResponses() != null) {
        op.getResponses().values().forEach(r -> {
          if (r.getContent() != null) {
            r.getContent().values().forEach(m -> bound(m.getSchema(), seen));
          }
        });
      }
    }));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void bound(Schema schema, Set<Schema<?>> seen) {
    if (schema == null || !seen.add(schema)) {
      return;
    }
    String type = schema.getType() != null ? schema.getType()
        : schema.getTypes() != null && schema.getTypes().size() == 1
            ? (String) schema.getTypes().iterator().next() : null;
    if ("string".equals(type) && schema.getMaxLength() == null && schema.getEnum() == null) {
      schema.setMaxLength(TEXT);
    }
    if ("array".equals(type) && schema.getMaxItems() == null) {
      schema.setMaxItems(ITEMS);
    }
    if ("integer".equals(type)) {
      boolean wide = "int64".equals(schema.getFormat());
      if (schema.getMinimum() == null) {
        schema.setMinimum(BigDecimal.valueOf(wide ? Long.MIN_VALUE : Integer.MIN_VALUE));
      }
      if (schema.getMaximum() == null) {
        schema.setMaximum(BigDecimal.valueOf(wide ? Long.MAX_VALUE : Integer.MAX_VALUE));
      }
    }
    if (schema.getProperties() != null) {
      ((Map<String, Schema>) schema.getProperties()).values().forEach(p -> bound(p, seen));
    }
    bound(schema.getItems(), seen);
    if (schema.getAdditionalProperties() instanceof Schema additional) {
      bound(additional, seen);
    }
  }
}
