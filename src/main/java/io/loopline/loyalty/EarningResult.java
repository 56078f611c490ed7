package io.loopline.loyalty;

import java.util.List;

/**
 * What an event earned: one award per rule that fired (and per member-day bonus), each after its
 * caps, and the balance after them. A simulation answers the same without writing anything.
 */
public record EarningResult(String memberId, String eventId, List<Award> awards, long balance,
    boolean replayed) {

  /**
   * One rule's award: the points before caps, after caps, whether they are pending, and how they
   * were computed (base, tier multiplier, member day).
   */
  public record Award(String rule, long computed, long points, boolean pending, String reason) {}

  public long total() {
    return awards.stream().mapToLong(Award::points).sum();
  }
}
