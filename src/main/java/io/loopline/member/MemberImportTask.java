package io.loopline.member;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The durable job behind an import: runs once per import, and resumes after a restart. */
@Configuration(proxyBeanMethods = false)
class MemberImportTask {

  @Bean
  OneTimeTask<Long> memberImport(@Lazy MemberImports imports) {
    return Tasks.oneTime(MemberImports.TASK, Long.class)
        .execute((instance, context) -> imports.run(instance.getData()));
  }
}
