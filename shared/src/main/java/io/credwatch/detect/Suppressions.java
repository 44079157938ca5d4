package io.credwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.event.CredentialEvent;
import io.credwatch.json.JsonLimits;
import io.credwatch.rule.Rule;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The configured suppressions (architecture §5): configuration, not code. */
public final class Suppressions {
  private static final Set<String> KEYS =
      Set.of("principal", "rule", "target", "owner", "reason", "expires");
  private final List<Suppression> entries;

  public Suppressions(List<Suppression> entries) {
    this.entries = List.copyOf(entries);
  }

  public static Suppressions none() {
    return new Suppressions(List.of());
  }

  public List<Suppression> entries() {
    return entries;
  }

  /** What the suppressions say of a finding. */
  public record Decision(Optional<Suppression> active, List<Suppression> expired) {
    public Decision {
      expired = List.copyOf(expired);
    }
  }

  public Decision decide(Rule rule, CredentialEvent event, LocalDate today) {
    Suppression active = null;
    List<Suppression> expired = new ArrayList<>();
    for (Suppression suppression : entries) {
      if (!suppression.covers(rule, event)) {
        continue;
      }
      if (suppression.expiredOn(today)) {
        expired.add(suppression);
      } else if (active == null) {
        active = suppression;
      }
    }
    return new Decision(Optional.ofNullable(active), expired);
  }

  /**
   * Parses the JSON form: a list of suppressions, or {@code {"suppressions": [...]}}. Each needs a
   * principal, an owner, a reason and an expiry date ({@code YYYY-MM-DD}).
   *
   * @throws IllegalArgumentException naming the entry and field at fault
   */
  public static Suppressions parse(String json) {
    JsonNode root;
    try {
      root = JsonLimits.defaultMapper().readTree(json);
    } catch (IOException invalid) {
      throw new IllegalArgumentException(
          "not valid JSON: " + String.valueOf(invalid.getMessage()).lines().findFirst().orElse(""));
    }
    if (root == null || root.isMissingNode()) {
      return none();
    }
    JsonNode list = root.isObject() && root.has("suppressions") ? root.get("suppressions") : root;
    if (!list.isArray()) {
      throw new IllegalArgumentException(
          "expected a JSON list of suppressions (or {\"suppressions\": [...]})");
    }
    List<Suppression> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      entries.add(entry(list.get(i), "suppression " + (i + 1)));
    }
    return new Suppressions(entries);
  }

  private static Suppression entry(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new IllegalArgumentException(
            where
                + ": unknown field '"
                + name
                + "' (allowed: "
                + String.join(", ", new java.util.TreeSet<>(KEYS))
                + ")");
      }
    }
    String principal = required(node, "principal", where);
    Optional<String> rule = optional(node, "rule", where);
    if (principal.chars().allMatch(c -> c == '*') && rule.isEmpty()) {
      throw new IllegalArgumentException(
          where + ": a suppression of every principal must name a rule");
    }
    String owner = required(node, "owner", where);
    String reason = required(node, "reason", where);
    String expiresText = required(node, "expires", where);
    LocalDate expires;
    try {
      expires = LocalDate.parse(expiresText);
    } catch (DateTimeParseException notADate) {
      throw new IllegalArgumentException(
          where + ": expires must be a date like 2027-01-31, got '" + expiresText + "'");
    }
    return new Suppression(
        principal, rule, optional(node, "target", where), owner, reason, expires);
  }

  private static String required(JsonNode node, String field, String where) {
    return optional(node, field, where)
        .orElseThrow(() -> new IllegalArgumentException(where + ": '" + field + "' is required"));
  }

  private static Optional<String> optional(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + ": '" + field + "' must be text");
    }
    String text = value.textValue().trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }
}
