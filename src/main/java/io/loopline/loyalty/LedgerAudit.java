package io.loopline.loyalty;

/**
 * The ledger invariant for one account: balance − debt = sum of entries, balance = sum of what
 * is left in the lots, pending = sum of open pending earnings.
 */
public record LedgerAudit(String memberId, long balance, long debt, long pending,
    long sumOfEntries, long sumOfLots, long sumOfPending, boolean consistent) {

  static LedgerAudit of(String memberId, long balance, long debt, long pending, long sumOfEntries,
      long sumOfLots, long sumOfPending) {
    return new LedgerAudit(memberId, balance, debt, pending, sumOfEntries, sumOfLots, sumOfPending,
        balance - debt == sumOfEntries && balance == sumOfLots && pending == sumOfPending);
  }
}
