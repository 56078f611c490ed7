package io.loopline.platform.messaging;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Dev mode only: the messages Loopline would have sent (sign-in codes and the like), as a page
 * and as JSON, so a developer or a test can sign in without a phone.
 */
@Controller
@ConditionalOnProperty(name = "loopline.dev-mode", havingValue = "true")
class DevMessagesController {

  private final StoredMessageSink sink;

  DevMessagesController(StoredMessageSink sink) {
    this.sink = sink;
  }

  @GetMapping("/dev/messages")
  String page(Model model) {
    model.addAttribute("messages", sink.latest(50));
    return "dev/messages";
  }

  @GetMapping(path = "/dev/messages.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  List<StoredMessageSink.SentMessage> json() {
    return sink.latest(50);
  }
}
