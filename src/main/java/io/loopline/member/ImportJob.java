package io.loopline.member;

import java.time.Instant;

/** A member import and how far it got. */
public record ImportJob(String id, String fileName, ImportStatus status, int totalRows,
    int processedRows, int created, int updated, int unchanged, int failed, String failure,
    String createdBy, Instant createdAt, Instant startedAt, Instant finishedAt) {

  public enum ImportStatus { QUEUED, RUNNING, DONE, FAILED }

  /** Progress in percent, for the page's bar. */
  public int percent() {
    return totalRows == 0 ? 100 : (int) (100L * processedRows / totalRows);
  }

  public boolean finished() {
    return status == ImportStatus.DONE || status == ImportStatus.FAILED;
  }
}
