package io.loopline.loyalty.web;

import io.loopline.loyalty.LedgerAudit;
import io.loopline.loyalty.LedgerAuditReport;
import io.loopline.loyalty.PointsAdjustment;
import io.loopline.loyalty.PointsReversal;
import io.loopline.loyalty.PointsSummary;
import io.loopline.loyalty.PointsBalance;
import io.loopline.loyalty.PointsChange;
import io.loopline.loyalty.PointsEntry;
import io.loopline.loyalty.PointsLedger;
import io.loopline.loyalty.PointsPosted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Points", description = "The points ledger (PTS-3)")
class PointsApi {

  private final PointsLedger ledger;

  PointsApi(PointsLedger ledger) {
    this.ledger = ledger;
  }

  @PostMapping("/api/v1/points/earnings")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Earn points",
      description = "201 with the entry and balance (or the pending earning when maturesInDays is "
          + "given); 200 with the first answer when the externalId was posted before; 404 for an "
          + "unknown member")
  ResponseEntity<PointsPosted> earn(@Valid @RequestBody PointsChange change) {
    return answer(ledger.earn(change));
  }

  @PostMapping("/api/v1/points/spendings")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Spend points, nearest-expiry lots first",
      description = "409 when the balance does not cover them (nothing changes)")
  ResponseEntity<PointsPosted> spend(@Valid @RequestBody PointsChange change) {
    return answer(ledger.spend(change));
  }

  @PostMapping("/api/v1/points/refunds")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Take back (part of) an earning after a refund",
      description = "A pending earning is cancelled; points already spent become debt that later "
          + "earnings pay first. 404 for an unknown earning; 409 for more than is left")
  ResponseEntity<PointsPosted> refund(@Valid @RequestBody PointsReversal reversal) {
    return answer(ledger.refundEarning(reversal));
  }

  @PostMapping("/api/v1/points/cancellations")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Give back (part of) a spending to the lots it took from",
      description = "404 for an unknown spending; 409 for more than it took")
  ResponseEntity<PointsPosted> cancel(@Valid @RequestBody PointsReversal reversal) {
    return answer(ledger.reverseSpending(reversal));
  }

  @PostMapping("/api/v1/points/adjustments")
  @PreAuthorize("hasAuthority('SCOPE_points:adjust')")
  @Operation(summary = "Correct a member's points with a reason (administrators)",
      description = "Positive adds a lot, negative takes from the lots nearest expiry; 409 when "
          + "the balance does not cover a negative adjustment")
  ResponseEntity<PointsPosted> adjust(@Valid @RequestBody PointsAdjustment adjustment) {
    return answer(ledger.adjust(adjustment));
  }

  @GetMapping("/api/v1/points/audit")
  @PreAuthorize("hasAuthority('SCOPE_points:adjust')")
  @Operation(summary = "Check the ledger invariant of every account")
  LedgerAuditReport auditAll() {
    return ledger.auditAll();
  }

  private static ResponseEntity<PointsPosted> answer(PointsPosted posted) {
    return ResponseEntity.status(posted.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(posted);
  }

  @GetMapping("/api/v1/members/{id}/points")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A member's balance, lifetime points, open lots and what expires soon")
  PointsBalance balance(@PathVariable String id) {
    return ledger.balance(id);
  }

  @GetMapping("/api/v1/members/{id}/points/balance")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A member's balance, debt, pending and lifetime points (no lots)")
  PointsSummary summary(@PathVariable String id) {
    return ledger.summary(id);
  }

  @GetMapping("/api/v1/members/{id}/points/entries")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A member's ledger entries, newest first")
  List<PointsEntry> entries(@PathVariable String id,
      @RequestParam(required = false) @Min(1) Long before,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
    return ledger.entries(id, before, limit);
  }

  @GetMapping("/api/v1/members/{id}/points/audit")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "Check that balance = sum of entries = sum of open lots")
  LedgerAudit audit(@PathVariable String id) {
    return ledger.audit(id);
  }
}
