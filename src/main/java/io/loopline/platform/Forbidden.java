package io.loopline.platform;

/** The caller is known but may not do this (a store outside their venues); answered as 403. */
public class Forbidden extends RuntimeException {

  public Forbidden(String message) {
    super(message);
  }
}
