package io.loopline.loyalty;

import io.loopline.member.MemberId;
import io.loopline.member.MembersMerged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Moves points when two members turn out to be one (delivered after the merge commits). */
@Component
class MergeListener {

  private final PointsLedger ledger;

  MergeListener(PointsLedger ledger) {
    this.ledger = ledger;
  }

  @ApplicationModuleListener
  void on(MembersMerged merged) {
    ledger.transferOnMerge(MemberId.parse(merged.survivorId()), MemberId.parse(merged.mergedId()));
  }
}
