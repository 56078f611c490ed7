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

  /** Bound in place of a buffer once it is flushed: later work is done at once. */
  private static final Object FLUSHED = new Object();

  /** Bound while a flush runs: a buffer first asked for then would never be flushed. */
  private static final Object FLUSHING = new Object();

  private BeforeCommit() {}

  /**
   * The current transaction's buffer under {@code key}, or null when the caller is to do the
   * work at once: outside a transaction, once this buffer was flushed (work added by another
   * flush that runs later), or when another flush asks for a buffer not created before.
   * Flushes run in {@code order}, lowest first.
   */
  public static <T> T buffer(Object key, Supplier<T> create, Consumer<T> flush, int order) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return null;
    }
    Object bound = TransactionSynchronizationManager.getResource(key);
    if (bound == FLUSHED) {
      return null;
    }
    if (bound != null) {
      @SuppressWarnings("unchecked")
      T buffer = (T) bound;
      return buffer;
    }
    if (TransactionSynchronizationManager.hasResource(FLUSHING)) {
      return null;
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
        TransactionSynchronizationManager.unbindResource(key);
        TransactionSynchronizationManager.bindResource(key, FLUSHED);
        TransactionSynchronizationManager.bindResource(FLUSHING, FLUSHING);
        try {
          flush.accept(created);
        } finally {
          TransactionSynchronizationManager.unbindResource(FLUSHING);
        }
      }

      @Override
      public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResource(key);
      }
    });
    return created;
  }
}
