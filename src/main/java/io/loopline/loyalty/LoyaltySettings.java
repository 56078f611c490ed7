package io.loopline.loyalty;

import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The programme's settings ({@code loopline.loyalty.*}): its time zone (calendar expiry, review
 * dates) and the venues' own zones (member days, daily caps), the default expiry of earned
 * points, what a refund does to points already spent, how far ahead "expiring soon" looks, and
 * how many purchase batches are written at once ({@code earnLanes}).
 */
@ConfigurationProperties("loopline.loyalty")
public record LoyaltySettings(ZoneId zone, PointsExpiry expiry, ReversalPolicy reversalPolicy,
    int expiringSoonDays, Map<String, ZoneId> venueZones, int earnLanes) {

  /**
   * What a refund does when the points it takes back were already spent. Neither loses them:
   * {@code CLAW_BACK_WITH_DEBT} takes what is left of the balance and records the rest as a debt
   * that later earnings pay first (the balance shown never goes below zero);
   * {@code ALLOW_NEGATIVE} does the same book-keeping but shows the member a negative balance.
   */
  public enum ReversalPolicy { CLAW_BACK_WITH_DEBT, ALLOW_NEGATIVE }

  public LoyaltySettings {
    zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
    expiry = expiry == null ? PointsExpiry.NEVER : expiry;
    reversalPolicy = reversalPolicy == null ? ReversalPolicy.CLAW_BACK_WITH_DEBT : reversalPolicy;
    expiringSoonDays = expiringSoonDays <= 0 ? 30 : expiringSoonDays;
    venueZones = venueZones == null ? Map.of() : Map.copyOf(venueZones);
    earnLanes = earnLanes <= 0 ? 2 : earnLanes;
  }

  /** The time zone of a venue (for member days and daily caps); the programme's by default. */
  public ZoneId zoneOf(String venue) {
    return venue == null ? zone : venueZones.getOrDefault(venue, zone);
  }
}
