package io.credwatch.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the streaming pass saw of one record. Reused across records to spare allocations. */
final class Sniff {
  /** The cache that captured small-vocabulary values are read through (one per thread). */
  final ValueCache cache;

  Sniff(ValueCache cache) {
    this.cache = cache;
  }

  // By field index, with a bit per captured field, so that resetting touches only those.
  private final @Nullable String[] values = new String[SniffField.MAX_FIELDS];
  private long captured;
  private final List<String> permissions = new ArrayList<>();
  private int rootKeyCount;
  private long shapeKeys;
  private final Map<String, String> typeErrors = new LinkedHashMap<>();
  private boolean envelope;
  private boolean settledNoise;

  void reset() {
    for (long rest = captured; rest != 0; rest &= rest - 1) {
      values[Long.numberOfTrailingZeros(rest)] = null;
    }
    captured = 0;
    permissions.clear();
    rootKeyCount = 0;
    shapeKeys = 0;
    typeErrors.clear();
    envelope = false;
    settledNoise = false;
  }

  void capture(SniffField field, String value) {
    if (field.collectsAll()) {
      permissions.add(value);
    } else {
      if (!has(field)) {
        values[field.index()] = value;
        captured |= 1L << field.index();
      }
    }
  }

  /** Notes that the member at {@code path} has the wrong JSON type (first note per path wins). */
  void wrongType(String path, String expected, String actual) {
    typeErrors.putIfAbsent(path, "field " + path + " should be " + expected + " but is " + actual);
  }

  /** The type error noted at a path, or null. Only the recognised shape's paths count. */
  @Nullable String typeError(String path) {
    return typeErrors.isEmpty() ? null : typeErrors.get(path);
  }

  @Nullable String typeError(String first, String second) {
    if (typeErrors.isEmpty()) {
      return null;
    }
    String error = typeErrors.get(first);
    return error != null ? error : typeErrors.get(second);
  }

  @Nullable String typeError(String first, String second, String... more) {
    String error = typeError(first, second);
    for (int i = 0; error == null && i < more.length; i++) {
      error = typeErrors.get(more[i]);
    }
    return error;
  }

  void rootKey() {
    rootKeyCount++;
  }

  void markKey(ShapeKey key) {
    shapeKeys |= key.bit();
  }

  /** Notes that the record was found to be a CloudTrail record of a non-credential operation. */
  void markSettledNoise() {
    settledNoise = true;
  }

  boolean isSettledNoise() {
    return settledNoise;
  }

  void markEnvelope() {
    envelope = true;
  }

  /** The captured text, or "" when the record does not have it. */
  String get(SniffField field) {
    String value = values[field.index()];
    return value == null ? "" : value;
  }

  boolean has(SniffField field) {
    return (captured & (1L << field.index())) != 0;
  }

  /** Every permission named in {@code authorizationInfo}, of the record or its CloudEvent data. */
  List<String> permissions() {
    return permissions;
  }

  /** The bits of the shape keys among the record's root members. */
  long keys() {
    return shapeKeys;
  }

  boolean hasKey(ShapeKey key) {
    return (shapeKeys & key.bit()) != 0;
  }

  /** How many root members the record has. */
  int rootKeyCount() {
    return rootKeyCount;
  }

  /** True when the record only wrapped an array of records (an envelope such as Records). */
  boolean isEnvelope() {
    return envelope;
  }
}
