package io.loopline.platform.security;

import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Demo console users, one per role, made at first start and printed so a newcomer can sign in. */
@Component
@Order(0)
@ConditionalOnProperty(name = "loopline.demo-data", havingValue = "true")
class DemoUsers implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

  /** username, password, display name, role, venues. */
  static final List<Object[]> USERS = List.of(
      new Object[] {"admin", "admin123", "管理员 Admin", Role.ADMIN, Set.of()},
      new Object[] {"marketing", "marketing123", "市场部 Marketing", Role.MARKETING, Set.of()},
      new Object[] {"store", "store123", "门店店员 Store staff", Role.STORE_STAFF,
          Set.of("SH-001", "SH-002")},
      new Object[] {"advisor", "advisor123", "私人顾问 Advisor", Role.ADVISOR, Set.of()},
      new Object[] {"agent", "agent123", "售后客服 Agent", Role.AGENT, Set.of()});

  private final ConsoleUsers users;

  DemoUsers(ConsoleUsers users) {
    this.users = users;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void run(ApplicationArguments args) {
    for (Object[] u : USERS) {
      if (!users.exists((String) u[0])) {
        users.save((String) u[0], (String) u[1], (String) u[2], List.of((Role) u[3]),
            (Set<String>) u[4]);
      }
    }
    StringBuilder out = new StringBuilder("\n  Loopline demo console users (http://localhost:8080/login):\n");
    for (Object[] u : USERS) {
      out.append(String.format("    %-10s / %-13s %s%n", u[0], u[1], u[3]));
    }
    out.append("  Member portal: http://localhost:8080/portal/login; codes appear at /dev/messages\n");
    log.info(out.toString());
  }
}
