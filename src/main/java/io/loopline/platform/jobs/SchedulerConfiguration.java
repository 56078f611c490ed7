package io.loopline.platform.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Durable jobs (reminders, expiry, imports, clean-ups) on db-scheduler: tasks live in the
 * database, survive restarts and run once across nodes. Every {@link Task} bean is registered;
 * recurring ones are scheduled at start.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

  @Bean(destroyMethod = "stop")
  Scheduler scheduler(DataSource dataSource, List<Task<?>> tasks,
      @Value("${loopline.jobs.threads:4}") int threads,
      @Value("${loopline.jobs.polling-interval:PT2S}") Duration polling) {
    List<Task<?>> known = new ArrayList<>();
    List<RecurringTask<?>> recurring = new ArrayList<>();
    for (Task<?> task : tasks) {
      if (task instanceof RecurringTask<?> r) {
        recurring.add(r);
      } else {
        known.add(task);
      }
    }
    // Scheduling joins the caller's transaction: a job planned by a request that rolls back is
    // never run, and a job never runs before the rows it works on are committed.
    return new SchedulerBuilder(new TransactionAwareDataSourceProxy(dataSource), known)
        .startTasks(recurring)
        .tableName("platform.scheduled_tasks")
        .commitWhenAutocommitDisabled(false)
        .threads(threads)
        .pollingInterval(polling)
        .enableImmediateExecution()
        .build();
  }

  @Bean
  SchedulerStarter schedulerStarter(Scheduler scheduler) {
    return new SchedulerStarter(scheduler);
  }

  /** Starts polling only once the application is ready, so no job sees a half-built context. */
  static class SchedulerStarter {
    private final Scheduler scheduler;

    SchedulerStarter(Scheduler scheduler) {
      this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
      scheduler.start();
    }
  }
}
