package io.credwatch.source;

import java.util.ArrayList;
import java.util.EnumMap;
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

  private final EnumMap<SniffField, String> values = new EnumMap<>(SniffField.class);
  private final List<String> permissions = new ArrayList<>();
  private int rootKeyCount;
  private int shapeKeys;
  private final Map<String, String> typeErrors = new LinkedHashMap<>();
  private boolean envelope;

  void reset() {
    values.clear();
    permissions.clear();
    rootKeyCount = 0;
    shapeKeys = 0;
    typeErrors.clear();
    envelope = false;
  }

  void capture(SniffField field, String value) {
    if (field.collectsAll()) {
      permissions.add(value);
    } else {
      values.putIfAbsent(field, value);
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

  void markEnvelope() {
    envelope = true;
  }

  /** The captured text, or "" when the record does not have it. */
  String get(SniffField field) {
    return values.getOrDefault(field, "");
  }

  boolean has(SniffField field) {
    return values.containsKey(field);
  }

  /** Every permission named in {@code authorizationInfo}, of the record or its CloudEvent data. */
  List<String> permissions() {
    return permissions;
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
