package io.loopline.loyalty;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * Something a member did that may earn points (PTS-1): shared content, joined an activity,
 * referred a new member ({@code ref} = the referred member's id; awarded at their first
 * purchase), wrote a review, checked in, signed in for the day. The external id makes it count
 * once; {@code at} absent = now.
 */
public record EngagementEvent(
    @NotBlank @Size(max = 40) String memberId,
    @NotNull EarningRule.Trigger kind,
    @NotBlank @Size(max = 100) String externalId,
    @Size(max = 100) String ref,
    @Size(max = 40) String venue,
    Instant at) {}
