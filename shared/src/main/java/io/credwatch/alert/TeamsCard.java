package io.credwatch.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.json.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The alert as a Microsoft Teams Workflows message: the {@code message} envelope with one Adaptive
 * Card (1.4) attachment, under the ~28 KB a Teams post accepts.
 *
 * <p>Layout for the on-call engineer: severity, cloud and title in a coloured header; one sentence
 * saying who added which credential to what; facts (who, from where, what, on which identity, when,
 * why this severity, what CredWatch did, how to undo it); the rule's triage steps; console buttons.
 * Caller-controlled text is escaped with {@link UntrustedText#teams}; buttons only ever carry URLs
 * built by {@link ConsoleLinks}.
 */
public final class TeamsCard {
  /** Teams rejects posts above about 28 KB; stay clear of it. */
  public static final int MAX_BYTES = 27 * 1024;

  private static final ObjectMapper MAPPER = JsonLimits.defaultMapper();
  private static final int MAX_ACTIONS = 5;

  private TeamsCard() {}

  /** The message, shrinking long fields until it fits {@link #MAX_BYTES}. */
  public static ObjectNode message(Alert alert) {
    // Fields and button URLs both shrink: a URL carries attacker-chosen names (a user, a key
    // label) and counts towards Teams' limit like any text.
    for (int[] step : new int[][] {{400, 4000}, {160, 2000}, {60, 1000}}) {
      ObjectNode message = message(alert, step[0], step[0] >= 160, step[1]);
      if (size(message) <= MAX_BYTES) {
        return message;
      }
    }
    return message(alert, 40, false, 0);
  }

  public static String render(Alert alert) {
    try {
      return MAPPER.writeValueAsString(message(alert));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a tree always serializes", impossible);
    }
  }

  private static ObjectNode message(Alert alert, int limit, boolean withTriage, int maxUrl) {
    ObjectNode message = MAPPER.createObjectNode();
    message.put("type", "message");
    ObjectNode attachment = message.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.putObject("msteams").put("width", "Full");
    ArrayNode body = card.putArray("body");

    ObjectNode header = body.addObject();
    header.put("type", "Container");
    header.put("style", style(alert.severity()));
    header.put("bleed", true);
    ArrayNode headerItems = header.putArray("items");
    textBlock(
            headerItems,
            alert.severity().id().toUpperCase(Locale.ROOT)
                + " · "
                + alert.cloud().id().toUpperCase(Locale.ROOT)
                + " · "
                + UntrustedText.teams(alert.title(), limit))
        .put("weight", "Bolder")
        .put("size", "Medium");
    textBlock(headerItems, UntrustedText.teams(AlertText.headline(alert), limit * 2));
    // A follow-up says first what it adds: when, and from where, the credential was first used.
    alert
        .firstUse()
        .ifPresent(
            use ->
                textBlock(headerItems, UntrustedText.teams(use.headline(), limit * 2))
                    .put("weight", "Bolder"));

    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    fact(facts, "Who", alert.actor().kind().id() + " " + alert.actor().displayName(), limit);
    List<String> from = new ArrayList<>();
    if (!alert.sourceIp().isEmpty()) {
      from.add(alert.sourceIp());
    }
    if (!alert.userAgent().isEmpty()) {
      from.add(alert.userAgent());
    }
    if (!from.isEmpty()) {
      fact(facts, "From", String.join(" · ", from), limit);
    }
    String credentialId =
        alert.credential().id().isEmpty() ? "(not named in the record)" : alert.credential().id();
    fact(facts, "Credential", alert.credential().kind().id() + " " + credentialId, limit);
    String label = alert.credential().displayName();
    // A label that only names the kind again ("access key" for access-key) tells nothing new.
    if (!label.isEmpty()
        && !label.replace(' ', '-').equalsIgnoreCase(alert.credential().kind().id())) {
      fact(facts, "Label", label, limit);
    }
    if (!alert.credential().issuer().isEmpty()) {
      fact(facts, "Trusts issuer", alert.credential().issuer(), limit);
    }
    String target = alert.target().kind().id() + " " + alert.target().displayName();
    if (!alert.target().id().isEmpty() && !alert.target().id().equals(alert.target().name())) {
      target += " (" + alert.target().id() + ")";
    }
    fact(facts, "On", target, limit);
    String where = alert.account() + (alert.region().isEmpty() ? "" : " · " + alert.region());
    if (!where.isBlank()) {
      fact(facts, "Account", where, limit);
    }
    alert.eventTime().ifPresent(time -> fact(facts, "When", time.toString(), limit));
    // Each reason starts with the severity it sets ("high: ..."), so the title does not repeat it.
    fact(facts, "Why", String.join(" · ", alert.reasons()), limit * 3);
    alert
        .firstUse()
        .ifPresent(
            use -> use.facts().forEach(f -> fact(facts, f.getKey(), f.getValue(), limit * 2)));
    Alert.Remediation remediation = alert.remediation();
    String done =
        remediation.outcome() + (remediation.detail().isEmpty() ? "" : ": " + remediation.detail());
    fact(facts, "CredWatch did", done, limit * 2);
    if (!remediation.undo().isEmpty()) {
      fact(facts, "Undo", remediation.undo(), limit * 2);
    }
    for (String note : alert.notes()) {
      fact(facts, "Note", note, limit * 2);
    }
    alert
        .suppression()
        .ifPresent(
            s ->
                fact(
                    facts,
                    "Suppressed",
                    s.principal()
                        + " by "
                        + s.owner()
                        + " until "
                        + s.expires()
                        + ": "
                        + s.reason(),
                    limit));
    fact(facts, "Rule", alert.ruleName(), limit);
    fact(facts, "Alert id", alert.id(), limit);

    if (withTriage && !alert.triage().isEmpty()) {
      StringBuilder steps = new StringBuilder("**First steps**");
      for (String step : alert.triage()) {
        steps.append("\n\n- ").append(UntrustedText.teams(step, limit * 2));
      }
      textBlock(body, steps.toString()).put("spacing", "Medium");
    }

    ArrayNode actions = card.putArray("actions");
    int leftOut = 0;
    for (Alert.Link link : alert.links().subList(0, Math.min(MAX_ACTIONS, alert.links().size()))) {
      if (link.url().length() > maxUrl) {
        leftOut++;
        continue;
      }
      actions
          .addObject()
          .put("type", "Action.OpenUrl")
          .put("title", UntrustedText.label(link.title(), 60))
          .put("url", link.url());
    }
    if (leftOut > 0) {
      textBlock(
          body,
          leftOut
              + " console link"
              + (leftOut == 1 ? " was" : "s were")
              + " left out to fit Teams' size limit: the alert document has "
              + (leftOut == 1 ? "it" : "them"));
    }
    return message;
  }

  private static ObjectNode textBlock(ArrayNode container, String text) {
    return container.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
  }

  private static void fact(ArrayNode facts, String title, String value, int limit) {
    facts.addObject().put("title", title).put("value", UntrustedText.teams(value, limit));
  }

  private static String style(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "attention";
      case MEDIUM -> "warning";
      case LOW -> "accent";
      case INFO -> "default";
    };
  }

  static int size(ObjectNode message) {
    try {
      return MAPPER.writeValueAsString(message).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a tree always serializes", impossible);
    }
  }
}
