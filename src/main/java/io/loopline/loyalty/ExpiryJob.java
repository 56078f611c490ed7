package io.loopline.loyalty;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Expires points on time: a durable job, run by one node at a time, in batches. */
@Configuration(proxyBeanMethods = false)
class ExpiryJob {

  private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);
  private static final int BATCH = 1000;

  @Bean
  RecurringTask<Void> pointsExpiry(PointsLedger ledger, Clock clock,
      @Value("${loopline.points.expiry-interval:PT1M}") Duration interval) {
    return Tasks.recurring("points-expiry", FixedDelay.of(interval))
        .execute((instance, context) -> {
          int expired;
          int total = 0;
          do {
            expired = ledger.expireDue(clock.instant(), BATCH);
            total += expired;
          } while (expired == BATCH);
          if (total > 0) {
            log.info("expired {} points lots", total);
          }
        });
  }
}
