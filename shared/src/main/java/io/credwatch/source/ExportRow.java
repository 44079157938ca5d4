package io.credwatch.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.json.JsonLimits;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One row of an exported table (Log Analytics, Defender advanced hunting, BigQuery, CloudTrail
 * Lake) read by column name, whatever the exporter did to it: names compared without regard to case
 * or a unit suffix ({@code TimeGenerated [UTC]} in the portal's CSV), and dynamic columns given as
 * objects or as JSON text ({@code az monitor log-analytics query} prints every value as text).
 */
final class ExportRow {
  private static final ObjectMapper VALUES = JsonLimits.defaultMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, JsonNode> columns = new HashMap<>();

  ExportRow(JsonNode row) {
    for (Map.Entry<String, JsonNode> column : row.properties()) {
      columns.putIfAbsent(normalize(column.getKey()), column.getValue());
    }
  }

  private static String normalize(String name) {
    String plain = name.trim();
    int unit = plain.indexOf(" [");
    if (unit > 0 && plain.endsWith("]")) {
      plain = plain.substring(0, unit);
    }
    return plain.toLowerCase(Locale.ROOT);
  }

  /** The first of the columns that has a value (not null, not empty text), or a missing node. */
  JsonNode get(String... names) {
    for (String name : names) {
      JsonNode value = columns.get(normalize(name));
      if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
        return value;
      }
    }
    return MissingNode.getInstance();
  }

  /** The first of the columns as text ("" when none has a value). */
  String text(String... names) {
    JsonNode value = get(names);
    return value.isValueNode() ? value.asText().trim() : "";
  }

  /** The first of the columns as a dynamic value: an object or array, or the JSON in its text. */
  JsonNode dynamic(String... names) {
    return dynamic(get(names));
  }

  /** An object or array as it is; text holding JSON parsed; anything else as it is. */
  static JsonNode dynamic(JsonNode value) {
    if (!value.isTextual()) {
      return value;
    }
    String text = value.textValue().trim();
    if (!(text.startsWith("{") || text.startsWith("["))) {
      return value;
    }
    try {
      return VALUES.readTree(text);
    } catch (JsonProcessingException notJson) {
      return value;
    }
  }

  /** Puts a value unless it is missing or null, so the rewritten record stays minimal. */
  static void put(ObjectNode target, String name, JsonNode value) {
    if (!value.isMissingNode() && !value.isNull()) {
      target.set(name, value);
    }
  }

  /** Puts a text unless it is empty. */
  static void put(ObjectNode target, String name, String value) {
    if (!value.isEmpty()) {
      target.put(name, value);
    }
  }
}
