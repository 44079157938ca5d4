package io.credwatch.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A root-level member name that tells record shapes apart, declared by the {@link Shape} that looks
 * for it. The streaming pass marks each one it meets in a bit set, during the trie lookup every
 * member gets anyway. Two shapes that look for the same member share one key.
 */
final class ShapeKey {
  private static final Map<String, ShapeKey> DECLARED = new LinkedHashMap<>();

  private final String member;
  private final long bit;

  private ShapeKey(String member, int position) {
    this.member = member;
    this.bit = 1L << position;
  }

  static synchronized ShapeKey of(String member) {
    ShapeKey known = DECLARED.get(member);
    if (known != null) {
      return known;
    }
    if (DECLARED.size() == Long.SIZE) {
      throw new IllegalStateException("more than " + Long.SIZE + " shape keys");
    }
    ShapeKey key = new ShapeKey(member, DECLARED.size());
    DECLARED.put(member, key);
    return key;
  }

  /** The bits of some keys, to test against {@link Sniff#keys()} at once. */
  static long mask(ShapeKey... keys) {
    long mask = 0;
    for (ShapeKey key : keys) {
      mask |= key.bit;
    }
    return mask;
  }

  /** Every key the shapes declared so far (all of them, once the shape table is built). */
  static synchronized List<ShapeKey> declared() {
    return List.copyOf(new ArrayList<>(DECLARED.values()));
  }

  String member() {
    return member;
  }

  /** This key's bit in a {@link Sniff}'s key set. */
  long bit() {
    return bit;
  }

  @Override
  public String toString() {
    return member;
  }
}
