package io.loopline.loyalty;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.loopline.member.Segments;
import io.loopline.platform.Actor;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.InvalidInput.FieldError;
import io.loopline.platform.NotFound;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The earning rules and member days, edited by operators with validation and read by every
 * event from a cache: a change is seen at once on the node that made it (the cache is dropped
 * when the change commits) and within {@code RELOAD} on the others.
 */
@Service
@Transactional
public class EarningRules {

  static final Duration RELOAD = Duration.ofSeconds(5);

  /** Everything in force, as one immutable snapshot. */
  record Book(List<EarningRule> rules, List<MemberDay> memberDays) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;
  private final Segments segments;
  private final LoadingCache<String, Book> cache;

  EarningRules(JdbcClient jdbc, JsonMapper json, Clock clock, Segments segments) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.segments = segments;
    this.cache = Caffeine.newBuilder().expireAfterWrite(RELOAD).build(key -> load());
  }

  Book book() {
    return cache.get("book");
  }

  @Transactional(readOnly = true)
  public List<EarningRule> rules() {
    return load().rules();
  }

  @Transactional(readOnly = true)
  public EarningRule rule(String code) {
    return jdbc.sql("select definition from loyalty.earning_rule where code = :c")
        .param("c", code).query(String.class).optional()
        .map(d -> json.readValue(d, EarningRule.class))
        .orElseThrow(() -> new NotFound("earning rule", code));
  }

  /** Creates or replaces a rule; 400 naming the field when it does not make sense. */
  public EarningRule save(EarningRule rule) {
    validate(rule);
    upsert("earning_rule", rule.code(), rule);
    return rule;
  }

  public void deleteRule(String code) {
    delete("earning_rule", "earning rule", code);
  }

  @Transactional(readOnly = true)
  public List<MemberDay> memberDays() {
    return load().memberDays();
  }

  /** Creates or replaces a member day; 400 naming the field when it does not make sense. */
  public MemberDay save(MemberDay day) {
    List<FieldError> errors = new ArrayList<>();
    if (day.dates().isEmpty() && day.dayOfMonth() == null && day.dayOfWeek() == null) {
      errors.add(new FieldError("dates", "give dates, a day of the month or a day of the week"));
    }
    if (day.multiplierPercent() == null && day.bonusPoints() == null) {
      errors.add(new FieldError("multiplierPercent", "give a multiplier or bonus points"));
    }
    if (day.segment() != null && !day.segment().isBlank()) {
      try {
        segments.get(day.segment());
      } catch (NotFound e) {
        errors.add(new FieldError("segment", "no segment " + day.segment()));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(errors);
    }
    upsert("member_day", day.code(), day);
    return day;
  }

  public void deleteMemberDay(String code) {
    delete("member_day", "member day", code);
  }

  private static void validate(EarningRule rule) {
    List<FieldError> errors = new ArrayList<>();
    boolean purchase = rule.trigger() == EarningRule.Trigger.PURCHASE;
    if (purchase && rule.perFen() == null) {
      errors.add(new FieldError("perFen", "a purchase rule needs the amount (fen) per points"));
    }
    if (!purchase && (rule.perFen() != null || rule.minSpendFen() != null
        || !rule.categories().isEmpty() || !rule.products().isEmpty()
        || rule.caps().perOrder() != null)) {
      errors.add(new FieldError("trigger", "amounts, categories, products and per-order caps "
          + "apply to purchase rules only"));
    }
    if (!rule.streakBonuses().isEmpty() && rule.trigger() != EarningRule.Trigger.DAILY_SIGN_IN) {
      errors.add(new FieldError("streakBonuses", "only daily sign-in rules have streak bonuses"));
    }
    if (rule.validFrom() != null && rule.validUntil() != null
        && !rule.validUntil().isAfter(rule.validFrom())) {
      errors.add(new FieldError("validUntil", "must be after validFrom"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(errors);
    }
  }

  private void upsert(String table, String code, Object definition) {
    jdbc.sql("insert into loyalty." + table + " (code, definition, updated_at, updated_by)"
            + " values (:c, cast(:d as jsonb), :now, :by) on conflict (code) do update"
            + " set definition = excluded.definition, updated_at = excluded.updated_at,"
            + " updated_by = excluded.updated_by")
        .param("c", code).param("d", json.writeValueAsString(definition))
        .param("now", Timestamp.from(clock.instant())).param("by", Actor.current().label())
        .update();
    dropCacheOnCommit();
  }

  private void delete(String table, String what, String code) {
    if (jdbc.sql("delete from loyalty." + table + " where code = :c").param("c", code)
        .update() == 0) {
      throw new NotFound(what, code);
    }
    dropCacheOnCommit();
  }

  private void dropCacheOnCommit() {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        cache.invalidateAll();
      }
    });
  }

  private Book load() {
    List<EarningRule> rules = jdbc.sql("select definition from loyalty.earning_rule")
        .query(String.class).list().stream()
        .map(d -> json.readValue(d, EarningRule.class))
        .sorted(Comparator.comparing(EarningRule::code)).toList();
    List<MemberDay> days = jdbc.sql("select definition from loyalty.member_day")
        .query(String.class).list().stream()
        .map(d -> json.readValue(d, MemberDay.class))
        .sorted(Comparator.comparing(MemberDay::code)).toList();
    return new Book(rules, days);
  }
}
