package io.loopline.platform.security;

import io.loopline.platform.Actor;
import io.loopline.platform.PortalAccounts;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the portal's sign-in form (identity + code) and turns a consumed code into a signed-in
 * member whose principal is the member's {@link Actor}.
 */
class PortalSignIn implements AuthenticationProvider, AuthenticationConverter {

  private final MemberCodes codes;
  private final PortalAccounts accounts;

  PortalSignIn(MemberCodes codes, PortalAccounts accounts) {
    this.codes = codes;
    this.accounts = accounts;
  }

  @Override
  public Authentication convert(HttpServletRequest request) {
    String typed = request.getParameter("username");
    String code = request.getParameter("token");
    if (typed == null || code == null) {
      return null;
    }
    String identity = accounts.normalize(typed).map(PortalAccounts.SignInIdentity::value)
        .orElse(typed.trim());
    return OneTimeTokenAuthenticationToken.unauthenticated(identity + ":" + code.trim());
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    OneTimeToken token = codes.consume((OneTimeTokenAuthenticationToken) authentication);
    if (token == null) {
      throw new BadCredentialsException("wrong or expired code");
    }
    String member = accounts.normalize(token.getUsername())
        .flatMap(accounts::memberFor)
        .orElseThrow(() -> new BadCredentialsException("no such member"));
    Actor actor = new Actor(Actor.Kind.MEMBER, member, member, null);
    return OneTimeTokenAuthenticationToken.authenticated(actor,
        List.of(new SimpleGrantedAuthority("ROLE_MEMBER")));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return OneTimeTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
