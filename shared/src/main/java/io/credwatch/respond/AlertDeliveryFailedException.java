package io.credwatch.respond;

/**
 * Thrown by a cloud function so that its platform redelivers an event whose alert was not delivered
 * (Lambda's retries, Eventarc's, the Functions host's retry policy, Event Grid's), and finally
 * dead-letters it: an alert is never silently lost.
 */
public final class AlertDeliveryFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AlertDeliveryFailedException(String message) {
    super(message);
  }
}
