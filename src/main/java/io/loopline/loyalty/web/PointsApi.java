package io.loopline.loyalty.web;

import io.loopline.loyalty.LedgerAudit;
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
      description = "201 with the entry and balance; 200 with the first entry when the externalId "
          + "was posted before; 404 for an unknown member")
  ResponseEntity<PointsPosted> earn(@Valid @RequestBody PointsChange change) {
    PointsPosted posted = ledger.earn(change);
    return ResponseEntity.status(posted.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(posted);
  }

  @PostMapping("/api/v1/points/spendings")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Spend points, nearest-expiry lots first",
      description = "409 when the balance does not cover them (nothing changes)")
  ResponseEntity<PointsPosted> spend(@Valid @RequestBody PointsChange change) {
    PointsPosted posted = ledger.spend(change);
    return ResponseEntity.status(posted.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(posted);
  }

  @GetMapping("/api/v1/members/{id}/points")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A member's balance, lifetime points, open lots and what expires soon")
  PointsBalance balance(@PathVariable String id) {
    return ledger.balance(id);
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
