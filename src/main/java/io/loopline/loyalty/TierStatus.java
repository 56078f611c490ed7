package io.loopline.loyalty;

import java.time.Instant;

/**
 * Where a member stands (TIER-1): the tier, since when, whether an operator set it, whether it is
 * in its grace period, what the member has in the current tier's window, the next tier and what
 * is still missing for it (per criterion; null where the next tier does not use it), and the
 * member's advisor (TIER-3).
 */
public record TierStatus(String memberId, String tier, Instant since, boolean overridden,
    Instant graceSince, Progress progress, String nextTier, Progress missing, String advisor) {

  /** Points earned, spend (fen) and visits. */
  public record Progress(Long points, Long spendFen, Long visits) {}
}
