package io.loopline.loyalty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * A completed purchase that may earn points: the order id makes it count once per member, the
 * amount is in fen, lines (optional) let rules match categories and products. {@code at} absent
 * = now; it decides the member day, in the venue's time zone.
 */
public record PurchaseEvent(
    @NotBlank @Size(max = 40) String memberId,
    @NotBlank @Size(max = 100) String orderId,
    @NotNull @Min(0) @Max(100_000_000_000L) Long amountFen,
    @Size(max = 40) String channel,
    @Size(max = 40) String venue,
    @Size(max = 200) List<@Valid Line> lines,
    Instant at) {

  /** One line of the order. */
  public record Line(@Size(max = 60) String product, @Size(max = 60) String category,
      @NotNull @Min(0) Long amountFen) {}

  public PurchaseEvent {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }
}
