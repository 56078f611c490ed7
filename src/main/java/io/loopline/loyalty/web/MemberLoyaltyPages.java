package io.loopline.loyalty.web;

import io.loopline.loyalty.Benefits;
import io.loopline.loyalty.LoyaltySettings;
import io.loopline.loyalty.PointsAdjustment;
import io.loopline.loyalty.PointsEntry;
import io.loopline.loyalty.PointsLedger;
import io.loopline.loyalty.Rewards;
import io.loopline.loyalty.TierOverride;
import io.loopline.loyalty.Tiers;
import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A member's loyalty tab in the console: points (balance, debt, pending, lots, entries with their
 * causes), tier and progress, benefits left, vouchers; administrators adjust points and tiers.
 */
@Controller
class MemberLoyaltyPages {

  private static final int PAGE = 30;

  private final Members members;
  private final PointsLedger ledger;
  private final Tiers tiers;
  private final Benefits benefits;
  private final Rewards rewards;
  private final LoyaltySettings settings;

  MemberLoyaltyPages(Members members, PointsLedger ledger, Tiers tiers, Benefits benefits,
      Rewards rewards, LoyaltySettings settings) {
    this.members = members;
    this.ledger = ledger;
    this.tiers = tiers;
    this.benefits = benefits;
    this.rewards = rewards;
    this.settings = settings;
  }

  @GetMapping("/console/members/{id}/loyalty")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  String page(@PathVariable String id, @RequestParam(required = false) Long before,
      Model model) {
    var member = members.get(MemberId.parse(id));
    String memberId = member.id();
    List<PointsEntry> entries = ledger.entries(memberId, before, PAGE + 1);
    model.addAttribute("member", member);
    model.addAttribute("points", ledger.balance(memberId));
    model.addAttribute("entries", entries.size() > PAGE ? entries.subList(0, PAGE) : entries);
    model.addAttribute("older", entries.size() > PAGE ? entries.get(PAGE - 1).id() : null);
    model.addAttribute("tier", tiers.status(memberId));
    model.addAttribute("ladder", tiers.ladder());
    model.addAttribute("benefits", benefits.balances(memberId));
    model.addAttribute("redemptions", rewards.redemptions(memberId));
    model.addAttribute("zone", settings.zone());
    model.addAttribute("adjustId", UUID.randomUUID().toString());
    model.addAttribute("section", "members");
    return "console/member-loyalty";
  }

  @PostMapping("/console/members/{id}/loyalty/adjust")
  @PreAuthorize("hasAuthority('SCOPE_points:adjust')")
  String adjust(@PathVariable String id, @RequestParam String points,
      @RequestParam String reason, @RequestParam String externalId,
      RedirectAttributes flash) {
    try {
      long n = Long.parseLong(points.trim());
      if (reason.isBlank()) {
        throw new InvalidInput("reason", "give a reason");
      }
      ledger.adjust(new PointsAdjustment(id, n, reason.trim(), "console-" + externalId));
      flash.addFlashAttribute("notice", "adjusted");
    } catch (NumberFormatException e) {
      flash.addFlashAttribute("adjustError", "points: " + points);
    } catch (InvalidInput | Conflict e) {
      flash.addFlashAttribute("adjustError", e.getMessage());
    }
    return "redirect:/console/members/" + id + "/loyalty";
  }

  @PostMapping("/console/members/{id}/loyalty/tier")
  @PreAuthorize("hasAuthority('SCOPE_points:adjust')")
  String tier(@PathVariable String id, @RequestParam(required = false) String tier,
      @RequestParam String reason, RedirectAttributes flash) {
    try {
      if (reason.isBlank()) {
        throw new InvalidInput("reason", "give a reason");
      }
      tiers.override(id, new TierOverride(tier == null || tier.isBlank() ? null : tier,
          reason.trim(), null));
      flash.addFlashAttribute("notice", "tier");
    } catch (InvalidInput e) {
      flash.addFlashAttribute("tierError", e.getMessage());
    }
    return "redirect:/console/members/" + id + "/loyalty";
  }
}
