package io.loopline.member.web;

import io.loopline.member.MemberId;
import io.loopline.member.MemberSearch;
import io.loopline.member.Members;
import io.loopline.member.Tags;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Console pages: the member list and one member's page. */
@Controller
class MemberPages {

  private final Members members;
  private final Tags tags;

  MemberPages(Members members, Tags tags) {
    this.members = members;
    this.tags = tags;
  }

  @GetMapping("/console/members")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  String list(@RequestParam(required = false) String q,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) String cursor, Model model) {
    model.addAttribute("q", q);
    model.addAttribute("tag", tag);
    model.addAttribute("tags", tags.all());
    model.addAttribute("page", members.search(new MemberSearch(q, tag, null, null, null),
        cursor, 50));
    return "console/members";
  }

  @GetMapping("/console/members/{id}")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  String member(@PathVariable String id, Model model) {
    MemberId memberId = MemberId.parse(id);
    model.addAttribute("member", members.get(memberId));
    model.addAttribute("consents", members.consents(memberId));
    model.addAttribute("timeline", members.timeline(memberId, 50));
    model.addAttribute("tags", tags.all());
    return "console/member";
  }

  @PostMapping("/console/members/{id}/tags")
  @PreAuthorize("hasAuthority('SCOPE_tags:write')")
  String addTag(@PathVariable String id, @RequestParam String tag, RedirectAttributes redirect) {
    try {
      members.tag(MemberId.parse(id), tag);
    } catch (NotFound | InvalidInput e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/console/members/" + id;
  }

  @PostMapping("/console/members/{id}/tags/{tag}/remove")
  @PreAuthorize("hasAuthority('SCOPE_tags:write')")
  String removeTag(@PathVariable String id, @PathVariable String tag) {
    members.untag(MemberId.parse(id), tag);
    return "redirect:/console/members/" + id;
  }
}
