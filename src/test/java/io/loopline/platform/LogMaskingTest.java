package io.loopline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.platform.logging.PersonalDataMask;
import io.loopline.support.LooplineTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest extends LooplineTest {

  @Test
  void phones_and_emails_never_reach_the_log(CapturedOutput output) {
    String phone = freshPhone();
    LoggerFactory.getLogger("io.loopline.test").info("member +86{} wrote from li.lei@example.com",
        phone);
    admin().post("/api/v1/members", newMember("日志", phone));
    admin().post("/api/v1/members", newMember("日志", phone));
    assertThat(output.getAll()).doesNotContain(phone).doesNotContain("li.lei@example.com")
        .contains("+86" + phone.substring(0, 3) + "****" + phone.substring(7))
        .contains("l***@example.com");
  }

  @Test
  void the_mask_keeps_only_the_ends() {
    assertThat(PersonalDataMask.mask("call 13800138000 or +8613800138000, a@b.cn"))
        .isEqualTo("call 138****8000 or +86138****8000, a***@b.cn");
    assertThat(PersonalDataMask.mask("order 20261125 of 42 items")).isEqualTo("order 20261125 of 42 items");
  }
}
