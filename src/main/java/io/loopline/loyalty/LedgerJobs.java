package io.loopline.loyalty;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Durable jobs of the ledger, each run by one node at a time, in batches: points expire on time
 * and pending earnings mature when their return window closes; bulk grants run to the end.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LoyaltySettings.class)
class LedgerJobs {

  private static final Logger log = LoggerFactory.getLogger(LedgerJobs.class);
  private static final int BATCH = 1000;

  @Bean
  RecurringTask<Void> pointsExpiry(PointsLedger ledger, Clock clock,
      @Value("${loopline.points.expiry-interval:PT1M}") Duration interval) {
    return batches("points-expiry", interval, clock, ledger::expireDue, "expired {} points lots");
  }

  @Bean
  RecurringTask<Void> pointsMaturity(PointsLedger ledger, Clock clock,
      @Value("${loopline.points.maturity-interval:PT1M}") Duration interval) {
    return batches("points-maturity", interval, clock, ledger::matureDue,
        "posted {} matured earnings");
  }

  @Bean
  OneTimeTask<Long> pointsGrant(@Lazy BulkGrants grants) {
    return Tasks.oneTime(BulkGrants.TASK, Long.class)
        .execute((instance, context) -> grants.run(instance.getData()));
  }

  private static RecurringTask<Void> batches(String name, Duration interval, Clock clock,
      BiFunction<Instant, Integer, Integer> batch, String message) {
    return Tasks.recurring(name, FixedDelay.of(interval)).execute((instance, context) -> {
      int done;
      int total = 0;
      do {
        done = batch.apply(clock.instant(), BATCH);
        total += done;
      } while (done == BATCH);
      if (total > 0) {
        log.info(message, total);
      }
    });
  }
}
