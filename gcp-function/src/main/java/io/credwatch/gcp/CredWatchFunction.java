package io.credwatch.gcp;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.credwatch.respond.AlertDeliveryFailedException;
import io.credwatch.respond.Delivery;
import io.credwatch.respond.StartUp;
import io.credwatch.source.PlatformDelivery;
import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * The Cloud Run function ({@code io.credwatch.gcp.CredWatchFunction}): Eventarc delivers a log
 * sink's entries as {@code google.cloud.pubsub.topic.v1.messagePublished} CloudEvents, or audit
 * entries directly as {@code google.cloud.audit.log.v1.written}. Returning acknowledges the event;
 * throwing makes Eventarc redeliver it, with its subscription's backoff (then dead-letter it),
 * which happens only when an alert could not be delivered or an event waits for Cloud Logging to
 * confirm it before CredWatch acts. Malformed and irrelevant events are acknowledged with a logged
 * reason.
 */
public final class CredWatchFunction implements CloudEventsFunction {
  // One per instance, built on first use. A start-up failure (a missing setting) is kept, and
  // every invocation fails with its own message.
  private static final StartUp<GcpCore> SHARED =
      StartUp.lazily(() -> new GcpCore(System.getenv(), Clock.systemUTC(), System.err));

  private final StartUp<GcpCore> core;

  public CredWatchFunction() {
    this.core = SHARED;
  }

  CredWatchFunction(GcpCore core) {
    this.core = StartUp.lazily(() -> core);
  }

  /** Starts now rather than on the first event (the local invoker): a failure is thrown. */
  public void start() {
    core.get();
  }

  @Override
  public void accept(CloudEvent event) {
    Delivery.Result result = core.get().handle(delivery(event));
    if (result.retry()) {
      throw new AlertDeliveryFailedException(
          "an alert could not be delivered, or an event waits for Cloud Logging to confirm it:"
              + " failing so that Eventarc redelivers event "
              + event.getId());
    }
  }

  /** The event as the shared reader takes it: attributes and data. */
  static PlatformDelivery.CloudEvent delivery(CloudEvent event) {
    CloudEventData data = event.getData();
    OffsetDateTime time = event.getTime();
    return new PlatformDelivery.CloudEvent(
        event.getSpecVersion().toString(),
        event.getId(),
        event.getType(),
        String.valueOf(event.getSource()),
        event.getSubject(),
        time == null ? null : time.toString(),
        data == null ? null : data.toBytes());
  }
}
