package io.credwatch.respond;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A function's start-up, attempted once per instance: afterwards, every invocation gets what it
 * built, or the very failure it met (a missing setting, say) with its own message. A static
 * initializer that throws would leave only {@code NoClassDefFoundError} after the first invocation;
 * the three cloud entry points hold their core in one of these instead.
 */
public final class StartUp<T> {
  private final Supplier<T> start;
  private @Nullable T started;
  private @Nullable RuntimeException failure;

  private StartUp(Supplier<T> start) {
    this.start = start;
  }

  /** Starts when first asked (the Functions Framework and the Azure worker). */
  public static <T> StartUp<T> lazily(Supplier<T> start) {
    return new StartUp<>(start);
  }

  /** Starts now (Lambda's init phase, which SnapStart snapshots), keeping a failure for later. */
  public static <T> StartUp<T> now(Supplier<T> start) {
    StartUp<T> startUp = new StartUp<>(start);
    try {
      startUp.get();
    } catch (RuntimeException kept) {
      // get() throws it again on every invocation
    }
    return startUp;
  }

  /** What the start-up built; or its failure, thrown again. */
  public synchronized T get() {
    T built = started;
    if (built != null) {
      return built;
    }
    RuntimeException failed = failure;
    if (failed != null) {
      throw failed;
    }
    try {
      built = start.get();
    } catch (RuntimeException startup) {
      failure = startup;
      throw startup;
    }
    started = built;
    return built;
  }
}
