package io.credwatch.gcp;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertAttributes;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.AlertDeliveryException;
import io.credwatch.respond.AlertSink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes the alert document to a Pub/Sub topic over REST: the JSON as data, and attributes for
 * subscription filters (severity, rule, cloud, project, remediation). A rejected or unreachable
 * publish throws, so that the function fails and Eventarc redelivers the event.
 */
final class PubSubAlertSink implements AlertSink {
  /** Pub/Sub's limit is 10 MB per message; alerts stay far below, clipped if need be. */
  static final int MAX_DATA_BYTES = 7 * 1024 * 1024;

  private final BearerRest rest;
  private final URI publish;
  private final io.credwatch.alert.AlertFormat format;

  PubSubAlertSink(BearerRest rest, String topic, io.credwatch.alert.AlertFormat format) {
    this.rest = rest;
    this.publish = rest.uri("/v1/" + topic + ":publish");
    this.format = format;
  }

  @Override
  public String name() {
    return "pubsub";
  }

  @Override
  public void send(Alert alert) throws AlertDeliveryException {
    String data =
        Base64.getEncoder()
            .encodeToString(
                format.renderWithin(alert, MAX_DATA_BYTES).getBytes(StandardCharsets.UTF_8));
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("data", data);
    message.put("attributes", attributes(alert));
    String body = io.credwatch.alert.AlertJson.json(Map.of("messages", java.util.List.of(message)));
    try {
      rest.post(publish, body);
    } catch (BearerRest.CallFailed failed) {
      throw new AlertDeliveryException(
          "Pub/Sub did not accept the alert: " + failed.getMessage(), failed.retryable());
    }
  }

  static Map<String, String> attributes(Alert alert) {
    return AlertAttributes.of(alert, "project");
  }
}
