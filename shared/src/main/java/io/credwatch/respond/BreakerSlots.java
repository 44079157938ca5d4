package io.credwatch.respond;

import java.time.Duration;
import java.time.Instant;

/**
 * The circuit breaker's hourly window, and the breaker itself over a store that can create a record
 * only if it is absent (Firestore, Azure Tables): the hour's budget is that many numbered slots
 * ({@code breaker-<hour>-<n>}), so concurrent invocations never share one, and the pause is
 * announced by the one invocation that creates the hour's {@code paused-<hour>} marker.
 */
public final class BreakerSlots {
  /** The breaker's window: a clock hour. */
  public static final Duration WINDOW = Duration.ofHours(1);

  private BreakerSlots() {}

  /** A store of records by id, created only when absent. */
  public interface Store<E extends Exception> {
    boolean exists(String id) throws E;

    /** Creates the record, kept until {@code expires}; false when it already exists. */
    boolean createIfAbsent(String id, Instant expires) throws E;
  }

  /**
   * The breaker's answer, and whether this take opened the window (took its first slot), when a
   * store without a TTL of its own can clear what has expired, once an hour.
   */
  public record Taken(ActionLedger.Budget budget, boolean openedWindow) {}

  /** The window that holds {@code now}, as a number. */
  public static long window(Instant now) {
    return now.getEpochSecond() / WINDOW.toSeconds();
  }

  /** Until when a window's records are kept: the end of the window after it. */
  public static Instant expires(long window) {
    return Instant.ofEpochSecond((window + 2) * WINDOW.toSeconds());
  }

  public static <E extends Exception> Taken take(Store<E> store, Instant now, int maxPerWindow)
      throws E {
    long window = window(now);
    Instant expires = expires(window);
    if (store.exists("paused-" + window)) {
      return new Taken(ActionLedger.Budget.PAUSED, false);
    }
    for (int slot = 1; slot <= maxPerWindow; slot++) {
      if (store.createIfAbsent("breaker-" + window + "-" + slot, expires)) {
        return new Taken(ActionLedger.Budget.GRANTED, slot == 1);
      }
    }
    return new Taken(
        store.createIfAbsent("paused-" + window, expires)
            ? ActionLedger.Budget.PAUSED_NOW
            : ActionLedger.Budget.PAUSED,
        false);
  }
}
