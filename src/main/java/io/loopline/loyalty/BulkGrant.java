package io.loopline.loyalty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * Points for every member of a saved segment, granted by a durable job: its progress (members
 * granted, the last member id reached) and state (QUEUED, RUNNING, DONE, FAILED).
 */
public record BulkGrant(String id, String segment, long points, String reason,
    PointsExpiry expiry, String externalId, String state, long granted, String failure,
    String actor, Instant createdAt, Instant startedAt, Instant finishedAt) {

  /** What an operator asks for; the external id makes the request count once. */
  public record Request(@NotBlank @Size(max = 40) String segment,
      @NotNull @Min(1) @Max(1_000_000) Long points,
      @NotBlank @Size(max = 200) String reason,
      @Valid PointsExpiry expiry,
      @NotBlank @Size(max = 100) String externalId) {}
}
