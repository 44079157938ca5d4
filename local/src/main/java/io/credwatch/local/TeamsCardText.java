package io.credwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Teams Workflows message as text for a terminal: the card's headings and facts in order, with
 * the Markdown escapes Teams would swallow removed, and every value made safe to print.
 */
final class TeamsCardText {
  private TeamsCardText() {}

  static List<String> lines(JsonNode message) {
    List<String> lines = new ArrayList<>();
    for (JsonNode attachment : message.path("attachments")) {
      walk(attachment.path("content").path("body"), lines);
    }
    return lines;
  }

  private static void walk(JsonNode elements, List<String> lines) {
    for (JsonNode element : elements) {
      switch (element.path("type").asText()) {
        case "TextBlock" -> {
          String text = element.path("text").asText();
          // Only the heading of a long Markdown block: the first line.
          lines.add(shown(text.lines().findFirst().orElse("")));
        }
        case "FactSet" -> {
          for (JsonNode fact : element.path("facts")) {
            lines.add(
                shown(fact.path("title").asText()) + ": " + shown(fact.path("value").asText()));
          }
        }
        case "Container" -> walk(element.path("items"), lines);
        case "ColumnSet" -> {
          for (JsonNode column : element.path("columns")) {
            walk(column.path("items"), lines);
          }
        }
        default -> {
          // images, action sets: nothing to read in a terminal
        }
      }
    }
  }

  /** The text as Teams shows it (a backslash escapes the next character), safe to print. */
  private static String shown(String markdown) {
    return LocalCloud.safe(markdown.replaceAll("\\\\(.)", "$1"));
  }
}
