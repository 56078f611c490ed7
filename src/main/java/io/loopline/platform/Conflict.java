package io.loopline.platform;

/** A request that the current state forbids (an illegal transition, a duplicate); answered as 409. */
public class Conflict extends RuntimeException {

  public Conflict(String message) {
    super(message);
  }
}
