package io.credwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Typed, tolerant access to audit-record trees.
 *
 * <p>Absent and JSON {@code null} both read as "absent". A number or boolean where text is expected
 * is accepted as its text (Panther and other pipelines retype ids). An object or array where a
 * scalar is expected, or a scalar where an object is expected, is a {@link WrongTypeException}: the
 * record is malformed and is reported as such.
 */
final class Nodes {
  private Nodes() {}

  /** The member at {@code path}, or a missing node; intermediate members must be objects. */
  static JsonNode at(JsonNode root, String... path) {
    return locate(root, path).node();
  }

  /** A node, and where it is: the member {@code name} of {@code parent} (null for the root). */
  private record Located(JsonNode node, @Nullable ObjectNode parent, String name) {
    WrongTypeException wrong(String path, String expected) {
      return new WrongTypeException(path, expected, describe(node), parent, name);
    }
  }

  private static Located locate(JsonNode root, String... path) {
    JsonNode node = root;
    ObjectNode parent = null;
    String member = "";
    StringBuilder walked = new StringBuilder();
    for (String name : path) {
      if (node.isMissingNode() || node.isNull()) {
        return new Located(MissingNode.getInstance(), null, "");
      }
      if (!node.isObject()) {
        // The path is relative to the node the caller gave: name the first member it wanted.
        throw new WrongTypeException(
            walked.length() == 0 ? "holding " + name : walked.toString(),
            "an object",
            describe(node),
            parent,
            member);
      }
      if (walked.length() > 0) {
        walked.append('.');
      }
      walked.append(name);
      parent = (ObjectNode) node;
      member = name;
      JsonNode next = node.get(name);
      node = next == null ? MissingNode.getInstance() : next;
    }
    return new Located(node, parent, member);
  }

  /** The text at {@code path}, or "" when absent or null. */
  static String text(JsonNode root, String... path) {
    Located found = locate(root, path);
    if (found.node().isContainerNode()) {
      throw found.wrong(String.join(".", path), "text");
    }
    return scalarText(found.node(), String.join(".", path));
  }

  /** The first non-empty text among several alternative member names of the same object. */
  static String firstText(JsonNode object, String... names) {
    for (String name : names) {
      String value = text(object, name);
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "";
  }

  /** The object at {@code path}, or a missing node when absent or null. */
  static JsonNode object(JsonNode root, String... path) {
    Located found = locate(root, path);
    JsonNode node = found.node();
    if (node.isMissingNode() || node.isNull()) {
      return MissingNode.getInstance();
    }
    if (!node.isObject()) {
      throw found.wrong(String.join(".", path), "an object");
    }
    return node;
  }

  /** The elements of the array at {@code path}; empty when absent or null. */
  static List<JsonNode> array(JsonNode root, String... path) {
    Located found = locate(root, path);
    JsonNode node = found.node();
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw found.wrong(String.join(".", path), "an array");
    }
    List<JsonNode> elements = new ArrayList<>(node.size());
    node.forEach(elements::add);
    return elements;
  }

  /** The boolean at {@code path}: JSON true/false or the texts "true"/"false"; else absent. */
  static Tristate bool(JsonNode root, String... path) {
    Located found = locate(root, path);
    JsonNode node = found.node();
    if (node.isBoolean()) {
      return node.booleanValue() ? Tristate.TRUE : Tristate.FALSE;
    }
    if (node.isTextual()) {
      String value = node.textValue().trim().toLowerCase(Locale.ROOT);
      if (value.equals("true")) {
        return Tristate.TRUE;
      }
      if (value.equals("false")) {
        return Tristate.FALSE;
      }
    }
    if (node.isContainerNode()) {
      throw found.wrong(String.join(".", path), "a boolean");
    }
    return Tristate.ABSENT;
  }

  static String scalarText(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) {
      return "";
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    throw new WrongTypeException(path, "text", describe(node));
  }

  static String describe(JsonNode node) {
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }

  /** A boolean that may be absent. */
  enum Tristate {
    TRUE,
    FALSE,
    ABSENT;

    boolean isTrue() {
      return this == TRUE;
    }

    boolean isFalse() {
      return this == FALSE;
    }

    /** "true", "false" or "" for attributes. */
    String text() {
      return this == ABSENT ? "" : Boolean.toString(this == TRUE);
    }
  }
}
