package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A refund of (part of) a purchase: the points it earned are taken back in proportion to the
 * amount refunded so far (all of them once it is refunded in full), once per external id.
 */
public record PurchaseRefund(
    @NotBlank @Size(max = 40) String memberId,
    @NotNull @Min(1) @Max(100_000_000_000L) Long amountFen,
    @NotBlank @Size(max = 100) String externalId,
    @Size(max = 200) String reason) {

  /** What the refund did: the amount refunded so far and the points it took back. */
  public record Result(String memberId, String orderId, long refundedFen, long pointsReversed,
      long balance, boolean replayed) {}
}
