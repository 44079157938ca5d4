package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import io.credwatch.respond.AlertDeliveryFailedException;
import io.credwatch.respond.Delivery;
import io.credwatch.respond.StartUp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The Cloud Run function ({@code io.credwatch.gcp.CredWatchFunction}): Eventarc delivers a log
 * sink's entries as {@code google.cloud.pubsub.topic.v1.messagePublished} CloudEvents, or audit
 * entries directly as {@code google.cloud.audit.log.v1.written}. Returning acknowledges the event;
 * throwing makes Eventarc redeliver it (then dead-letter it), which happens only when an alert
 * could not be delivered. Malformed and irrelevant events are acknowledged with a logged reason.
 */
public final class CredWatchFunction implements CloudEventsFunction {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  @Override
  public void accept(CloudEvent event) {
    Delivery.Result result =
        core.get().handle(structured(event), "cloudevent:" + event.getType() + ":" + event.getId());
    if (result.retry()) {
      throw new AlertDeliveryFailedException(
          "an alert could not be delivered: failing so that Eventarc redelivers event "
              + event.getId());
    }
  }

  /** The event in the structured CloudEvents JSON form that the shared reader detects. */
  static byte[] structured(CloudEvent event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("specversion", event.getSpecVersion().toString());
    node.put("id", event.getId());
    node.put("type", event.getType());
    node.put("source", String.valueOf(event.getSource()));
    String subject = event.getSubject();
    if (subject != null) {
      node.put("subject", subject);
    }
    java.time.OffsetDateTime time = event.getTime();
    if (time != null) {
      node.put("time", time.toString());
    }
    io.cloudevents.CloudEventData eventData = event.getData();
    if (eventData != null) {
      byte[] data = eventData.toBytes();
      try {
        JsonNode parsed = JSON.readTree(data);
        node.set("data", parsed);
      } catch (IOException notJson) {
        // Kept as text: the reader reports it as malformed and the event is acknowledged.
        node.put("data", new String(data, StandardCharsets.UTF_8));
      }
    }
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
