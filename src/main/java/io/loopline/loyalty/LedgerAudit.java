package io.loopline.loyalty;

/** The ledger invariant for one account: balance = sum of entries = sum of open lots. */
public record LedgerAudit(String memberId, long balance, long sumOfEntries, long sumOfLots,
    boolean consistent) {

  static LedgerAudit of(String memberId, long balance, long sumOfEntries, long sumOfLots) {
    return new LedgerAudit(memberId, balance, sumOfEntries, sumOfLots,
        balance == sumOfEntries && balance == sumOfLots);
  }
}
