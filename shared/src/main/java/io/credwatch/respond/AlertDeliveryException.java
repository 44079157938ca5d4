package io.credwatch.respond;

/** An alert could not be delivered after the sink's own retries. */
public final class AlertDeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public AlertDeliveryException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public AlertDeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when a later attempt may succeed (throttling, outage); false for a rejected alert. */
  public boolean retryable() {
    return retryable;
  }
}
