package io.loopline.member.web;

import io.loopline.member.ConsentChannel;
import io.loopline.member.ConsentPurpose;
import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.platform.Actor;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The member portal: sign-in by code, my profile, my consents. A member only ever sees the
 * member the session belongs to: no page takes a member id.
 */
@Controller
class PortalPages {

  private final Members members;
  private final io.loopline.member.PersonalData personalData;

  PortalPages(Members members, io.loopline.member.PersonalData personalData) {
    this.members = members;
    this.personalData = personalData;
  }

  /** The signed-in member's own data, as a JSON download. */
  @GetMapping(value = "/portal/my-data", produces = "application/json")
  @PreAuthorize("hasRole('MEMBER')")
  org.springframework.http.ResponseEntity<java.util.Map<String, Object>> myData() {
    return org.springframework.http.ResponseEntity.ok()
        .header("Content-Disposition", "attachment; filename=\"my-data.json\"")
        .body(personalData.export(me()));
  }

  @GetMapping("/portal/login")
  String login() {
    return "portal/login";
  }

  @GetMapping("/portal")
  @PreAuthorize("hasRole('MEMBER')")
  String home(Model model) {
    MemberId me = me();
    model.addAttribute("member", members.get(me));
    model.addAttribute("consents", members.consents(me));
    model.addAttribute("channels", ConsentChannel.values());
    model.addAttribute("purposes", ConsentPurpose.values());
    return "portal/home";
  }

  @PostMapping("/portal/consents")
  @PreAuthorize("hasRole('MEMBER')")
  String consent(@RequestParam ConsentChannel channel, @RequestParam ConsentPurpose purpose,
      @RequestParam boolean granted) {
    members.setConsent(me(), channel, purpose, granted, "portal");
    return "redirect:/portal";
  }

  private static MemberId me() {
    return MemberId.parse(Actor.current().id());
  }
}
