package io.loopline.platform.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
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
 * <p>Items are spread over lanes by their first conflict key, each lane one thread writing one
 * batch at a time, so two batches never hold the same key. Items whose conflict keys are already
 * in the batch being formed wait for the next one, so a batch never holds a key twice.
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
  private final List<Lane> lanes = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param name names the lane threads
   * @param lanes how many batches may be written at once
   * @param maxBatch the most items in one transaction
   * @param conflictKeys keys that may appear once per batch (the first also picks the lane)
   * @param handler writes a batch in the current transaction
   */
  public WriteBatcher(String name, int lanes, int maxBatch, TransactionTemplate transactions,
      Function<T, List<Object>> conflictKeys, Function<List<T>, List<Outcome<R>>> handler) {
    this.handler = handler;
    this.conflictKeys = conflictKeys;
    this.transactions = transactions;
    this.maxBatch = maxBatch;
    for (int i = 0; i < lanes; i++) {
      Lane lane = new Lane();
      Thread thread = new Thread(lane::run, name + "-" + i);
      thread.setDaemon(true);
      this.lanes.add(lane);
      thread.start();
    }
  }

  /**
   * Writes the item with others and returns its value once committed; rethrows the item's own
   * failure.
   */
  public R submit(T item) {
    if (closed) {
      throw new IllegalStateException("the write batcher is closed");
    }
    List<Object> keys = conflictKeys.apply(item);
    Pending<T, R> pending = new Pending<>(item, keys, new CompletableFuture<>());
    lanes.get(Math.floorMod(keys.get(0).hashCode(), lanes.size())).add(pending);
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
    closed = true;
    lanes.forEach(Lane::wake);
  }

  private final class Lane {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Deque<Pending<T, R>> queue = new ArrayDeque<>();

    void add(Pending<T, R> pending) {
      lock.lock();
      try {
        queue.addLast(pending);
        arrived.signal();
      } finally {
        lock.unlock();
      }
    }

    void wake() {
      lock.lock();
      try {
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void run() {
      while (!closed) {
        List<Pending<T, R>> batch = next();
        if (!batch.isEmpty()) {
          write(batch);
        }
      }
      lock.lock();
      try {
        queue.forEach(p -> p.answer().completeExceptionally(
            new IllegalStateException("the write batcher is closed")));
        queue.clear();
      } finally {
        lock.unlock();
      }
    }

    /** Waits for the first item, then takes what else is queued and fits. */
    private List<Pending<T, R>> next() {
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          arrived.awaitUninterruptibly();
        }
        List<Pending<T, R>> batch = new ArrayList<>();
        Set<Object> taken = new HashSet<>();
        Deque<Pending<T, R>> later = new ArrayDeque<>();
        while (!queue.isEmpty() && batch.size() < maxBatch) {
          Pending<T, R> p = queue.pollFirst();
          if (p.keys().stream().anyMatch(taken::contains)) {
            later.addLast(p);
          } else {
            taken.addAll(p.keys());
            batch.add(p);
          }
        }
        while (!later.isEmpty()) {
          queue.addFirst(later.pollLast());
        }
        return batch;
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
}
