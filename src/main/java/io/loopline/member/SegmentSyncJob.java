package io.loopline.member;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keeps the RULE tags of saved segments in step with their members, on one node at a time. */
@Configuration(proxyBeanMethods = false)
class SegmentSyncJob {

  private static final Logger log = LoggerFactory.getLogger(SegmentSyncJob.class);

  @Bean
  RecurringTask<Void> segmentTagSync(Segments segments,
      @Value("${loopline.segments.sync-interval:PT15M}") Duration interval) {
    return Tasks.recurring("segment-tag-sync", FixedDelay.of(interval))
        .execute((instance, context) -> {
          for (String code : segments.syncedCodes()) {
            Segments.SyncResult result = segments.sync(code);
            log.info("segment {} synced: +{} -{} = {}", code, result.added(), result.removed(),
                result.members());
          }
        });
  }
}
