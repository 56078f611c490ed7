package io.loopline.platform.idempotency;

/**
 * A route that claims its Idempotency-Key and holds its transaction itself, so that concurrent
 * calls can share one commit (see {@code WriteBatcher}). The filter still checks the key and the
 * body size, and hands the route an {@link IdempotentCall}; the route must keep the filter's
 * promises: atomic, the answer stored with the key in the same transaction, a refused call
 * writes nothing.
 */
public record CoalescedRoute(String method, String path) {}
