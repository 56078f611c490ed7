package io.loopline.platform.security;

import io.loopline.platform.Hashing;
import io.loopline.platform.MessageSink;
import io.loopline.platform.PortalAccounts;
import io.loopline.platform.PortalAccounts.SignInIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.ott.DefaultOneTimeToken;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Six-digit sign-in codes for members, plugged into Spring Security's one-time-token login.
 *
 * <p>A member has at most one live code; asking again replaces it. A code is stored hashed,
 * expires, is consumed by its first correct use, and dies after five wrong tries. The token value
 * the login filter sees is {@code identity:code}, so a code is only ever checked against the
 * identity it was sent to. An unknown identity gets the same answer as a known one and no code,
 * so the form does not tell who is a member.
 */
@Component
class MemberCodes implements OneTimeTokenService {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_TRIES = 5;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PortalAccounts accounts;
  private final MessageSink messages;
  private final Clock clock;
  private final Duration lifetime;

  MemberCodes(JdbcClient jdbc, TransactionTemplate transactions, PortalAccounts accounts,
      MessageSink messages, Clock clock,
      @Value("${loopline.portal.code-lifetime:PT5M}") Duration lifetime) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.accounts = accounts;
    this.messages = messages;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  @Override
  public OneTimeToken generate(GenerateOneTimeTokenRequest request) {
    Instant expires = clock.instant().plus(lifetime);
    Optional<SignInIdentity> identity = accounts.normalize(request.getUsername());
    if (identity.isEmpty() || accounts.memberFor(identity.get()).isEmpty()) {
      return new DefaultOneTimeToken("none", request.getUsername(), expires);
    }
    String code = String.format("%06d", RANDOM.nextInt(1_000_000));
    jdbc.sql("""
        insert into platform.sign_in_code (identity, code_hash, expires_at, tries)
        values (:identity, :hash, :expires, 0)
        on conflict (identity) do update
           set code_hash = excluded.code_hash, expires_at = excluded.expires_at, tries = 0
        """)
        .param("identity", identity.get().value()).param("hash", Hashing.sha256(code))
        .param("expires", Timestamp.from(expires))
        .update();
    messages.send(identity.get().channel(), identity.get().value(),
        "Loopline 登录验证码 / sign-in code: " + code + " (" + lifetime.toMinutes() + " min)");
    return new DefaultOneTimeToken(identity.get().value() + ":" + code, identity.get().value(),
        expires);
  }

  @Override
  public OneTimeToken consume(OneTimeTokenAuthenticationToken token) {
    String value = token.getTokenValue();
    int split = value == null ? -1 : value.lastIndexOf(':');
    if (split <= 0) {
      return null;
    }
    String identity = value.substring(0, split);
    String code = value.substring(split + 1);
    return transactions.execute(tx -> {
      var row = jdbc.sql("""
          select code_hash, expires_at, tries from platform.sign_in_code
           where identity = :identity for update
          """)
          .param("identity", identity)
          .query((rs, n) -> new Object[] {rs.getString(1), rs.getTimestamp(2).toInstant(),
              rs.getInt(3)})
          .optional();
      if (row.isEmpty()) {
        return null;
      }
      boolean live = ((Instant) row.get()[1]).isAfter(clock.instant());
      boolean matches = MessageDigest.isEqual(Hashing.sha256(code).getBytes(StandardCharsets.UTF_8),
          ((String) row.get()[0]).getBytes(StandardCharsets.UTF_8));
      if (live && matches) {
        delete(identity);
        return new DefaultOneTimeToken(value, identity, (Instant) row.get()[1]);
      }
      if (!live || (int) row.get()[2] + 1 >= MAX_TRIES) {
        delete(identity);
      } else {
        jdbc.sql("update platform.sign_in_code set tries = tries + 1 where identity = :identity")
            .param("identity", identity).update();
      }
      return null;
    });
  }

  private void delete(String identity) {
    jdbc.sql("delete from platform.sign_in_code where identity = :identity")
        .param("identity", identity).update();
  }
}
