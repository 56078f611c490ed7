package io.loopline.platform.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Coalesces concurrent writes so that one transaction (one commit, one fsync) serves many
 * callers: a caller's {@link #submit} waits while its item is written together with whatever
 * else arrived meanwhile, with multi-row statements, and returns once that transaction has
 * committed.
 *
 * <p>Lanes, each one thread writing one batch at a time, share one queue: a lane that is free
 * takes what is queued, so an item waits for the first lane to finish, not for a lane of its
 * own. Two batches being written never hold the same conflict key, nor does one batch hold a
 * key twice: such an item waits for a later batch, and the items of one key are written in the
 * order they came.
 *
 * <p>The handler gets the batch inside a transaction and returns one outcome per item, in order:
 * a value, or the failure of that item alone (an item that fails must not have written). When
 * the handler throws, the whole batch is rolled back and each item is written again on its own,
 * so a failure reaches only the caller it belongs to and nothing is lost or doubled.
 */
public final class WriteBatcher<T, R> implements AutoCloseable {

  /** The handler's answer for one item: its value or its failure. */
  public record Outcome<R>(R value, RuntimeException failure) {
    public static <R> Outcome<R> of(R value) {
      return new Outcome<>(value, null);
    }

    public static <R> Outcome<R> failed(RuntimeException failure) {
      return new Outcome<>(null, failure);
    }
  }

  private record Pending<T, R>(T item, List<Object> keys, CompletableFuture<R> answer) {}

  private final Function<List<T>, List<Outcome<R>>> handler;
  private final Function<T, List<Object>> conflictKeys;
  private final TransactionTemplate transactions;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final Deque<Pending<T, R>> queue = new ArrayDeque<>();
  /** The conflict keys of the batches being written. */
  private final Set<Object> writing = new HashSet<>();
  /** Read and set under the lock, as the queue. */
  private boolean closed;

  /**
   * @param name names the lane threads
   * @param lanes how many batches may be written at once
   * @param maxBatch the most items in one transaction
   * @param conflictKeys keys that may be in one batch being written at a time
   * @param handler writes a batch in the current transaction
   */
  public WriteBatcher(String name, int lanes, int maxBatch, TransactionTemplate transactions,
      Function<T, List<Object>> conflictKeys, Function<List<T>, List<Outcome<R>>> handler) {
    this.handler = handler;
    this.conflictKeys = conflictKeys;
    this.transactions = transactions;
    this.maxBatch = maxBatch;
    for (int i = 0; i < lanes; i++) {
      Thread thread = new Thread(this::runLane, name + "-" + i);
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Writes the item with others and returns its value once committed; rethrows the item's own
   * failure.
   */
  public R submit(T item) {
    Pending<T, R> pending = new Pending<>(item, conflictKeys.apply(item),
        new CompletableFuture<>());
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the write batcher is closed");
      }
      queue.addLast(pending);
      ready.signal();
    } finally {
      lock.unlock();
    }
    try {
      return pending.answer().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the write was pending", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.forEach(p -> p.answer().completeExceptionally(
          new IllegalStateException("the write batcher is closed")));
      queue.clear();
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void runLane() {
    while (true) {
      List<Pending<T, R>> batch = next();
      if (batch.isEmpty()) {
        return;
      }
      try {
        write(batch);
      } finally {
        done(batch);
      }
    }
  }

  /**
   * Waits until items can be taken, then takes what is queued and fits, oldest first: none
   * whose keys another lane is writing or an item taken or left before it holds (so the items of
   * one key are written in the order they came). Empty once closed.
   */
  private List<Pending<T, R>> next() {
    lock.lock();
    try {
      while (!closed) {
        List<Pending<T, R>> batch = new ArrayList<>();
        Set<Object> seen = new HashSet<>(writing);
        for (Iterator<Pending<T, R>> it = queue.iterator();
            it.hasNext() && batch.size() < maxBatch; ) {
          Pending<T, R> p = it.next();
          boolean free = p.keys().stream().noneMatch(seen::contains);
          seen.addAll(p.keys());
          if (free) {
            it.remove();
            batch.add(p);
          }
        }
        if (!batch.isEmpty()) {
          batch.forEach(p -> writing.addAll(p.keys()));
          if (!queue.isEmpty()) {
            ready.signal();  // another lane may take what is left
          }
          return batch;
        }
        ready.awaitUninterruptibly();
      }
      return List.of();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The batch's keys are free again. No lane needs waking: this lane goes straight back to
   * {@link #next}, takes what waited for them, and wakes another lane for what it leaves.
   */
  private void done(List<Pending<T, R>> batch) {
    lock.lock();
    try {
      batch.forEach(p -> writing.removeAll(p.keys()));
    } finally {
      lock.unlock();
    }
  }

  private void write(List<Pending<T, R>> batch) {
    List<Outcome<R>> outcomes;
    try {
      outcomes = transactions.execute(
          tx -> handler.apply(batch.stream().map(Pending::item).toList()));
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).answer().completeExceptionally(e);
      } else {
        batch.forEach(p -> write(List.of(p)));
      }
      return;
    } catch (Error e) {
      batch.forEach(p -> p.answer().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Outcome<R> outcome = outcomes.get(i);
      if (outcome.failure() != null) {
        batch.get(i).answer().completeExceptionally(outcome.failure());
      } else {
        batch.get(i).answer().complete(outcome.value());
      }
    }
  }
}
