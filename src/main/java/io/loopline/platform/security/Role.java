package io.loopline.platform.security;

import java.util.Set;

/**
 * The roles of console users, each with the API scopes it carries. An API client gets scopes
 * directly; a user gets those of their roles, so one {@code hasAuthority('SCOPE_…')} guards an
 * operation for both.
 */
public enum Role {
  ADMIN(Scope.ALL),
  MARKETING(Set.of(Scope.MEMBERS_READ, Scope.MEMBERS_WRITE, Scope.TAGS_WRITE, Scope.SEGMENTS_READ,
      Scope.SEGMENTS_WRITE, Scope.IMPORTS_WRITE, Scope.CONSENTS_WRITE, Scope.POINTS_READ,
      Scope.LOYALTY_ADMIN)),
  STORE_STAFF(Set.of(Scope.MEMBERS_READ, Scope.MEMBERS_WRITE, Scope.TAGS_WRITE,
      Scope.CONSENTS_WRITE, Scope.POINTS_READ, Scope.POINTS_WRITE)),
  ADVISOR(Set.of(Scope.MEMBERS_READ, Scope.TAGS_WRITE, Scope.POINTS_READ)),
  AGENT(Set.of(Scope.MEMBERS_READ, Scope.POINTS_READ));

  private final Set<String> scopes;

  Role(Set<String> scopes) {
    this.scopes = scopes;
  }

  public Set<String> scopes() {
    return scopes;
  }
}
