package io.loopline.platform.idempotency;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** What a first request with a key answered, kept to be replayed to its retries. */
public record StoredResponse(String requestHash, int status, String contentType, String location,
    byte[] body) {

  /** The stored answer again, marked {@code Idempotent-Replayed: true}. */
  public ResponseEntity<byte[]> replay() {
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
        .header("Idempotent-Replayed", "true");
    if (contentType != null) {
      answer.header(HttpHeaders.CONTENT_TYPE, contentType);
    }
    if (location != null) {
      answer.header(HttpHeaders.LOCATION, location);
    }
    return answer.body(body);
  }
}
