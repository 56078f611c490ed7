package io.loopline.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Remembers a console user's successful basic sign-in on the API for a few minutes, keyed by a
 * SHA-256 of name and password, so scripts calling the API do not pay a BCrypt check (tens of
 * milliseconds) on every request. Saving a user forgets every remembered sign-in.
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
    String key = fingerprint(authentication.getName() + "\u0000" + authentication.getCredentials());
    Authentication known = remembered.getIfPresent(key);
    if (known != null) {
      return known;
    }
    Authentication result = delegate.authenticate(authentication);
    if (result != null && result.isAuthenticated()) {
      remembered.put(key, result);
    }
    return result;
  }

  void forgetAll() {
    remembered.invalidateAll();
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }

  private static String fingerprint(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
