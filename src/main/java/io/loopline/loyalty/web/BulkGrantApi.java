package io.loopline.loyalty.web;

import io.loopline.loyalty.BulkGrant;
import io.loopline.loyalty.BulkGrants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Points", description = "The points ledger (PTS-3)")
class BulkGrantApi {

  private final BulkGrants grants;

  BulkGrantApi(BulkGrants grants) {
    this.grants = grants;
  }

  @PostMapping("/api/v1/points/grants")
  @PreAuthorize("hasAuthority('SCOPE_points:adjust')")
  @Operation(summary = "Grant points to every member of a segment, as a durable job",
      description = "202 with the queued grant; the same externalId answers the first grant; "
          + "404 for an unknown segment")
  ResponseEntity<BulkGrant> start(@Valid @RequestBody BulkGrant.Request request) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(grants.start(request));
  }

  @GetMapping("/api/v1/points/grants/{id}")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "A grant's state and progress")
  BulkGrant get(@PathVariable String id) {
    return grants.get(id);
  }

  @GetMapping("/api/v1/points/grants")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "Recent grants, newest first")
  List<BulkGrant> recent() {
    return grants.recent(50);
  }
}
