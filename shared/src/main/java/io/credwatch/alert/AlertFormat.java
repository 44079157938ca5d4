package io.credwatch.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The form of an alert in the machine-read sinks (SNS, Pub/Sub) and in {@code scan --format}:
 * CredWatch's own alert document, or an OCSF Detection Finding ({@link OcsfFinding}).
 */
public enum AlertFormat {
  CREDWATCH("credwatch"),
  OCSF("ocsf");

  private final String id;

  AlertFormat(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<AlertFormat> fromId(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(format -> format.id.equals(wanted)).findFirst();
  }

  public static String choices() {
    return Arrays.stream(values()).map(AlertFormat::id).collect(Collectors.joining(", "));
  }

  /** One line of JSON. */
  public String render(Alert alert) {
    return this == OCSF
        ? AlertJson.write(OcsfFinding.toNode(alert, OcsfFinding.activityOf(alert)))
        : AlertJson.render(alert);
  }

  /** One line of JSON within {@code maxBytes} UTF-8 bytes, attacker-sized strings clipped. */
  public String renderWithin(Alert alert, int maxBytes) {
    return this == OCSF
        ? AlertJson.renderWithin(
            () -> OcsfFinding.toNode(alert, OcsfFinding.activityOf(alert)), alert.id(), maxBytes)
        : AlertJson.renderWithin(alert, maxBytes);
  }
}
