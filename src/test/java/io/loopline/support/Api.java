package io.loopline.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for API tests: real requests to the running app, JSON in and out. */
public final class Api {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final Map<String, String> headers;

  public Api(int port) {
    this("http://localhost:" + port, Map.of());
  }

  private Api(String base, Map<String, String> headers) {
    this.base = base;
    this.headers = headers;
  }

  public Api basic(String user, String password) {
    return header("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  public Api apiKey(String key) {
    return header("X-Api-Key", key);
  }

  public Api header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Api(base, copy);
  }

  /** The same client sending this Idempotency-Key. */
  public Api key(String idempotencyKey) {
    return header("Idempotency-Key", idempotencyKey);
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, body, "application/json");
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body, "application/json");
  }

  public Response patch(String path, Object body) {
    return send("PATCH", path, body, "application/json");
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null);
  }

  /** Uploads one file as multipart/form-data under the field name given. */
  public Response upload(String path, String field, String fileName, byte[] content) {
    String boundary = "----loopline" + System.nanoTime();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
        + "\"; filename=\"" + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(content, 0, body, head.length, content.length);
    System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
    return send("POST", path, body, "multipart/form-data; boundary=" + boundary);
  }

  /** Sends raw text as the body, for malformed-input tests. */
  public Response postRaw(String path, String body, String contentType) {
    return send("POST", path, body, contentType);
  }

  public Response send(String method, String path, Object body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60));
    headers.forEach(request::header);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : body instanceof String s ? HttpRequest.BodyPublishers.ofString(s)
        : body instanceof byte[] b ? HttpRequest.BodyPublishers.ofByteArray(b)
        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    request.method(method, publisher);
    try {
      HttpResponse<String> response = HTTP.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An answer: status, headers, raw body and the body as JSON. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String text) {

    public JsonNode json() {
      return text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    /** The value at a JSON pointer such as {@code /identities/0/value}, as text. */
    public String at(String pointer) {
      return json().at(pointer).asString();
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }
}
