package io.loopline.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/**
 * A member day or super brand day (PTS-4): on the listed {@code dates}, or every
 * {@code dayOfMonth} (e.g. the 8th), or every {@code dayOfWeek} — the day as it is at the venue,
 * in the venue's time zone — purchase points are multiplied by {@code multiplierPercent}
 * (200 = double) and/or {@code bonusPoints} are added once per order, for members of the listed
 * tiers and of the segment (both optional).
 */
public record MemberDay(
    @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,39}") String code,
    @NotBlank @Size(max = 100) String name,
    Set<LocalDate> dates,
    @Min(1) @Max(31) Integer dayOfMonth,
    DayOfWeek dayOfWeek,
    @Min(100) @Max(10_000) Integer multiplierPercent,
    @Min(1) @Max(1_000_000) Long bonusPoints,
    Set<@Pattern(regexp = "[A-Z][A-Z0-9_]{0,29}") String> tiers,
    @Size(max = 40) String segment,
    Boolean active) {

  public MemberDay {
    active = active == null || active;
    dates = dates == null ? Set.of() : Set.copyOf(dates);
    tiers = tiers == null ? Set.of() : Set.copyOf(tiers);
  }

  boolean fallsOn(LocalDate day) {
    return active && (dates.contains(day)
        || dayOfMonth != null && day.getDayOfMonth() == dayOfMonth
        || dayOfWeek != null && day.getDayOfWeek() == dayOfWeek);
  }
}
