package io.loopline.loyalty.web;

import io.loopline.loyalty.TierChange;
import io.loopline.loyalty.TierDefinition;
import io.loopline.loyalty.TierOverride;
import io.loopline.loyalty.TierStatus;
import io.loopline.loyalty.Tiers;
import io.loopline.platform.Actor;
import io.loopline.platform.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Tiers", description = "Tier ladder, members' tiers, overrides and advisors (TIER-1, TIER-3)")
class TierApi {

  private final Tiers tiers;

  TierApi(Tiers tiers) {
    this.tiers = tiers;
  }

  @GetMapping("/api/v1/tiers")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "The tier ladder, lowest rank first")
  List<TierDefinition> ladder() {
    return tiers.ladder();
  }

  @PutMapping("/api/v1/tiers/{code}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @Operation(summary = "Create or change a tier",
      description = "400 for a rank another tier has or an advisor who is not a console user")
  TierDefinition save(@PathVariable String code, @Valid @RequestBody TierDefinition tier) {
    if (!code.equals(tier.code())) {
      throw new InvalidInput("code", "must match the code in the path");
    }
    return tiers.save(tier);
  }

  @GetMapping("/api/v1/members/{id}/tier")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A member's tier, progress to the next tier and advisor")
  TierStatus status(@PathVariable String id) {
    return tiers.status(id);
  }

  @GetMapping("/api/v1/members/{id}/tier/history")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A member's tier changes, newest first")
  List<TierChange> history(@PathVariable String id) {
    return tiers.history(id);
  }

  @PostMapping("/api/v1/members/{id}/tier/override")
  @PreAuthorize("hasAuthority('SCOPE_points:adjust')")
  @Operation(summary = "Set a member's tier by hand with a reason, or lift the override (no tier)",
      description = "Administrators only; evaluation and reviews respect it until it ends")
  TierStatus override(@PathVariable String id, @Valid @RequestBody TierOverride override) {
    return tiers.override(id, override);
  }

  @GetMapping("/api/v1/advisors/me/members")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "The members the signed-in advisor looks after, with their tiers")
  Map<String, String> myMembers() {
    Actor me = Actor.current();
    return me.kind() == Actor.Kind.USER ? tiers.membersOf(me.name()) : Map.of();
  }
}
