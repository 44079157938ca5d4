package io.credwatch.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A field the streaming pass captures from every record, declared by the {@link Shape} that needs
 * it: enough to tell the shape and the operation without building a tree. Records of credential
 * operations are then parsed in full.
 *
 * <p>Two shapes that read the same path share one field. Each field has an index into a per-record
 * array and a bit in a 64-bit mask, so that resetting a {@link Sniff} touches only what it
 * captured.
 */
final class SniffField {
  static final int MAX_FIELDS = Long.SIZE;

  private static final Map<String, SniffField> DECLARED = new LinkedHashMap<>();

  /** How a field's value is kept. */
  enum Kind {
    /** The first value, from a small vocabulary (sources, operations, types): read via a cache. */
    VOCABULARY,
    /** The first value, unbounded (ids, bodies, payloads). */
    RAW,
    /** Every value met (permission lists), pooled in {@link Sniff#permissions()}. */
    EVERY
  }

  private final String path;
  private final Kind kind;
  private final int index;

  private SniffField(String path, Kind kind, int index) {
    this.path = path;
    this.kind = kind;
    this.index = index;
  }

  /** A small-vocabulary text at a dotted path; {@code []} marks an array visited throughout. */
  static SniffField vocabulary(String path) {
    return declare(path, Kind.VOCABULARY);
  }

  /** An id, body or payload at a dotted path. */
  static SniffField raw(String path) {
    return declare(path, Kind.RAW);
  }

  /** Every value at a dotted path ({@code []} marking the arrays). */
  static SniffField every(String path) {
    return declare(path, Kind.EVERY);
  }

  private static synchronized SniffField declare(String path, Kind kind) {
    SniffField known = DECLARED.get(path);
    if (known != null) {
      if (known.kind != kind) {
        throw new IllegalStateException(
            "sniff field " + path + " declared both " + known.kind + " and " + kind);
      }
      return known;
    }
    if (DECLARED.size() == MAX_FIELDS) {
      throw new IllegalStateException("more than " + MAX_FIELDS + " sniff fields");
    }
    SniffField field = new SniffField(path, kind, DECLARED.size());
    DECLARED.put(path, field);
    return field;
  }

  /** Every field the shapes declared so far (all of them, once the shape table is built). */
  static synchronized List<SniffField> declared() {
    return List.copyOf(new ArrayList<>(DECLARED.values()));
  }

  /** The dotted path; {@code []} marks an array whose elements are all visited. */
  String path() {
    return path;
  }

  int index() {
    return index;
  }

  /** True for values drawn from a small vocabulary, which are read through a {@link ValueCache}. */
  boolean fewDistinctValues() {
    return kind == Kind.VOCABULARY;
  }

  /** True for fields that collect every value (permission lists) rather than the first. */
  boolean collectsAll() {
    return kind == Kind.EVERY;
  }

  @Override
  public String toString() {
    return path;
  }
}
