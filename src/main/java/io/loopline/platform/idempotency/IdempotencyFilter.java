package io.loopline.platform.idempotency;

import io.loopline.platform.Hashing;
import io.loopline.platform.idempotency.IdempotentCall.Claim;
import io.loopline.platform.InvalidInput.FieldError;
import io.loopline.platform.web.ProblemWriter;
import io.loopline.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Makes every state-changing API call atomic and, with an {@code Idempotency-Key}, exactly-once.
 *
 * <p>The whole call runs in one transaction. An answer of 400 or more rolls everything back, so
 * a refused request never leaves a partial write. With a key, the key, the caller, a hash of the
 * request and the answer are written in that same transaction: a retry gets the stored answer
 * (same status, same body, header {@code Idempotent-Replayed: true}); the same key with another
 * request is refused with 422. The answer reaches the client only after the commit.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

  public static final String HEADER = "Idempotency-Key";
  static final int MAX_JSON_BODY = 1024 * 1024;

  private final IdempotentCalls keys;
  private final TransactionTemplate transactions;
  private final ProblemWriter problems;
  private final List<CoalescedRoute> coalesced;

  IdempotencyFilter(IdempotentCalls keys, TransactionTemplate transactions, ProblemWriter problems,
      List<CoalescedRoute> coalesced) {
    this.keys = keys;
    this.transactions = transactions;
    this.problems = problems;
    this.coalesced = List.copyOf(coalesced);
  }

  /**
   * Queries that take their input in a POST body (to keep phone numbers and conditions out of
   * URLs and access logs) change nothing, so they need neither a transaction nor a key.
   */
  private static final List<String> QUERIES = List.of("/lookup", "/preview");

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String method = request.getMethod();
    boolean mutating = method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
        || method.equals("DELETE");
    String uri = request.getRequestURI();
    return !mutating || !uri.startsWith(request.getContextPath() + "/api/")
        || QUERIES.stream().anyMatch(uri::endsWith);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String key = request.getHeader(HEADER);
    if (key != null && (key.isBlank() || key.length() > 255)) {
      problems.write(request, response, Problems.invalid(
          List.of(new FieldError(HEADER, "must be 1 to 255 characters"))));
      return;
    }
    HttpServletRequest body;
    String hash;
    if (isMultipart(request)) {
      body = request;
      hash = hashParts(request);
    } else {
      byte[] bytes = request.getInputStream().readNBytes(MAX_JSON_BODY + 1);
      if (bytes.length > MAX_JSON_BODY) {
        problems.write(request, response, Problems.of(HttpStatus.CONTENT_TOO_LARGE,
            "body-too-large", "Body too large", "The request body may be at most 1 MiB"));
        return;
      }
      body = new CachedBodyRequest(request, bytes);
      hash = hash(request, bytes);
    }
    String caller = caller();
    if (isCoalesced(request)) {
      body.setAttribute(IdempotentCall.ATTRIBUTE, new IdempotentCall(caller, key, hash));
      chain.doFilter(body, response);
      return;
    }
    ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
    Claim outcome;
    try {
      outcome = run(chain, new IdempotentCall(caller, key, hash), body, buffered);
    } catch (FilterFailure failure) {
      if (failure.getCause() instanceof IOException io) {
        throw io;
      }
      throw (ServletException) failure.getCause();
    }
    if (outcome == null) {
      buffered.copyBodyToResponse();
    } else if (outcome.mismatch()) {
      problems.write(request, response, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
          "idempotency-key-reused", "Idempotency-Key reused",
          new IdempotencyMismatch().getMessage()));
    } else {
      StoredResponse stored = outcome.replay();
      response.setStatus(stored.status());
      if (stored.contentType() != null) {
        response.setContentType(stored.contentType());
      }
      if (stored.location() != null) {
        response.setHeader("Location", stored.location());
      }
      response.setHeader("Idempotent-Replayed", "true");
      if (stored.body() != null) {
        response.getOutputStream().write(stored.body());
      }
    }
  }

  /** Null when the call ran (and, if keyed, claimed its key); else what the key holds. */
  private Claim run(FilterChain chain, IdempotentCall call, HttpServletRequest body,
      ContentCachingResponseWrapper buffered) {
    return transactions.execute(tx -> {
      Claim claim = keys.claim(call);
      if (!claim.fresh()) {
        return claim;
      }
      try {
        chain.doFilter(body, buffered);
      } catch (IOException | ServletException e) {
        throw new FilterFailure(e);
      }
      if (buffered.getStatus() >= 400) {
        tx.setRollbackOnly();
      } else {
        keys.complete(List.of(call), List.of(new IdempotentCall.Answer(buffered.getStatus(),
            buffered.getContentType(), buffered.getHeader("Location"),
            buffered.getContentAsByteArray())));
      }
      return null;
    });
  }

  private boolean isCoalesced(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return coalesced.stream()
        .anyMatch(r -> r.method().equals(request.getMethod()) && r.path().equals(path));
  }

  private static boolean isMultipart(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase().startsWith("multipart/");
  }

  private static String caller() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null ? "anonymous" : auth.getClass().getSimpleName() + ":" + auth.getName();
  }

  private static String hash(HttpServletRequest request, byte[] body) {
    MessageDigest digest = Hashing.digest();
    digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
        + request.getQueryString() + "\n").getBytes(StandardCharsets.UTF_8));
    digest.update(body);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String hashParts(HttpServletRequest request) throws IOException, ServletException {
    MessageDigest digest = Hashing.digest();
    digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
        + request.getQueryString() + "\n").getBytes(StandardCharsets.UTF_8));
    for (Part part : request.getParts()) {
      digest.update((part.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      try (InputStream in = part.getInputStream()) {
        byte[] chunk = new byte[64 * 1024];
        for (int n; (n = in.read(chunk)) > 0; ) {
          digest.update(chunk, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Carries a checked failure of the filter chain out of the transaction callback. */
  private static final class FilterFailure extends RuntimeException {
    FilterFailure(Exception cause) {
      super(cause);
    }
  }

}
