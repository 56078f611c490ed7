package io.loopline.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates a channel client by the {@code X-Api-Key} header. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  static final String HEADER = "X-Api-Key";

  private final ApiClients clients;
  private final AuthenticationEntryPoint entryPoint;

  ApiKeyAuthenticationFilter(ApiClients clients, AuthenticationEntryPoint entryPoint) {
    this.clients = clients;
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String key = request.getHeader(HEADER);
    if (key == null) {
      chain.doFilter(request, response);
      return;
    }
    var client = clients.authenticate(key.trim());
    if (client.isEmpty()) {
      entryPoint.commence(request, response, new BadCredentialsException("unknown API key"));
      return;
    }
    List<GrantedAuthority> authorities = client.get().scopes().stream()
        .map(s -> (GrantedAuthority) new SimpleGrantedAuthority("SCOPE_" + s))
        .toList();
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new ClientAuthentication(client.get(), authorities));
    SecurityContextHolder.setContext(context);
    chain.doFilter(request, response);
  }

  /** The authentication of a channel client; its principal is the client's {@code Actor}. */
  static final class ClientAuthentication extends AbstractAuthenticationToken {
    private final ApiClients.AuthenticatedClient client;

    ClientAuthentication(ApiClients.AuthenticatedClient client, List<GrantedAuthority> authorities) {
      super(authorities);
      this.client = client;
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return client.actor();
    }

    @Override
    public String getName() {
      return "client-" + client.actor().id();
    }
  }
}
