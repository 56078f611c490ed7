package io.loopline.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.loopline.platform.web.ProblemWriter;
import io.loopline.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits sign-in attempts and code requests per identity typed and per client address, so codes
 * and passwords cannot be guessed or an identity flooded with messages. Buckets are per node;
 * several nodes multiply the limit by their number (Bucket4j's PostgreSQL backend is the step up).
 */
class SignInRateLimit extends OncePerRequestFilter {

  private final Set<String> paths;
  private final int perIdentity;
  private final int perAddress;
  private final Duration window;
  private final ProblemWriter problems;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofHours(1)).maximumSize(100_000).build();

  SignInRateLimit(Set<String> paths, int perIdentity, int perAddress, Duration window,
      ProblemWriter problems) {
    this.paths = paths;
    this.perIdentity = perIdentity;
    this.perAddress = perAddress;
    this.window = window;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getMethod().equals("POST")
        || !paths.contains(request.getRequestURI().substring(request.getContextPath().length()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String path = request.getRequestURI();
    String username = request.getParameter("username");
    boolean allowed = take(path + "|addr|" + request.getRemoteAddr(), perAddress)
        && (username == null || take(path + "|id|" + username.trim().toLowerCase(), perIdentity));
    if (!allowed) {
      ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
          "Too many attempts", "Too many attempts; wait a few minutes and try again");
      response.setHeader("Retry-After", String.valueOf(window.toSeconds()));
      problems.write(request, response, problem);
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean take(String key, int capacity) {
    return buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
        .build()).tryConsume(1);
  }
}
