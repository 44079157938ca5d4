package io.credwatch.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.event.Actor;
import io.credwatch.event.Credential;
import io.credwatch.event.RecordLocation;
import io.credwatch.event.Target;
import io.credwatch.json.JsonLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert as one JSON document (architecture §7). Keys are always present; an unknown value is
 * JSON {@code null}. JSON escaping neutralises every string for JSON consumers; the raw values are
 * kept so that downstream tools can match on them exactly.
 */
public final class AlertJson {
  private static final ObjectMapper MAPPER = JsonLimits.defaultMapper();

  /**
   * Writes alert documents: besides JSON's own escapes, every character that changes how text
   * around it reads (C1 controls, bidirectional overrides and isolates, line and paragraph
   * separators, invisible marks) becomes a backslash-u escape, so a viewer, a pager or an email
   * client that shows the document as text shows the escape, not the effect.
   */
  private static final com.fasterxml.jackson.databind.ObjectWriter WRITER =
      MAPPER.writer().with(new TextSafeEscapes());

  static final class TextSafeEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public com.fasterxml.jackson.core.@org.jspecify.annotations.Nullable SerializableString
        getEscapeSequence(int ch) {
      return changesTheTextAround(ch)
          ? new com.fasterxml.jackson.core.io.SerializedString(
              String.format(java.util.Locale.ROOT, "\\u%04x", ch))
          : null;
    }

    static boolean changesTheTextAround(int ch) {
      return (ch >= 0x80 && ch <= 0x9f)
          || ch == 0x061c
          || (ch >= 0x200b && ch <= 0x200f)
          || (ch >= 0x2028 && ch <= 0x202e)
          || (ch >= 0x2060 && ch <= 0x2069)
          || ch == 0xfeff;
    }
  }

  private AlertJson() {}

  public static ObjectNode toNode(Alert alert) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", Alert.SCHEMA_VERSION);
    root.put("id", alert.id());
    root.put("ruleId", alert.ruleId());
    root.put("rule", alert.ruleName());
    root.put("title", alert.title());
    root.put("severity", alert.severity().id());
    root.put("cloud", alert.cloud().id());
    text(root, "account", alert.account());
    text(root, "region", alert.region());
    root.set("actor", actor(alert.actor()));
    root.set("target", target(alert.target()));
    root.set("credential", credential(alert.credential()));
    text(root, "sourceIp", alert.sourceIp());
    text(root, "userAgent", alert.userAgent());
    time(root, "eventTime", alert.eventTime());
    root.put("detectedAt", alert.detectedAt().toString());
    strings(root.putArray("reasons"), alert.reasons());
    ObjectNode attack = root.putObject("attack");
    attack.put("technique", Alert.TECHNIQUE);
    attack.put("name", Alert.TECHNIQUE_NAME);
    strings(attack.putArray("tactics"), Alert.tactics());
    strings(attack.putArray("techniques"), alert.techniques());
    ObjectNode remediation = root.putObject("remediation");
    remediation.put("mode", alert.remediation().mode());
    text(remediation, "action", alert.remediation().action());
    remediation.put("outcome", alert.remediation().outcome());
    text(remediation, "detail", alert.remediation().detail());
    text(remediation, "undo", alert.remediation().undo());
    strings(remediation.putArray("permissions"), alert.remediation().permissions());
    ArrayNode links = root.putArray("links");
    for (Alert.Link link : alert.links()) {
      links.addObject().put("title", link.title()).put("url", link.url());
    }
    ObjectNode event = root.putObject("event");
    event.put("source", alert.event().source());
    text(event, "id", alert.event().id());
    text(event, "correlationId", alert.event().correlationId());
    event.put("operation", alert.event().operation());
    event.put("success", alert.event().success());
    text(event, "errorCode", alert.event().errorCode());
    analytic(root, alert.analytic());
    firstUse(root, alert.firstUse());
    strings(root.putArray("triage"), alert.triage());
    strings(root.putArray("notes"), alert.notes());
    if (alert.suppression().isPresent()) {
      Alert.SuppressionFacts facts = alert.suppression().get();
      root.putObject("suppression")
          .put("principal", facts.principal())
          .put("owner", facts.owner())
          .put("reason", facts.reason())
          .put("expires", facts.expires());
    } else {
      root.putNull("suppression");
    }
    if (alert.input().isPresent()) {
      RecordLocation input = alert.input().get();
      ObjectNode node = root.putObject("input");
      node.put("file", input.file());
      node.put("index", input.index());
      if (input.line() > 0) {
        node.put("line", input.line());
      } else {
        node.putNull("line");
      }
      text(node, "path", input.path());
      text(node, "deliveryId", input.deliveryId());
    }
    return root;
  }

  /** The credential's first use ({@code null} until it is known); absent values are null. */
  private static void firstUse(ObjectNode root, Optional<FirstUse> firstUse) {
    if (firstUse.isEmpty()) {
      root.putNull("firstUse");
      return;
    }
    FirstUse use = firstUse.get();
    ObjectNode node = root.putObject("firstUse");
    node.put("used", use.used());
    node.put("learnedFrom", use.learnedFrom());
    node.put("window", use.window());
    time(node, "at", use.at());
    if (use.afterCreation().isPresent()) {
      node.put("secondsAfterCreation", use.afterCreation().get().toSeconds());
      node.put("afterCreation", FirstUse.describe(use.afterCreation().get()));
    } else {
      node.putNull("secondsAfterCreation");
      node.putNull("afterCreation");
    }
    text(node, "sourceIp", use.sourceIp());
    text(node, "creatorIp", use.creatorIp());
    if (use.sourceIp().isEmpty() || use.creatorIp().isEmpty()) {
      node.putNull("fromAnotherSource");
    } else {
      node.put("fromAnotherSource", use.fromAnotherSource());
    }
    text(node, "userAgent", use.userAgent());
    text(node, "via", use.via());
    text(node, "location", use.location());
    text(node, "resource", use.resource());
    text(node, "result", use.result());
    strings(node.putArray("firstHour"), use.firstHour());
    node.put("uses", use.uses());
  }

  /**
   * The Sentinel analytic's columns under its names ({@code null} when the alert is not from
   * Entra): {@code credentialType}, {@code InitiatingApp}, {@code InitiatingIPAddress}, {@code
   * CorrelationId} and the {@code flags} object.
   */
  private static void analytic(ObjectNode root, Optional<AnalyticFields> analytic) {
    if (analytic.isEmpty()) {
      root.putNull("credentialType");
      root.putNull("InitiatingApp");
      root.putNull("InitiatingIPAddress");
      root.putNull("CorrelationId");
      root.putNull("flags");
      return;
    }
    AnalyticFields fields = analytic.get();
    root.put("credentialType", fields.credentialType());
    text(root, "InitiatingApp", fields.initiatingApp());
    text(root, "InitiatingIPAddress", fields.initiatingIpAddress());
    text(root, "CorrelationId", fields.correlationId());
    root.putObject("flags")
        .put("IsServiceAccount", fields.isServiceAccount())
        .put("IsSelfModification", fields.isSelfModification())
        .put("IsHighPrivTarget", fields.isHighPrivTarget());
  }

  /** One line of JSON. */
  public static String render(Alert alert) {
    try {
      return WRITER.writeValueAsString(toNode(alert));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a tree always serializes", impossible);
    }
  }

  /**
   * One line of JSON of at most {@code maxBytes} UTF-8 bytes, for sinks with a size limit (SNS: 256
   * KiB). An oversized alert comes from attacker-sized strings (a user agent, a key description):
   * those are clipped, first to 1,024 characters, then to 128; ids and other short values are never
   * touched.
   *
   * @throws IllegalStateException when even the clipped alert is too large (a limit below a few
   *     KiB)
   */
  public static String renderWithin(Alert alert, int maxBytes) {
    return renderWithin(() -> toNode(alert), alert.id(), maxBytes);
  }

  /** Any rendering of alert {@code id} (the document, OCSF) within {@code maxBytes}, clipped. */
  static String renderWithin(
      java.util.function.Supplier<ObjectNode> rendering, String id, int maxBytes) {
    String full = write(rendering.get());
    if (utf8Length(full) <= maxBytes) {
      return full;
    }
    for (int keep : new int[] {1024, 128}) {
      ObjectNode node = rendering.get();
      clipStrings(node, keep);
      String clipped = write(node);
      if (utf8Length(clipped) <= maxBytes) {
        return clipped;
      }
    }
    throw new IllegalStateException(
        "alert " + id + " does not fit in " + maxBytes + " bytes even when clipped");
  }

  private static void clipStrings(com.fasterxml.jackson.databind.JsonNode node, int keep) {
    if (node instanceof ObjectNode object) {
      for (var field : object.properties()) {
        if (field.getValue().isTextual() && field.getValue().asText().length() > keep) {
          field.setValue(object.textNode(clipText(field.getValue().asText(), keep)));
        } else {
          clipStrings(field.getValue(), keep);
        }
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual() && array.get(i).asText().length() > keep) {
          array.set(i, array.textNode(clipText(array.get(i).asText(), keep)));
        } else {
          clipStrings(array.get(i), keep);
        }
      }
    }
  }

  private static String clipText(String text, int keep) {
    int end = Character.isHighSurrogate(text.charAt(keep - 1)) ? keep - 1 : keep;
    return text.substring(0, end) + "… [clipped from " + text.length() + " characters]";
  }

  /** One line of JSON, with the escapes of every alert rendering. */
  static String write(ObjectNode node) {
    try {
      return WRITER.writeValueAsString(node);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a tree always serializes", impossible);
    }
  }

  private static int utf8Length(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** Any value (maps, lists, strings) as one line of JSON, for request bodies of sinks. */
  public static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("plain values always serialize", impossible);
    }
  }

  private static ObjectNode actor(Actor actor) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("kind", actor.kind().id());
    text(node, "id", actor.id());
    text(node, "name", actor.name());
    text(node, "principal", actor.principal());
    text(node, "account", actor.account());
    text(node, "sessionIssuer", actor.sessionIssuer());
    text(node, "credentialUsed", actor.credentialUsed());
    return node;
  }

  private static ObjectNode target(Target target) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("kind", target.kind().id());
    text(node, "id", target.id());
    text(node, "name", target.name());
    text(node, "account", target.account());
    return node;
  }

  private static ObjectNode credential(Credential credential) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("kind", credential.kind().id());
    text(node, "id", credential.id());
    text(node, "displayName", credential.displayName());
    time(node, "createdAt", credential.createdAt());
    time(node, "expiresAt", credential.expiresAt());
    text(node, "issuer", credential.issuer());
    ObjectNode details = node.putObject("details");
    for (Map.Entry<String, String> detail : credential.details().entrySet()) {
      details.put(detail.getKey(), detail.getValue());
    }
    return node;
  }

  private static void text(ObjectNode node, String name, String value) {
    if (value.isEmpty()) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }

  private static void time(ObjectNode node, String name, Optional<Instant> value) {
    if (value.isPresent()) {
      node.put(name, value.get().toString());
    } else {
      node.putNull(name);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
