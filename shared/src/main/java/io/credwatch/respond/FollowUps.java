package io.credwatch.respond;

import java.time.Duration;

/**
 * How a cloud delivers an event again later, for another look at its log while it waits for
 * confirmation ({@link Provenance}): an SQS delay queue, a storage queue message with a visibility
 * delay, or, where the platform itself redelivers with backoff (Pub/Sub), a failed delivery.
 */
public interface FollowUps {

  /**
   * Sends the event again after the delay.
   *
   * @param event the one record, in the form the function was given it (an EventBridge event, an
   *     Event Hubs body of one record, an Event Grid event)
   * @param delay how long to hold it
   * @throws RuntimeException when it cannot be sent: the platform then retries the delivery, which
   *     is a later look too
   */
  void schedule(byte[] event, Duration delay);

  /** True when the platform's own retry is the follow-up: the delivery is reported failed. */
  default boolean byRetry() {
    return false;
  }

  /** The platform redelivers what the function reports failed, with its own backoff (Pub/Sub). */
  FollowUps BY_RETRY =
      new FollowUps() {
        @Override
        public void schedule(byte[] event, Duration delay) {
          throw new UnsupportedOperationException("redelivered by the platform's retry");
        }

        @Override
        public boolean byRetry() {
          return true;
        }
      };
}
