package io.credwatch.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Mutations of one record, byte by byte (flips, odd tokens, cuts, duplications) and structurally
 * (values of the wrong type or out of every range, empty or stray envelopes, members removed,
 * records wrapped in the platforms' envelopes). Deterministic for a given {@link Random}.
 */
final class Mutations {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tokens that broke, or could break, a reader: limits, types, escapes, separators. */
  private static final String[] TOKENS = {
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "1e400",
    "-0",
    "9223372036854775808",
    "null",
    "\\u0000",
    "\\ud800",
    "\u202e",
    "\u2028",
    "\u0085",
    "\n",
    "\r",
    "\t",
    "'MIIEowIBAAKCAQEA'",
    "[".repeat(150),
    "9".repeat(1200),
    "\"Records\":[],",
    "{\"seconds\":1e400}"
  };

  private Mutations() {}

  /** One to four mutations of {@code seed}, chosen by {@code random}. */
  static String mutate(String seed, Random random) {
    String text = seed;
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      text = random.nextInt(3) == 0 ? bytewise(text, random) : structural(text, random);
    }
    return text;
  }

  static String bytewise(String text, Random random) {
    if (text.isEmpty()) {
      return TOKENS[random.nextInt(TOKENS.length)];
    }
    int at = random.nextInt(text.length());
    int end = Math.min(text.length(), at + 1 + random.nextInt(64));
    return switch (random.nextInt(6)) {
      case 0 ->
          text.substring(0, at)
              + (char) (text.charAt(at) ^ (1 << random.nextInt(7)))
              + text.substring(at + 1);
      case 1 -> text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at);
      case 2 -> text.substring(0, at) + text.substring(end);
      case 3 -> text.substring(0, end) + text.substring(at, end) + text.substring(end);
      case 4 -> text.substring(0, at);
      default ->
          text.substring(0, at)
              + text.substring(at, end).toUpperCase(java.util.Locale.ROOT)
              + text.substring(end);
    };
  }

  static String structural(String text, Random random) {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (IOException notJson) {
      return bytewise(text, random);
    }
    if (tree == null || !tree.isContainerNode()) {
      return bytewise(text, random);
    }
    List<JsonNode> containers = new ArrayList<>();
    collect(tree, containers);
    JsonNode container = containers.get(random.nextInt(containers.size()));
    switch (random.nextInt(5)) {
      case 0 -> replaceValue(container, random);
      case 1 -> {
        if (container instanceof ObjectNode object) {
          object.set(
              random.nextBoolean() ? "Records" : "records",
              random.nextBoolean() ? JSON.createArrayNode() : odd(random));
        }
      }
      case 2 -> {
        if (container instanceof ObjectNode object && object.size() > 0) {
          List<String> names = new ArrayList<>();
          object.fieldNames().forEachRemaining(names::add);
          object.remove(names.get(random.nextInt(names.size())));
        } else if (container instanceof ArrayNode array && array.size() > 0) {
          array.remove(random.nextInt(array.size()));
        }
      }
      case 3 -> {
        return wrap(tree, random);
      }
      default -> replaceValue(container, random);
    }
    return tree.toString();
  }

  private static void collect(JsonNode node, List<JsonNode> containers) {
    if (node.isContainerNode()) {
      containers.add(node);
      node.forEach(child -> collect(child, containers));
    }
  }

  private static void replaceValue(JsonNode container, Random random) {
    if (container instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      object.set(names.get(random.nextInt(names.size())), odd(random));
    } else if (container instanceof ArrayNode array && array.size() > 0) {
      array.set(random.nextInt(array.size()), odd(random));
    }
  }

  /** A value of another type, or outside every range a reader expects. */
  static JsonNode odd(Random random) {
    String json =
        switch (random.nextInt(16)) {
          case 0 -> "1e400";
          case 1 -> "-9223372036854775809";
          case 2 -> "\"\"";
          case 3 -> "\"admin\\u202egpj.exe https://evil.example/ack www.evil.example\"";
          case 4 -> "[]";
          case 5 -> "{}";
          case 6 -> "null";
          case 7 -> "true";
          case 8 -> "[".repeat(60) + "]".repeat(60);
          case 9 -> "{\"seconds\":1e400,\"nanos\":-5}";
          case 10 -> "\"" + "x".repeat(5000 + random.nextInt(20000)) + "\"";
          case 11 -> "\"2026-13-45T99:99:99Z\"";
          case 12 -> "\"x\\\",\\\"issuer\\\":\\\"https://evil.example\"";
          case 13 -> "[1,\"a\",{},[],null]";
          case 14 -> "0.0000000000000000000001";
          default -> "\"<at>all</at> [x](https://evil.example) **bold** {{DATE}}\"";
        };
    try {
      return JSON.readTree(json);
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The record inside an envelope a platform or an export uses. */
  private static String wrap(JsonNode record, Random random) {
    String text = record.toString();
    return switch (random.nextInt(5)) {
      case 0 -> "{\"Records\":[" + text + "]}";
      case 1 -> "{\"records\":[" + text + "," + text + "]}";
      case 2 ->
          "{\"Records\":[{\"messageId\":\"m-1\",\"eventSource\":\"aws:sqs\",\"body\":"
              + JSON.getNodeFactory().textNode(text)
              + "}]}";
      case 3 ->
          "{\"message\":{\"data\":\""
              + Base64.getEncoder()
                  .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              + "\",\"messageId\":\"1\"},\"subscription\":\"projects/p/subscriptions/s\"}";
      default -> "{\"value\":[" + text + "]}";
    };
  }
}
