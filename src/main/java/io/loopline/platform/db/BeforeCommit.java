package io.loopline.platform.db;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work a transaction collects as it goes and does once, just before it commits: the first call
 * in a transaction creates its buffer and registers the flush; later calls get the same buffer.
 * A rolled-back transaction drops its buffer unflushed.
 */
public final class BeforeCommit {

  private BeforeCommit() {}

  /**
   * The current transaction's buffer under {@code key}, or null outside a transaction (the
   * caller then does the work at once). Flushes run in {@code order}, lowest first.
   */
  public static <T> T buffer(Object key, Supplier<T> create, Consumer<T> flush, int order) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    T buffer = (T) TransactionSynchronizationManager.getResource(key);
    if (buffer != null) {
      return buffer;
    }
    T created = create.get();
    TransactionSynchronizationManager.bindResource(key, created);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public int getOrder() {
        return order;
      }

      @Override
      public void beforeCommit(boolean readOnly) {
        flush.accept(created);
      }

      @Override
      public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResource(key);
      }
    });
    return created;
  }
}
