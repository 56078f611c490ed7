package io.loopline.platform.security;

import io.loopline.platform.Actor;
import io.loopline.platform.Hashing;
import io.loopline.platform.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
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
        .param("hash", Hashing.sha256(key))
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
            Hashing.sha256(key).getBytes(StandardCharsets.UTF_8)))
        .map(row -> new AuthenticatedClient(
            new Actor(Actor.Kind.CLIENT, String.valueOf(row[0]), (String) row[1],
                Arrays.stream((String[]) row[4]).collect(Collectors.toSet())),
            Set.of((String[]) row[3])));
  }

  /** Every client with its scopes and venues (never its key). */
  public List<ClientView> all() {
    return jdbc.sql("""
        select id, name, channel, key_prefix, scopes, venues, created_at, revoked_at
          from platform.api_client order by id desc
        """)
        .query((rs, n) -> new ClientView(rs.getLong(1), rs.getString(2), rs.getString(3),
            "ll_" + rs.getString(4) + "_…", Set.of(ConsoleUsers.strings(rs.getArray(5))),
            Set.of(ConsoleUsers.strings(rs.getArray(6))), rs.getTimestamp(7).toInstant(),
            rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
        .list();
  }

  /** Revokes a client's key at once; 404 for an unknown client, 409 when already revoked. */
  public void revoke(long id) {
    int changed = jdbc.sql("""
        update platform.api_client set revoked_at = now() where id = :id and revoked_at is null
        """).param("id", id).update();
    if (changed == 0) {
      boolean exists = jdbc.sql("select count(*) from platform.api_client where id = :id")
          .param("id", id).query(Long.class).single() > 0;
      if (!exists) {
        throw new io.loopline.platform.NotFound("client", String.valueOf(id));
      }
      throw new io.loopline.platform.Conflict("client " + id + " is already revoked");
    }
  }

  /** A client as lists show it: the key's prefix only. */
  public record ClientView(long id, String name, String channel, String keyPrefix,
      Set<String> scopes, Set<String> venues, java.time.Instant createdAt,
      java.time.Instant revokedAt) {}

  private static String random(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  /** A freshly made key: give it to the integrator now, it is not stored in clear. */
  public record IssuedKey(long clientId, String name, String apiKey) {}

  record AuthenticatedClient(Actor actor, Set<String> scopes) {}
}
