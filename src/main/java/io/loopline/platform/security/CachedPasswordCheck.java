package io.loopline.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.loopline.platform.Hashing;
import java.time.Duration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Remembers a console user's successful basic sign-in on the API for a few minutes, keyed by a
 * SHA-256 of name and password, so scripts calling the API do not pay a BCrypt check (tens of
 * milliseconds) on every request; concurrent first calls with the same credentials share one
 * check. Saving a user forgets every remembered sign-in.
 */
class CachedPasswordCheck implements AuthenticationProvider {

  private final AuthenticationProvider delegate;
  private final Cache<String, Authentication> remembered = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofMinutes(5)).maximumSize(10_000).build();

  CachedPasswordCheck(AuthenticationProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String key = Hashing.sha256(authentication.getName() + "\u0000" + authentication.getCredentials());
    return remembered.get(key, k -> {
      Authentication result = delegate.authenticate(authentication);
      return result != null && result.isAuthenticated() ? result : null;
    });
  }

  void forgetAll() {
    remembered.invalidateAll();
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
