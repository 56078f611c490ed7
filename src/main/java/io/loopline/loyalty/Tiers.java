package io.loopline.loyalty;

import io.loopline.member.MemberId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Members' tiers (TIER-1). */
@Service
@Transactional
public class Tiers {

  private final JdbcClient jdbc;

  Tiers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The code of the member's current tier; empty while the member has none. */
  @Transactional(readOnly = true)
  public Optional<String> current(MemberId member) {
    return jdbc.sql("select tier_code from loyalty.member_tier where member_id = :m")
        .param("m", member.value()).query(String.class).optional();
  }
}
