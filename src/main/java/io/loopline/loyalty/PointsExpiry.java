package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * When the points of an earning expire (PTS-3): {@code DAYS} n days after they are earned,
 * {@code END_OF_MONTH} / {@code END_OF_YEAR} at the end of the calendar month/year n after the
 * earning's (0 = the same one) in the programme's time zone, or {@code NEVER}.
 */
public record PointsExpiry(@NotNull Kind kind, @Min(0) @Max(3650) Integer n) {

  public PointsExpiry {
    n = n == null ? 0 : n;
  }

  public enum Kind { DAYS, END_OF_MONTH, END_OF_YEAR, NEVER }

  public static final PointsExpiry NEVER = new PointsExpiry(Kind.NEVER, 0);

  public static PointsExpiry days(int n) {
    return new PointsExpiry(Kind.DAYS, n);
  }

  /** The first instant at which points earned at {@code earnedAt} are expired; null: never. */
  public Instant deadline(Instant earnedAt, ZoneId zone) {
    LocalDate day = earnedAt.atZone(zone).toLocalDate();
    return switch (kind) {
      case NEVER -> null;
      case DAYS -> earnedAt.plus(java.time.Duration.ofDays(n));
      case END_OF_MONTH -> day.plusMonths(n).with(TemporalAdjusters.firstDayOfNextMonth())
          .atStartOfDay(zone).toInstant();
      case END_OF_YEAR -> day.plusYears(n).with(TemporalAdjusters.firstDayOfNextYear())
          .atStartOfDay(zone).toInstant();
    };
  }
}
