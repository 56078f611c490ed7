package io.loopline.platform.idempotency;

/** The Idempotency-Key was used before by the same caller for a different request: 422. */
public class IdempotencyMismatch extends RuntimeException {

  public IdempotencyMismatch() {
    super("This Idempotency-Key was used for a different request; use a new key");
  }
}
