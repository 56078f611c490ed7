package io.loopline.loyalty.web;

import io.loopline.loyalty.Benefits;
import io.loopline.loyalty.LoyaltySettings;
import io.loopline.loyalty.PointsEntry;
import io.loopline.loyalty.PointsLedger;
import io.loopline.loyalty.Rewards;
import io.loopline.loyalty.Tiers;
import io.loopline.platform.Actor;
import io.loopline.platform.Conflict;
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
 * The member's own loyalty page in the portal: balance, what is pending and expiring, history,
 * tier progress, benefits left, the rewards they may redeem and their vouchers. Like every
 * portal page it takes no member id: it is always the signed-in member's.
 */
@Controller
class PortalLoyaltyPages {

  private static final int PAGE = 20;

  private final PointsLedger ledger;
  private final Tiers tiers;
  private final Benefits benefits;
  private final Rewards rewards;
  private final LoyaltySettings settings;

  PortalLoyaltyPages(PointsLedger ledger, Tiers tiers, Benefits benefits, Rewards rewards,
      LoyaltySettings settings) {
    this.ledger = ledger;
    this.tiers = tiers;
    this.benefits = benefits;
    this.rewards = rewards;
    this.settings = settings;
  }

  @GetMapping("/portal/loyalty")
  @PreAuthorize("hasRole('MEMBER')")
  String page(@RequestParam(required = false) Long before, Model model) {
    String me = Actor.current().id();
    List<PointsEntry> entries = ledger.entries(me, before, PAGE + 1);
    model.addAttribute("points", ledger.balance(me));
    model.addAttribute("entries", entries.size() > PAGE ? entries.subList(0, PAGE) : entries);
    model.addAttribute("older", entries.size() > PAGE ? entries.get(PAGE - 1).id() : null);
    model.addAttribute("tier", tiers.status(me));
    model.addAttribute("ladder", tiers.ladder());
    model.addAttribute("benefits", benefits.balances(me));
    model.addAttribute("rewards", rewards.availableTo(me));
    model.addAttribute("redemptions", rewards.redemptions(me));
    model.addAttribute("redeemId", UUID.randomUUID().toString());
    model.addAttribute("zone", settings.zone());
    return "portal/loyalty";
  }

  @PostMapping("/portal/rewards/{code}/redeem")
  @PreAuthorize("hasRole('MEMBER')")
  String redeem(@PathVariable String code, @RequestParam String externalId,
      RedirectAttributes flash) {
    try {
      var redemption = rewards.redeem(code, Actor.current().id(), "portal-" + externalId);
      flash.addFlashAttribute("voucher", redemption.voucher());
    } catch (Conflict e) {
      flash.addFlashAttribute("redeemError", e.getMessage());
    }
    return "redirect:/portal/loyalty#rewards";
  }
}
