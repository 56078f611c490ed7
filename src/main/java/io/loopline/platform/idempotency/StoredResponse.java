package io.loopline.platform.idempotency;

/** What a first request with a key answered, kept to be replayed to its retries. */
record StoredResponse(String requestHash, int status, String contentType, String location,
    byte[] body) {}
