package io.loopline.loyalty.web;

import io.loopline.loyalty.CashOffset;
import io.loopline.loyalty.CashOffsets;
import io.loopline.loyalty.OffsetPolicy;
import io.loopline.loyalty.OffsetQuote;
import io.loopline.loyalty.Redemption;
import io.loopline.loyalty.Reward;
import io.loopline.loyalty.Rewards;
import io.loopline.platform.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Rewards", description = "Rewards for points and points as cash at checkout (PTS-2)")
class RewardApi {

  private final Rewards rewards;
  private final CashOffsets offsets;

  RewardApi(Rewards rewards, CashOffsets offsets) {
    this.rewards = rewards;
    this.offsets = offsets;
  }

  record Redeem(@NotBlank @Size(max = 40) String memberId,
      @NotBlank @Size(max = 100) String externalId) {}

  record UseVoucher(@NotBlank @Size(max = 40) String memberId,
      @NotBlank @Size(max = 40) String venue) {}

  record Commit(@NotBlank @Size(max = 40) String memberId,
      @NotBlank @Size(max = 100) String orderId,
      @NotNull @Min(1) @Max(100_000_000) Long points,
      @NotNull @Min(1) @Max(100_000_000_000L) Long amountFen) {}

  @GetMapping("/api/v1/rewards")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "The rewards catalogue, or what one member may redeem now")
  List<Reward> catalogue(@RequestParam(required = false) String memberId) {
    return memberId == null ? rewards.catalogue() : rewards.availableTo(memberId);
  }

  @PutMapping("/api/v1/rewards/{code}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @Operation(summary = "Create or change a reward; stock is what is left from now on")
  Reward save(@PathVariable String code, @Valid @RequestBody Reward reward) {
    if (!code.equals(reward.code())) {
      throw new InvalidInput("code", "must match the code in the path");
    }
    if (reward.availableFrom() != null && reward.availableUntil() != null
        && !reward.availableUntil().isAfter(reward.availableFrom())) {
      throw new InvalidInput("availableUntil", "must be after availableFrom");
    }
    return rewards.save(reward);
  }

  @PostMapping("/api/v1/rewards/{code}/redemptions")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Redeem a reward for points",
      description = "201 with the voucher; 200 for a repeated externalId; 409 (nothing taken) "
          + "when out of stock, over the member's limit, not on offer or for their tier, or "
          + "not covered by the balance")
  ResponseEntity<Redemption> redeem(@PathVariable String code, @Valid @RequestBody Redeem r) {
    Redemption redemption = rewards.redeem(code, r.memberId(), r.externalId());
    return ResponseEntity.status(redemption.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(redemption);
  }

  @PostMapping("/api/v1/rewards/vouchers/{voucher}/use")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Mark a voucher used at a venue, once")
  Redemption use(@PathVariable String voucher, @Valid @RequestBody UseVoucher use) {
    return rewards.use(use.memberId(), voucher, use.venue());
  }

  @GetMapping("/api/v1/members/{id}/redemptions")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A member's redeemed rewards and vouchers, newest first")
  List<Redemption> redemptions(@PathVariable String id) {
    return rewards.redemptions(id);
  }

  @GetMapping("/api/v1/points/offsets/policy")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "The cash offset policy")
  OffsetPolicy policy() {
    return offsets.policy();
  }

  @PutMapping("/api/v1/points/offsets/policy")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @Operation(summary = "Change the cash offset policy")
  OffsetPolicy setPolicy(@Valid @RequestBody OffsetPolicy policy) {
    return offsets.setPolicy(policy);
  }

  @GetMapping("/api/v1/points/offsets/quote")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "How much of an amount (fen) the member's points may pay")
  OffsetQuote quote(@RequestParam String memberId,
      @RequestParam @Min(1) @Max(100_000_000_000L) long amountFen) {
    return offsets.quote(memberId, amountFen);
  }

  @PostMapping("/api/v1/points/offsets")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Pay part of an order with points",
      description = "201; 200 for an order committed before; 400 below the minimum or above "
          + "the policy's share; 409 when the balance does not cover the points")
  ResponseEntity<CashOffset> commit(@Valid @RequestBody Commit commit) {
    CashOffset offset = offsets.commit(commit.memberId(), commit.orderId(), commit.points(),
        commit.amountFen());
    return ResponseEntity.status(offset.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(offset);
  }

  @PostMapping("/api/v1/points/offsets/{orderId}/release")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Release an order's points back to the member (order cancelled), once")
  CashOffset release(@PathVariable String orderId) {
    return offsets.release(orderId);
  }
}
