package io.credwatch.cli;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Reads inputs ahead on worker threads, one per core, and hands what each produced back to the
 * caller's thread in input order, so that a parallel scan reports exactly what a one-by-one scan
 * would, in the same order. Each input's items pass through a small bounded queue: a worker that
 * runs ahead waits, so memory stays that of a few hundred items per core however large an input is.
 *
 * <p>Inputs start in order (the pool's queue is first in, first out), so the input the caller waits
 * for is always running or done: a worker waiting on a full queue never blocks the caller.
 */
final class ReadAhead<I, T> implements AutoCloseable {
  /** What a worker does with one input, giving its items to {@code emit} as it goes. */
  @FunctionalInterface
  interface Work<I, T> {
    void read(I input, Consumer<T> emit) throws Exception;
  }

  /** Items per input queue before its worker waits for the caller. */
  private static final int QUEUE_ITEMS = 64;

  private static final Object END = new Object();

  private record Failure(Throwable cause) {}

  private final ExecutorService pool;
  private final Iterator<I> inputs;
  private final Work<I, T> work;
  private final ArrayDeque<BlockingQueue<Object>> lanes = new ArrayDeque<>();
  private final int window;

  ReadAhead(List<I> inputs, int threads, Work<I, T> work) {
    this.inputs = inputs.iterator();
    this.work = work;
    this.window = threads * 2;
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "credwatch-read-ahead");
              thread.setDaemon(true);
              return thread;
            });
    while (lanes.size() < window && this.inputs.hasNext()) {
      start(this.inputs.next());
    }
  }

  /** The worker threads for this machine: one per core, at least one. */
  static int threadsForThisMachine() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private void start(I input) {
    BlockingQueue<Object> lane = new ArrayBlockingQueue<>(QUEUE_ITEMS);
    lanes.add(lane);
    pool.execute(
        () -> {
          try {
            work.read(input, item -> put(lane, item));
            put(lane, END);
          } catch (Abandoned abandoned) {
            // the caller stopped reading: nothing waits for this lane
          } catch (Throwable failure) { // handed to the caller's thread, which rethrows it
            try {
              lane.put(new Failure(failure));
            } catch (InterruptedException stopped) {
              Thread.currentThread().interrupt();
            }
          }
        });
  }

  /** Thrown inside a worker whose caller has gone. */
  private static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super(null, null, false, false);
    }
  }

  private static void put(BlockingQueue<Object> lane, Object item) {
    try {
      lane.put(item);
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      throw new Abandoned();
    }
  }

  /** Whether another input is waiting to be handed over. */
  boolean hasNext() {
    return !lanes.isEmpty();
  }

  /**
   * Hands every item of the next input to {@code consumer}, in the order its worker gave them; a
   * worker's failure is thrown here, on the caller's thread.
   */
  @SuppressWarnings("unchecked") // only the worker's items and the two markers enter a lane
  void next(Consumer<T> consumer) {
    BlockingQueue<Object> lane = lanes.remove();
    if (inputs.hasNext()) {
      start(inputs.next());
    }
    while (true) {
      Object item;
      try {
        item = lane.take();
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading ahead", stopped);
      }
      if (item == END) {
        return;
      }
      if (item instanceof Failure failure) {
        if (failure.cause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (failure.cause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(failure.cause());
      }
      consumer.accept((T) item);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
