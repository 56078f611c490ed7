package io.loopline.platform.security;

import io.loopline.platform.Actor;
import io.loopline.platform.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Channel clients (POS, web shop, mini-program, community bot) and their API keys. A key is shown
 * once, when made; only its SHA-256 is stored (keys are long random strings, so a slow hash adds
 * nothing but latency to every call).
 */
@Service
public class ApiClients {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

  private final JdbcClient jdbc;

  ApiClients(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new client; the answer holds the key, which cannot be read again later. */
  public IssuedKey create(String name, String channel, Set<String> scopes, Set<String> venues) {
    for (String scope : scopes) {
      if (!Scope.ALL.contains(scope)) {
        throw new InvalidInput("scopes", "unknown scope " + scope);
      }
    }
    String prefix = random(8);
    String key = "ll_" + prefix + "_" + random(32);
    long id = jdbc.sql("""
        insert into platform.api_client (name, channel, key_prefix, key_hash, scopes, venues)
        values (:name, :channel, :prefix, :hash, :scopes, :venues) returning id
        """)
        .param("name", name).param("channel", channel).param("prefix", prefix)
        .param("hash", sha256(key))
        .param("scopes", scopes.toArray(String[]::new))
        .param("venues", venues.toArray(String[]::new))
        .query(Long.class).single();
    return new IssuedKey(id, name, key);
  }

  /** The client a presented key belongs to, unless the key is unknown, wrong or revoked. */
  Optional<AuthenticatedClient> authenticate(String key) {
    if (key == null || !key.startsWith("ll_") || key.length() != 44) {
      return Optional.empty();
    }
    String prefix = key.substring(3, 11);
    return jdbc.sql("""
        select id, name, key_hash, scopes, venues from platform.api_client
         where key_prefix = :prefix and revoked_at is null
        """)
        .param("prefix", prefix)
        .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3),
            ConsoleUsers.strings(rs.getArray(4)), ConsoleUsers.strings(rs.getArray(5))})
        .optional()
        .filter(row -> MessageDigest.isEqual(((String) row[2]).getBytes(StandardCharsets.UTF_8),
            sha256(key).getBytes(StandardCharsets.UTF_8)))
        .map(row -> new AuthenticatedClient(
            new Actor(Actor.Kind.CLIENT, String.valueOf(row[0]), (String) row[1],
                Arrays.stream((String[]) row[4]).collect(Collectors.toSet())),
            Set.of((String[]) row[3])));
  }

  private static String random(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A freshly made key: give it to the integrator now, it is not stored in clear. */
  public record IssuedKey(long clientId, String name, String apiKey) {}

  record AuthenticatedClient(Actor actor, Set<String> scopes) {}
}
