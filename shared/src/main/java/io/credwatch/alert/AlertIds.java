package io.credwatch.alert;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.Source;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Deterministic alert ids: the same event and credential always give the same id, so that
 * redeliveries (EventBridge, Event Grid and Pub/Sub are at-least-once) can be dropped downstream.
 */
public final class AlertIds {
  private static final Set<CredentialKind> ENTRA_KEY_KINDS =
      EnumSet.of(CredentialKind.CLIENT_SECRET, CredentialKind.CERTIFICATE);

  private AlertIds() {}

  public static String of(CredentialEvent event) {
    // GCP long-running operations log a first and a last entry sharing operation.id; only the last
    // names the key, so both must give the same id.
    boolean gcpOperation = event.cloud() == Cloud.GCP && !event.correlationId().isEmpty();
    // Entra logs one key addition twice ("Add service principal credentials" and its companion
    // "Update service principal", with different record ids): the key's own id names the addition.
    boolean entraKey =
        event.source() == Source.ENTRA_AUDIT
            && ENTRA_KEY_KINDS.contains(event.credential().kind())
            && !event.credential().id().isEmpty();
    String eventKey =
        gcpOperation
            ? "operation:" + event.correlationId()
            : entraKey ? "entra-key" : event.eventId();
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
