package io.loopline.platform.security;

import io.loopline.platform.PortalAccounts;
import io.loopline.platform.web.ProblemWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Three doors: the API ({@code /api/**}, API keys or a console user's basic credentials, no
 * session, problem+json answers), the member portal ({@code /portal/**}, one-time codes, its own
 * session slot) and the console (everything else, form sign-in). Pages carry CSRF tokens.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

  /**
   * No observation per security filter, authentication and authorisation: together they cost
   * more than the API call they wrap; {@code http.server.requests} still times every call.
   */
  @Bean
  static SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  WebSecurityCustomizer firewall() {
    return web -> web.httpFirewall(PrintableHeaders.firewall());
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  ProblemSecurityHandlers problemSecurityHandlers(ProblemWriter problems) {
    return new ProblemSecurityHandlers(problems);
  }

  @Bean
  SignInRateLimit signInRateLimit(ProblemWriter problems,
      @Value("${loopline.sign-in.per-identity:10}") int perIdentity,
      @Value("${loopline.sign-in.per-address:300}") int perAddress,
      @Value("${loopline.sign-in.window:PT10M}") Duration window) {
    return new SignInRateLimit(Set.of("/login", "/portal/login", "/portal/code"), perIdentity,
        perAddress, window, problems);
  }

  /** The limiter runs inside the security chains only, not as a servlet filter of its own. */
  @Bean
  org.springframework.boot.web.servlet.FilterRegistrationBean<SignInRateLimit> signInRateLimitOff(
      SignInRateLimit filter) {
    var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
    registration.setEnabled(false);
    return registration;
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http, ApiClients clients, ConsoleUsers users,
      PasswordEncoder passwords, ProblemSecurityHandlers handlers, ProblemWriter problems,
      @Value("${loopline.api.rate-limit-per-minute:12000}") long perMinute,
      @Value("${loopline.api.cors-origins:}") List<String> corsOrigins) throws Exception {
    DaoAuthenticationProvider check = new DaoAuthenticationProvider(users);
    check.setPasswordEncoder(passwords);
    CachedPasswordCheck basic = new CachedPasswordCheck(check);
    users.onChange(basic::forgetAll);
    http.securityMatcher("/api/**")
        .cors(c -> c.configurationSource(request -> {
          if (corsOrigins.isEmpty()) {
            return null;
          }
          CorsConfiguration cors = new CorsConfiguration();
          cors.setAllowedOrigins(corsOrigins);
          cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
          cors.setAllowedHeaders(List.of("Content-Type", "X-Api-Key", "Idempotency-Key"));
          cors.setExposedHeaders(List.of("Location", "Idempotent-Replayed", "RateLimit-Limit",
              "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"));
          return cors;
        }))
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable())
        // stateless calls: no sign-out, no saved request to return to
        .logout(l -> l.disable())
        .requestCache(r -> r.disable())
        .authenticationProvider(basic)
        .httpBasic(b -> b.authenticationEntryPoint(handlers))
        .addFilterBefore(new ApiKeyAuthenticationFilter(clients, handlers),
            BasicAuthenticationFilter.class)
        .addFilterAfter(new ApiRateLimit(perMinute, problems), BasicAuthenticationFilter.class)
        .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain portal(HttpSecurity http, MemberCodes codes, PortalAccounts accounts,
      SignInRateLimit rateLimit) throws Exception {
    PortalSignIn signIn = new PortalSignIn(codes, accounts);
    HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    contexts.setSpringSecurityContextKey("LOOPLINE_PORTAL_CONTEXT");
    http.securityMatcher("/portal/**")
        .securityContext(c -> c.securityContextRepository(contexts))
        .authorizeHttpRequests(a -> a
            .requestMatchers("/portal/login", "/portal/code").permitAll()
            .anyRequest().hasRole("MEMBER"))
        .oneTimeTokenLogin(ott -> ott
            .tokenService(codes)
            .tokenGeneratingUrl("/portal/code")
            .tokenGenerationSuccessHandler((request, response, token) ->
                response.sendRedirect(request.getContextPath() + "/portal/login?sent&username="
                    + java.net.URLEncoder.encode(token.getUsername(),
                        java.nio.charset.StandardCharsets.UTF_8)))
            .loginPage("/portal/login")
            .loginProcessingUrl("/portal/login")
            .showDefaultSubmitPage(false)
            .authenticationConverter(signIn)
            .authenticationProvider(signIn)
            .defaultSuccessUrl("/portal", true)
            .failureUrl("/portal/login?error"))
        .logout(l -> l.logoutUrl("/portal/logout").logoutSuccessUrl("/portal/login?signedOut"))
        .addFilterBefore(rateLimit,
            org.springframework.security.web.authentication.ott.GenerateOneTimeTokenFilter.class)
        .headers(SecurityConfiguration::headers);
    return http.build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain console(HttpSecurity http, ConsoleUsers users, PasswordEncoder passwords,
      SignInRateLimit rateLimit, @Value("${loopline.dev-mode:false}") boolean devMode)
      throws Exception {
    DaoAuthenticationProvider form = new DaoAuthenticationProvider(users);
    form.setPasswordEncoder(passwords);
    http.authorizeHttpRequests(a -> {
          a.requestMatchers("/login", "/css/**", "/js/**", "/img/**", "/webjars/**",
              "/favicon.ico", "/error", "/actuator/health/**", "/actuator/prometheus",
              "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll();
          if (devMode) {
            a.requestMatchers("/dev/**").permitAll();
          }
          a.anyRequest().hasAnyRole("ADMIN", "MARKETING", "STORE_STAFF", "ADVISOR", "AGENT");
        })
        .authenticationProvider(form)
        .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/console", true).permitAll())
        .logout(l -> l.logoutSuccessUrl("/login?signedOut"))
        .addFilterBefore(rateLimit, UsernamePasswordAuthenticationFilter.class)
        .headers(SecurityConfiguration::headers);
    return http.build();
  }

  private static void headers(
      org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> h) {
    h.contentSecurityPolicy(c -> c.policyDirectives(
            "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; "
                + "script-src 'self'; frame-ancestors 'none'"))
        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN));
  }
}
