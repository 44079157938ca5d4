package io.credwatch.source;

import static io.credwatch.source.Nodes.array;
import static io.credwatch.source.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of an Entra audit record's {@code modifiedProperties}: Entra logs each old and new
 * value as JSON text (a quoted string, a list of {@code [KeyIdentifier=...,KeyType=...]} strings,
 * an array in a string), which these read back. Attacker-written display names travel inside them.
 */
final class EntraValues {
  private static final ObjectMapper VALUES = JsonLimits.defaultMapper();
  private static final Pattern KEY_FIELD =
      Pattern.compile(
          "(KeyIdentifier|KeyType|KeyUsage|DisplayName)=(.*?)(?=,(?:KeyIdentifier|KeyType|KeyUsage|DisplayName)=|$)");

  private EntraValues() {}

  static Optional<JsonNode> modifiedProperty(JsonNode target, String name) {
    for (JsonNode property : array(target, "modifiedProperties")) {
      if (text(property, "displayName").equals(name)) {
        return Optional.of(property);
      }
    }
    return Optional.empty();
  }

  static String modifiedValue(JsonNode target, String name) {
    return modifiedProperty(target, name).map(p -> text(p, "newValue")).orElse("");
  }

  static String firstModified(JsonNode target, String... names) {
    for (String name : names) {
      String value = decodeValue(modifiedValue(target, name));
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "";
  }

  /** Entra logs modified values as JSON text ({@code "\"KeyDescription\""}); read it back. */
  static String decodeValue(String value) {
    String trimmed = value.trim();
    if (trimmed.startsWith("\"")) {
      try {
        JsonNode node = VALUES.readTree(trimmed);
        if (node.isTextual()) {
          return node.textValue();
        }
      } catch (IOException notJson) {
        return trimmed;
      }
    }
    return trimmed;
  }

  /** One entry of a {@code KeyDescription} list. */
  record Key(String id, String type, String usage, String displayName) {}

  /**
   * The keys of a {@code KeyDescription} value: a JSON array of strings like {@code
   * [KeyIdentifier=<guid>,KeyType=Password,KeyUsage=Verify,DisplayName=<text>]}. Null or empty
   * means no keys; anything else that is not in that format is empty (unparsed).
   */
  static Optional<List<Key>> keys(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty() || trimmed.equals("null") || trimmed.equals("[]")) {
      return Optional.of(List.of());
    }
    JsonNode array;
    try {
      array = VALUES.readTree(trimmed);
    } catch (IOException notJson) {
      return Optional.empty();
    }
    if (array == null || !array.isArray()) {
      return Optional.empty();
    }
    List<Key> keys = new ArrayList<>();
    for (JsonNode entry : array) {
      if (!entry.isTextual()) {
        return Optional.empty();
      }
      String text = entry.textValue().trim();
      if (text.startsWith("[") && text.endsWith("]")) {
        text = text.substring(1, text.length() - 1);
      }
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher matcher = KEY_FIELD.matcher(text);
      while (matcher.find()) {
        fields.putIfAbsent(matcher.group(1), matcher.group(2));
      }
      String id = fields.getOrDefault("KeyIdentifier", "");
      if (id.isEmpty()) {
        return Optional.empty();
      }
      keys.add(
          new Key(
              id,
              fields.getOrDefault("KeyType", ""),
              fields.getOrDefault("KeyUsage", ""),
              fields.getOrDefault("DisplayName", "")));
    }
    return Optional.of(keys);
  }

  static List<JsonNode> jsonArray(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty() || trimmed.equals("null")) {
      return List.of();
    }
    try {
      JsonNode node = VALUES.readTree(trimmed);
      if (node != null && node.isTextual()) {
        node = VALUES.readTree(node.textValue());
      }
      if (node == null || !node.isArray()) {
        throw new WrongTypeException("FederatedIdentityCredentials", "a JSON array", "other text");
      }
      List<JsonNode> elements = new ArrayList<>();
      node.forEach(elements::add);
      return elements;
    } catch (IOException notJson) {
      throw new WrongTypeException(
          "FederatedIdentityCredentials", "a JSON array", "unreadable text");
    }
  }
}
