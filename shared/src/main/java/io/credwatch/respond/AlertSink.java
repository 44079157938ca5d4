package io.credwatch.respond;

import io.credwatch.alert.Alert;

/** Port: somewhere alerts go (SNS, Pub/Sub, a Teams channel). */
public interface AlertSink {

  /** A short name for logs, for example {@code sns} or {@code teams}. */
  String name();

  /**
   * Delivers the alert, after the sink's own retries.
   *
   * @throws AlertDeliveryException when the alert could not be delivered: the caller must make the
   *     platform retry, or keep the alert in a dead-letter store, so it is never lost
   */
  void send(Alert alert) throws AlertDeliveryException;

  /**
   * Delivers the alert within the invocation's deadline; sinks that wait and retry (Teams) bound
   * their waits by it. The default has only its SDK's own timeouts.
   */
  default void send(Alert alert, Deadline deadline) throws AlertDeliveryException {
    send(alert);
  }
}
