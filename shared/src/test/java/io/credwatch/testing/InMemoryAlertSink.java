package io.credwatch.testing;

import io.credwatch.alert.Alert;
import io.credwatch.respond.AlertDeliveryException;
import io.credwatch.respond.AlertSink;
import java.util.ArrayList;
import java.util.List;

/** An {@link AlertSink} that keeps what it receives, and can be told to fail. */
public final class InMemoryAlertSink implements AlertSink {
  private final String name;
  private final List<Alert> received = new ArrayList<>();
  private int failuresLeft;
  private boolean retryable = true;

  public InMemoryAlertSink(String name) {
    this.name = name;
  }

  public InMemoryAlertSink() {
    this("memory");
  }

  /** The next {@code count} sends fail. */
  public InMemoryAlertSink failNext(int count, boolean retryable) {
    this.failuresLeft = count;
    this.retryable = retryable;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void send(Alert alert) throws AlertDeliveryException {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new AlertDeliveryException(name + " is unavailable", retryable);
    }
    received.add(alert);
  }

  public synchronized List<Alert> received() {
    return List.copyOf(received);
  }
}
