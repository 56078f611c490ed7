package io.loopline.platform.idempotency;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.loopline.platform.web.ProblemWriter;
import java.time.Duration;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

  /** Runs after Spring Security (order -100), so the caller is known when the key is claimed. */
  @Bean
  FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotentCalls keys,
      TransactionTemplate transactions, ProblemWriter problems,
      ObjectProvider<CoalescedRoute> coalesced) {
    var registration = new FilterRegistrationBean<>(
        new IdempotencyFilter(keys, transactions, problems, coalesced.orderedStream().toList()));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(0);
    return registration;
  }

  /** Keys are kept for the retention period (at least a day), then forgotten. */
  @Bean
  RecurringTask<Void> idempotencyKeyCleanup(IdempotentCalls keys,
      @Value("${loopline.idempotency.retention:PT24H}") Duration retention) {
    return Tasks.recurring("idempotency-key-cleanup", FixedDelay.ofMinutes(30))
        .execute((instance, context) -> {
          int removed = keys.deleteOlderThan(retention);
          log.info("forgot {} idempotency keys older than {}", removed, retention);
        });
  }
}
