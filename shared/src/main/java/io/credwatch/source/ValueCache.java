package io.credwatch.source;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Returns one {@code String} instance per distinct short value read from a parser's character
 * buffer. The streaming pass reads a few values of every record (event source and name, method,
 * operation), drawn from a small vocabulary; without this, a firehose allocates millions of equal
 * strings. Bounded: when full, or for long values, it simply builds a new string. Not thread-safe:
 * one per thread.
 */
final class ValueCache {
  private static final int MAX_LENGTH = 96;
  private static final int PROBES = 8;
  private static final int SLOTS = 4096;
  // The characters of each cached value beside it, so that a probe is one vectorised comparison.
  private final char[][] keys = new char[SLOTS][];
  private final @Nullable String[] values = new String[SLOTS];
  private int size;

  String get(char[] chars, int offset, int length) {
    if (length == 0 || length > MAX_LENGTH) {
      return new String(chars, offset, length);
    }
    // A cheap hash of length and three characters: the vocabulary is small and probing absorbs
    // the odd collision.
    int hash =
        length * 0x9E3779B1
            + chars[offset] * 31
            + chars[offset + length / 2] * 961
            + chars[offset + length - 1];
    int slot = (hash ^ (hash >>> 13)) & (SLOTS - 1);
    for (int probe = 0; probe < PROBES; probe++) {
      char[] key = keys[slot];
      if (key == null) {
        if (size >= SLOTS / 2) {
          break;
        }
        // Interned, so that the catalogue's maps, keyed by literals, match it by reference.
        String value = new String(chars, offset, length).intern();
        keys[slot] = value.toCharArray();
        values[slot] = value;
        size++;
        return value;
      }
      if (Arrays.equals(key, 0, key.length, chars, offset, offset + length)) {
        return Objects.requireNonNull(values[slot]);
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    return new String(chars, offset, length);
  }

  private record Detail(String service, String operation, String text) {}

  private final @Nullable Detail[] details = new Detail[256];

  /**
   * "service operation", clipped, as the detail of an ignored record: the same few pairs repeat
   * through a stream, so the text is built once per pair (matched by reference) and reused.
   */
  @SuppressWarnings("ReferenceEquality") // values come from this cache: equal ones are the same
  String operationDetail(String service, String operation) {
    int slot =
        (System.identityHashCode(service) * 31 + System.identityHashCode(operation))
            & (details.length - 1);
    Detail detail = details[slot];
    if (detail != null && detail.service() == service && detail.operation() == operation) {
      return detail.text();
    }
    String text =
        service.isEmpty()
            ? Reasons.clip(operation)
            : Reasons.clip(service) + " " + Reasons.clip(operation);
    details[slot] = new Detail(service, operation, text);
    return text;
  }
}
