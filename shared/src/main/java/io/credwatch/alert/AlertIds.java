package io.credwatch.alert;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: the same event and credential always give the same id, so that
 * redeliveries (EventBridge, Event Grid and Pub/Sub are at-least-once) can be dropped downstream.
 */
public final class AlertIds {
  private AlertIds() {}

  public static String of(CredentialEvent event) {
    // GCP long-running operations log a first and a last entry sharing operation.id; only the last
    // names the key, so both must give the same id.
    boolean gcpOperation = event.cloud() == Cloud.GCP && !event.correlationId().isEmpty();
    String eventKey = gcpOperation ? "operation:" + event.correlationId() : event.eventId();
    if (eventKey.isEmpty()) {
      // Abbreviated records without ids: the time and operation identify the call.
      eventKey =
          event.eventTime().map(Object::toString).orElse("") + "|" + event.operation().qualified();
    }
    // Azure compares resource ids without regard to case; the Activity Log upper-cases them.
    boolean caseless = event.cloud() == Cloud.AZURE;
    String material =
        String.join(
            "\n",
            event.cloud().id(),
            event.account(),
            eventKey,
            event.credential().kind().id(),
            event.target().id(),
            gcpOperation ? "" : event.credential().id());
    if (caseless) {
      material = material.toLowerCase(java.util.Locale.ROOT);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      return "cw1-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK provides SHA-256", impossible);
    }
  }
}
