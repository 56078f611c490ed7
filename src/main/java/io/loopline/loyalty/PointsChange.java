package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Points to earn or spend for a member, with the cause (PURCHASE, ENGAGEMENT, OPERATOR, REWARD…),
 * its reference (an order id) and an external id that makes the change happen once per member.
 * {@code expiresInDays} applies to earnings (absent = never expires).
 */
public record PointsChange(
    @NotBlank @Size(max = 40) String memberId,
    @NotNull @Min(1) @Max(100_000_000) Long points,
    @NotBlank @Size(max = 30) @Pattern(regexp = "[A-Z_]+") String causeType,
    @Size(max = 100) String causeRef,
    @Size(max = 200) String reason,
    @NotBlank @Size(max = 100) String externalId,
    @Min(1) @Max(3650) Integer expiresInDays) {}
