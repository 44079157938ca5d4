package io.credwatch.source;

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
  private final @Nullable String[] table = new String[4096];
  private int size;

  String get(char[] chars, int offset, int length) {
    if (length > MAX_LENGTH) {
      return new String(chars, offset, length);
    }
    int hash = 0;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + chars[offset + i];
    }
    int mask = table.length - 1;
    int slot = (hash ^ (hash >>> 16)) & mask;
    for (int probe = 0; probe < PROBES; probe++) {
      String cached = table[slot];
      if (cached == null) {
        String value = new String(chars, offset, length);
        if (size < table.length / 2) {
          table[slot] = value;
          size++;
        }
        return value;
      }
      if (sameChars(cached, chars, offset, length)) {
        return cached;
      }
      slot = (slot + 1) & mask;
    }
    return new String(chars, offset, length);
  }

  private static boolean sameChars(String text, char[] chars, int offset, int length) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }
}
