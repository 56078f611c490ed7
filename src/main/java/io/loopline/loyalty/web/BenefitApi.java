package io.loopline.loyalty.web;

import io.loopline.loyalty.Benefit;
import io.loopline.loyalty.BenefitBalance;
import io.loopline.loyalty.BenefitQuota;
import io.loopline.loyalty.BenefitUse;
import io.loopline.loyalty.BenefitUsed;
import io.loopline.loyalty.Benefits;
import io.loopline.platform.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Benefits", description = "The benefits catalogue, quotas per tier and their use (TIER-2)")
class BenefitApi {

  private final Benefits benefits;

  BenefitApi(Benefits benefits) {
    this.benefits = benefits;
  }

  /** The catalogue and the tier × benefit matrix. */
  record Catalogue(List<Benefit> benefits, List<BenefitQuota> quotas) {}

  /** Gives back a use, named by its external id. */
  record BenefitRefund(@NotBlank @Size(max = 40) String memberId,
      @NotBlank @Size(max = 100) String useExternalId,
      @NotBlank @Size(max = 100) String externalId) {}

  @GetMapping("/api/v1/benefits")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "The benefits catalogue and the quota of each tier")
  Catalogue catalogue() {
    return new Catalogue(benefits.catalogue(), benefits.quotas());
  }

  @PutMapping("/api/v1/benefits/{code}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @Operation(summary = "Create or change a benefit")
  Benefit save(@PathVariable String code, @Valid @RequestBody Benefit benefit) {
    if (!code.equals(benefit.code())) {
      throw new InvalidInput("code", "must match the code in the path");
    }
    return benefits.save(benefit);
  }

  @PutMapping("/api/v1/benefits/{code}/quotas/{tier}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @Operation(summary = "Set a tier's quota of a benefit per period (no quota = unlimited)")
  BenefitQuota quota(@PathVariable String code, @PathVariable String tier,
      @Valid @RequestBody BenefitQuota quota) {
    return benefits.setQuota(code, tier, quota);
  }

  @DeleteMapping("/api/v1/benefits/{code}/quotas/{tier}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Take a benefit away from a tier")
  void removeQuota(@PathVariable String code, @PathVariable String tier) {
    benefits.removeQuota(code, tier);
  }

  @PostMapping("/api/v1/benefits/{code}/uses")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Use a benefit for a member",
      description = "201 with the ledger line and what is left; 200 for a repeated externalId; "
          + "409 when the tier does not include it or the quota is used up")
  ResponseEntity<BenefitUsed> use(@PathVariable String code, @Valid @RequestBody BenefitUse use) {
    return answer(benefits.use(code, use));
  }

  @PostMapping("/api/v1/benefits/{code}/refunds")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Give a use back to its period (a cancelled booking)")
  ResponseEntity<BenefitUsed> refund(@PathVariable String code,
      @Valid @RequestBody BenefitRefund refund) {
    return answer(benefits.refund(code, refund.memberId(), refund.useExternalId(),
        refund.externalId()));
  }

  @GetMapping("/api/v1/members/{id}/benefits")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "What a member has of each benefit of their tier this period")
  List<BenefitBalance> balances(@PathVariable String id) {
    return benefits.balances(id);
  }

  @GetMapping("/api/v1/members/{id}/benefits/ledger")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A member's benefit uses and refunds, newest first")
  List<BenefitUsed> ledger(@PathVariable String id,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
    return benefits.ledger(id, limit);
  }

  private static ResponseEntity<BenefitUsed> answer(BenefitUsed used) {
    return ResponseEntity.status(used.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(used);
  }
}
