package io.credwatch.source;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the streaming pass saw of one record. Reused across records to spare allocations. */
final class Sniff {
  private final EnumMap<SniffField, String> values = new EnumMap<>(SniffField.class);
  private final List<String> permissions = new ArrayList<>();
  private final List<String> rootKeys = new ArrayList<>();
  private final Map<String, String> typeErrors = new LinkedHashMap<>();
  private boolean envelope;

  void reset() {
    values.clear();
    permissions.clear();
    rootKeys.clear();
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

  /** The type error noted at any of the paths, or null. Only the recognised shape's paths count. */
  @Nullable String typeError(String... paths) {
    for (String path : paths) {
      String error = typeErrors.get(path);
      if (error != null) {
        return error;
      }
    }
    return null;
  }

  void rootKey(String name) {
    rootKeys.add(name);
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

  boolean hasKey(String name) {
    for (String key : rootKeys) {
      if (key.equals(name)) {
        return true;
      }
    }
    return false;
  }

  List<String> rootKeys() {
    return rootKeys;
  }

  /** True when the record only wrapped an array of records (an envelope such as Records). */
  boolean isEnvelope() {
    return envelope;
  }
}
