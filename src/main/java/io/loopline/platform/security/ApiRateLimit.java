package io.loopline.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.loopline.platform.web.ProblemWriter;
import io.loopline.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request budget per API caller (client, user, or address when unauthenticated), announced in
 * the IETF draft headers {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} on every answer; past it, 429 with {@code Retry-After}. Buckets are per
 * node, like the sign-in limits.
 */
class ApiRateLimit extends OncePerRequestFilter {

  private final long perMinute;
  private final ProblemWriter problems;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

  ApiRateLimit(long perMinute, ProblemWriter problems) {
    this.perMinute = perMinute;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    String caller = auth != null && auth.isAuthenticated() ? auth.getName()
        : "addr:" + request.getRemoteAddr();
    ConsumptionProbe probe = buckets.get(caller, k -> Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(perMinute)
                .refillGreedy(perMinute, Duration.ofMinutes(1)).build())
            .build())
        .tryConsumeAndReturnRemaining(1);
    long resetSeconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
    response.setHeader("RateLimit-Limit", String.valueOf(perMinute));
    response.setHeader("RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
    response.setHeader("RateLimit-Reset", String.valueOf(probe.isConsumed() ? 60 : resetSeconds));
    if (!probe.isConsumed()) {
      response.setHeader("Retry-After", String.valueOf(resetSeconds));
      problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
          "Too many requests", "This caller may send " + perMinute + " requests a minute"));
      return;
    }
    chain.doFilter(request, response);
  }
}
