package io.loopline.loyalty;

/**
 * The ledger invariant for one account: balance − debt = sum of entries, balance = sum of what
 * is left in the lots, pending = sum of open pending earnings, and every lot opened by one of the
 * member's entries.
 */
public record LedgerAudit(String memberId, long balance, long debt, long pending,
    long sumOfEntries, long sumOfLots, long sumOfPending, long lotsWithoutEntry,
    boolean consistent) {

  static LedgerAudit of(String memberId, long balance, long debt, long pending, long sumOfEntries,
      long sumOfLots, long sumOfPending, long lotsWithoutEntry) {
    return new LedgerAudit(memberId, balance, debt, pending, sumOfEntries, sumOfLots, sumOfPending,
        lotsWithoutEntry, balance - debt == sumOfEntries && balance == sumOfLots
            && pending == sumOfPending && lotsWithoutEntry == 0);
  }
}
