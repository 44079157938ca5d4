package io.credwatch.source;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A small direct-mapped memo keyed by the identity of a string: the streaming pass reads the few
 * values it classifies (member names, operation names) through {@link ValueCache} or Jackson's
 * interning, so the same value arrives as the same instance and a lookup after warm-up is one
 * identity hash and one reference comparison. A value arriving as a new instance is computed again,
 * which costs time, never correctness.
 *
 * <p>Safe to share between threads without locks: a slot holds an immutable entry, and a lost
 * update only costs a recomputation.
 */
final class IdentityMemo<V> {
  private record Entry<V>(String key, @Nullable V value) {}

  private final @Nullable Entry<V>[] entries;
  private final Function<String, @Nullable V> compute;

  /**
   * @param slots a power of two
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // generic arrays
  IdentityMemo(int slots, Function<String, @Nullable V> compute) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.entries = new Entry[slots];
    this.compute = compute;
  }

  @SuppressWarnings("ReferenceEquality") // identity is the point
  @Nullable V get(String key) {
    int slot = System.identityHashCode(key) & (entries.length - 1);
    Entry<V> entry = entries[slot];
    if (entry != null && entry.key() == key) {
      return entry.value();
    }
    V value = compute.apply(key);
    entries[slot] = new Entry<>(key, value);
    return value;
  }
}
