package io.credwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.alert.Alert;
import io.credwatch.alert.FirstUse;
import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.json.JsonLimits;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.source.Verdict;
import io.credwatch.use.CredentialUse;
import io.credwatch.use.Followed;
import io.credwatch.use.UseReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Follows a new Entra key to its first sign-in from the deployed function (architecture §13): the
 * tenant's diagnostic setting streams {@code ServicePrincipalSignInLogs} to the same Event Hub as
 * the audit logs, so each alerted key id is remembered in the state store for a week, and the first
 * sign-in naming it ({@code servicePrincipalCredentialKeyId}) sends a follow-up alert with the same
 * alert id: when, from where, to what, with what result. It only reads and alerts.
 */
public final class KeyUseWatch {
  /** How long a key id is remembered: a week, as the Entra path asks. */
  public static final Duration KEEP = Duration.ofDays(7);

  /** Where alerted key ids wait for their first sign-in. */
  public interface Store {
    /** Remembers the one-record delivery that alerted {@code keyId}, until {@code expires}. */
    void remember(String keyId, byte[] oneEvent, Instant expires);

    /**
     * Takes what was remembered for {@code keyId}, once: when two invocations see the first sign-in
     * together, only one gets it.
     */
    Optional<byte[]> take(String keyId);
  }

  private final Watching watching;
  private final Store store;
  private final Function<byte[], PlatformDelivery> asDelivery;

  KeyUseWatch(Store store, Function<byte[], PlatformDelivery> asDelivery, Watching watching) {
    this.watching = watching;
    this.store = store;
    this.asDelivery = asDelivery;
  }

  /**
   * Keys whose sign-ins name them: an application's or service principal's secret or certificate.
   */
  static boolean watches(CredentialEvent event) {
    CredentialKind kind = event.credential().kind();
    return (kind == CredentialKind.CLIENT_SECRET || kind == CredentialKind.CERTIFICATE)
        && event.outcome().success()
        && !event.credential().id().isBlank();
  }

  /** After a first alert: remembers the key id with its event. */
  void start(CredentialEvent event, byte[] oneEvent, String alertId) {
    if (!watches(event)) {
      return;
    }
    try {
      store.remember(
          keyOf(event.credential().id()), oneEvent, watching.clock().instant().plus(KEEP));
      watching.log().info("watching for the key's first sign-in", Map.of("alert", alertId));
    } catch (RuntimeException unwritable) {
      watching
          .log()
          .error(
              "the first-use watch could not be stored",
              Map.of("alert", alertId, "error", unwritable.getClass().getSimpleName()));
    }
  }

  /**
   * Reads the sign-ins in a delivery and sends the follow-up for each watched key's first one.
   *
   * @return false when a follow-up could not be sent (the key is remembered again, and the platform
   *     retries the delivery)
   */
  public boolean signIns(PlatformDelivery delivery, Deadline deadline) {
    // Most bodies are audit records: only those naming a sign-in's key are parsed here.
    if (!delivery.mentions("ervicePrincipalCredentialKeyId")) {
      return true;
    }
    JsonNode body;
    try {
      body = JsonLimits.defaultMapper().readTree(delivery.json());
    } catch (IOException unreadable) {
      return true;
    }
    List<JsonNode> records = new ArrayList<>();
    if (body != null && body.path("records").isArray()) {
      body.path("records").forEach(records::add);
    } else if (body != null) {
      records.add(body);
    }
    boolean done = true;
    for (JsonNode record : records) {
      for (CredentialUse use : UseReader.uses(record)) {
        done &= firstSignIn(use, deadline);
      }
    }
    return done;
  }

  private boolean firstSignIn(CredentialUse use, Deadline deadline) {
    String key = keyOf(use.credentialId());
    Optional<byte[]> remembered;
    try {
      remembered = store.take(key);
    } catch (RuntimeException unreadable) {
      watching
          .log()
          .error(
              "the state store could not be read for a sign-in: the delivery is retried",
              Map.of("error", unreadable.getClass().getSimpleName()));
      return false;
    }
    if (remembered.isEmpty()) {
      return true;
    }
    List<Finding> findings = new ArrayList<>();
    try {
      for (Verdict verdict : watching.reader().read(asDelivery.apply(remembered.get()))) {
        if (verdict instanceof Verdict.Relevant relevant) {
          for (CredentialEvent event : relevant.events()) {
            if (watches(event) && keyOf(event.credential().id()).equals(key)) {
              findings.addAll(watching.detector().detect(event));
            }
          }
        }
      }
    } catch (RuntimeException poison) {
      // It would break on every retry: the watch of this key ends, logged by type.
      watching
          .log()
          .error(
              "a remembered key's event could not be read; its watch ends",
              Map.of("error", poison.getClass().getSimpleName()));
      return true;
    }
    for (Finding finding : findings) {
      if (!send(finding, use, deadline)) {
        try {
          store.remember(key, remembered.get(), watching.clock().instant().plus(KEEP));
        } catch (RuntimeException unwritable) {
          watching
              .log()
              .error(
                  "a key whose follow-up failed could not be remembered again",
                  Map.of("error", unwritable.getClass().getSimpleName()));
        }
        return false;
      }
    }
    return true;
  }

  private boolean send(Finding finding, CredentialUse use, Deadline deadline) {
    CredentialEvent event = finding.event();
    Optional<Instant> created = Followed.of(event).flatMap(Followed::createdAt);
    Optional<Duration> after =
        use.time().flatMap(at -> created.map(from -> Duration.between(from, at)));
    FirstUse firstUse =
        new FirstUse(
            true,
            "ServicePrincipalSignInLogs",
            "the " + KEEP.toDays() + " days after it was added",
            use.time(),
            after,
            use.sourceIp(),
            event.actor().sourceIp(),
            use.userAgent(),
            "",
            use.location(),
            use.operation().replaceFirst("^sign-in to ", ""),
            use.result(),
            List.of(),
            0);
    Alert alert =
        FirstUseWatch.followUp(
            finding,
            firstUse,
            firstUse.soonFromElsewhere().stream().toList(),
            watching.policy(),
            watching.clock().instant());
    List<String> failures = watching.responder().sendToSinks(alert, deadline);
    watching.log().info("first sign-in", Map.of("alert", alert.id(), "deliveryFailures", failures));
    return failures.isEmpty();
  }

  private static String keyOf(String keyId) {
    return keyId.trim().toLowerCase(Locale.ROOT);
  }
}
