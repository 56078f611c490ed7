package io.loopline.loyalty;

import java.util.List;

/** The audit of every account: how many were checked and those that do not agree (at most 100). */
public record LedgerAuditReport(long accountsChecked, long inconsistent, List<LedgerAudit> sample) {}
