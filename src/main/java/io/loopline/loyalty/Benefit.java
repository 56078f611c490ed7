package io.loopline.loyalty;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A benefit of the catalogue (TIER-2), beyond discounts — the hotel A-Card kinds: member price,
 * booking hold, late checkout, book borrowing, meeting-room hours, personal butler, lounge visits,
 * priority registration, exclusive products, a monthly coupon grant. {@code unit} says what one
 * use is (a visit, an hour, a book).
 */
public record Benefit(
    @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,39}") String code,
    @NotNull Kind kind,
    @NotBlank @Size(max = 60) String nameZh,
    @NotBlank @Size(max = 60) String nameEn,
    @NotBlank @Size(max = 20) String unit) {

  public enum Kind {
    MEMBER_PRICE, BOOKING_HOLD, LATE_CHECKOUT, BOOK_BORROWING, MEETING_ROOM_HOURS,
    PERSONAL_BUTLER, LOUNGE_VISIT, PRIORITY_REGISTRATION, EXCLUSIVE_PRODUCTS, MONTHLY_COUPON,
    OTHER
  }
}
