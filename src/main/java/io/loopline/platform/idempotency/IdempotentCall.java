package io.loopline.platform.idempotency;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A call to a {@link CoalescedRoute}: who calls, its Idempotency-Key (null without one) and the
 * hash of the request, which tells a retry from another request under the same key.
 */
public record IdempotentCall(String caller, String key, String requestHash) {

  static final String ATTRIBUTE = IdempotentCall.class.getName();

  /** The call the filter found on this request of a coalesced route. */
  public static IdempotentCall of(HttpServletRequest request) {
    IdempotentCall call = (IdempotentCall) request.getAttribute(ATTRIBUTE);
    if (call == null) {
      throw new IllegalStateException(request.getRequestURI() + " is not a coalesced route");
    }
    return call;
  }

  /** The answer to store for a fresh call. */
  public record Answer(int status, String contentType, String location, byte[] body) {}

  /** What claiming the key found: nothing (go on), a stored answer, or another request. */
  public record Claim(StoredResponse replay, boolean mismatch) {
    static final Claim FRESH = new Claim(null, false);

    public boolean fresh() {
      return replay == null && !mismatch;
    }
  }
}
