package io.loopline.platform.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The doors of the console: sign-in page and the landing page after it. */
@Controller
class ShellController {

  @GetMapping("/login")
  String login() {
    return "login";
  }

  @GetMapping({"/", "/console"})
  String home() {
    return "redirect:/console/members";
  }
}
