package io.loopline.platform;

/** An id that names nothing the caller may see; answered as 404. */
public class NotFound extends RuntimeException {

  public NotFound(String what, String id) {
    super(what + " " + id + " not found");
  }
}
