package io.loopline.platform.security;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** The brand's console users: operators, store staff, advisors, agents. */
@Service
public class ConsoleUsers implements UserDetailsService {

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

  ConsoleUsers(JdbcClient jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

  /** Creates a user, or changes the password, roles and venues of the one with that name. */
  public void save(String username, String password, String displayName, Collection<Role> roles,
      Collection<String> venues) {
    jdbc.sql("""
        insert into platform.console_user (username, password_hash, display_name, roles, venues)
        values (:username, :hash, :name, :roles, :venues)
        on conflict (username) do update
           set password_hash = excluded.password_hash, display_name = excluded.display_name,
               roles = excluded.roles, venues = excluded.venues
        """)
        .param("username", username)
        .param("hash", passwords.encode(password))
        .param("name", displayName)
        .param("roles", roles.stream().map(Role::name).toArray(String[]::new))
        .param("venues", venues.toArray(String[]::new))
        .update();
    changeListeners.forEach(Runnable::run);
  }

  /** Runs the action whenever a user is saved (caches of sign-ins forget them). */
  void onChange(Runnable action) {
    changeListeners.add(action);
  }

  public boolean exists(String username) {
    return jdbc.sql("select count(*) from platform.console_user where username = :u")
        .param("u", username).query(Long.class).single() > 0;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return jdbc.sql("""
        select id, username, password_hash, display_name, roles, venues, enabled
          from platform.console_user where username = :username
        """)
        .param("username", username)
        .query(ConsoleUsers::map)
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException(username));
  }

  private static ConsoleUser map(ResultSet rs, int row) throws SQLException {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : strings(rs.getArray("roles"))) {
      roles.add(Role.valueOf(r));
    }
    return new ConsoleUser(rs.getLong("id"), rs.getString("username"),
        rs.getString("password_hash"), rs.getString("display_name"), roles,
        Arrays.stream(strings(rs.getArray("venues"))).collect(Collectors.toSet()),
        rs.getBoolean("enabled"));
  }

  static String[] strings(Array array) throws SQLException {
    return array == null ? new String[0] : (String[]) array.getArray();
  }
}
