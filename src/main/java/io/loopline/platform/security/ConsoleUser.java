package io.loopline.platform.security;

import io.loopline.platform.Actor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A signed-in operator or staff member of the brand. */
record ConsoleUser(long id, String username, String passwordHash, String displayName,
    Set<Role> roles, Set<String> venues, boolean enabled) implements UserDetails, Actor.ActorHolder {

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (Role role : roles) {
      authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
      role.scopes().forEach(s -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + s)));
    }
    return authorities;
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public Actor actor() {
    return new Actor(Actor.Kind.USER, String.valueOf(id), username, venues);
  }
}
