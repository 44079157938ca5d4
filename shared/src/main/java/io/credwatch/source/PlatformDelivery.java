package io.credwatch.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One delivery as a platform's trigger hands it to a function, typed by that trigger. Each knows
 * its label (how logs and alert evidence name it) and its JSON for the {@link EventReader}, and
 * answers what its trigger must know (is this an SQS batch; is this Event Grid's handshake) with
 * the bounded parser ({@link JsonLimits}), never with an unbounded one.
 */
public sealed interface PlatformDelivery {

  /** Names the delivery in logs and in each record's location. */
  String label();

  /** The delivery as JSON bytes, in the form the reader detects. */
  byte[] json();

  /**
   * True when the delivery's bytes contain {@code text} (ASCII): a cheap look before parsing it for
   * something most deliveries do not hold.
   */
  default boolean mentions(String text) {
    return new String(json(), StandardCharsets.ISO_8859_1).contains(text);
  }

  /**
   * The one record at this location, as a delivery of the kind the function is given, so that a
   * follow-up ({@code FollowUps}) brings back that record and nothing else: the whole delivery when
   * it holds one record.
   *
   * @throws IllegalArgumentException when the delivery holds no record there
   */
  default byte[] followUpOf(io.credwatch.event.RecordLocation location) {
    return json();
  }

  /**
   * What a Lambda function receives from EventBridge or from an SQS queue: an SQS batch when its
   * {@code Records} are all SQS messages, else an EventBridge event.
   */
  static PlatformDelivery lambda(byte[] payload, String requestId) {
    String label = "lambda:" + requestId;
    return isSqsBatch(payload)
        ? new SqsBatch(payload, label)
        : new EventBridgeEvent(payload, label);
  }

  /** A delivery read as the bytes it arrived as. */
  abstract sealed class AsDelivered implements PlatformDelivery
      permits EventBridgeEvent, SqsBatch, EventHubsBody, EventGridEvent {
    private final byte[] json;
    private final String label;

    AsDelivered(byte[] json, String label) {
      this.json = json;
      this.label = label;
    }

    @Override
    public String label() {
      return label;
    }

    @Override
    public byte[] json() {
      return json.clone();
    }
  }

  /** An EventBridge event (a CloudTrail record in {@code detail}), delivered to Lambda directly. */
  final class EventBridgeEvent extends AsDelivered {
    EventBridgeEvent(byte[] payload, String label) {
      super(payload.clone(), label);
    }
  }

  /** A Lambda batch of SQS messages; each message id can be reported as a batch item failure. */
  final class SqsBatch extends AsDelivered {
    SqsBatch(byte[] payload, String label) {
      super(payload.clone(), label);
    }

    /** The body of the message the record came in: the EventBridge event. */
    @Override
    public byte[] followUpOf(io.credwatch.event.RecordLocation location) {
      for (JsonNode message : tree(json()).path("Records")) {
        if (message.path("messageId").asText("").equals(location.deliveryId())
            && message.path("body").isTextual()) {
          return message.path("body").asText().getBytes(StandardCharsets.UTF_8);
        }
      }
      throw new IllegalArgumentException("the batch holds no message " + location.deliveryId());
    }
  }

  /**
   * One Event Hubs message body of a batch ({@code {"records":[...]}} from diagnostic settings).
   */
  final class EventHubsBody extends AsDelivered {
    private static final java.util.regex.Pattern RECORD =
        java.util.regex.Pattern.compile("records\\[(\\d{1,9})]$");

    public EventHubsBody(String body, String invocationId, int index) {
      super(body.getBytes(StandardCharsets.UTF_8), "event-hubs:" + invocationId + ":" + index);
    }

    /** A body of the one record: {@code {"records":[record]}}. */
    @Override
    public byte[] followUpOf(io.credwatch.event.RecordLocation location) {
      java.util.regex.Matcher index = RECORD.matcher(location.path());
      JsonNode records = tree(json()).path("records");
      if (index.find() && records.has(Integer.parseInt(index.group(1)))) {
        ObjectNode one = JsonLimits.defaultMapper().createObjectNode();
        one.putArray("records").add(records.get(Integer.parseInt(index.group(1))));
        return one.toString().getBytes(StandardCharsets.UTF_8);
      }
      if (location.path().isEmpty()) {
        return json();
      }
      throw new IllegalArgumentException("the body holds no record at " + location.path());
    }
  }

  /**
   * One Event Grid event (Event Grid or CloudEvents schema), as the Event Grid trigger gives it.
   */
  final class EventGridEvent extends AsDelivered {
    static final String VALIDATION_EVENT_TYPE = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public EventGridEvent(String event, String invocationId) {
      super(event.getBytes(StandardCharsets.UTF_8), "event-grid:" + invocationId);
    }

    /** The code of a subscription-validation event (alone or in an array of one). */
    public Optional<String> validationCode() {
      JsonNode node;
      try {
        node = JsonLimits.defaultMapper().readTree(json());
      } catch (IOException notJson) {
        return Optional.empty();
      }
      JsonNode first = node != null && node.isArray() && node.size() == 1 ? node.get(0) : node;
      if (first == null || !VALIDATION_EVENT_TYPE.equals(first.path("eventType").asText(""))) {
        return Optional.empty();
      }
      String code = first.path("data").path("validationCode").asText("");
      return code.isEmpty() ? Optional.empty() : Optional.of(code);
    }

    /** The answer Event Grid expects to a validation event, for a webhook endpoint. */
    public static String validationAnswer(String code) {
      ObjectNode answer = JsonLimits.defaultMapper().createObjectNode();
      answer.put("validationResponse", code);
      return answer.toString();
    }
  }

  /**
   * A CloudEvent as Eventarc delivers it, given by its attributes and data (binary mode), turned
   * into the structured JSON form the reader detects.
   */
  final class CloudEvent implements PlatformDelivery {
    private final ObjectNode attributes;
    private final byte @Nullable [] data;
    private final String label;

    /** The subject, the time and the data may be absent ({@code null}). */
    public CloudEvent(
        String specVersion,
        String id,
        String type,
        String source,
        @Nullable String subject,
        @Nullable String time,
        byte @Nullable [] data) {
      this.attributes = JsonLimits.defaultMapper().createObjectNode();
      attributes.put("specversion", specVersion);
      attributes.put("id", id);
      attributes.put("type", type);
      attributes.put("source", source);
      if (subject != null) {
        attributes.put("subject", subject);
      }
      if (time != null) {
        attributes.put("time", time);
      }
      this.data = data == null ? null : data.clone();
      this.label = "cloudevent:" + type + ":" + id;
    }

    @Override
    public String label() {
      return label;
    }

    @Override
    public byte[] json() {
      ObjectNode node = attributes.deepCopy();
      if (data != null) {
        try {
          node.set("data", JsonLimits.defaultMapper().readTree(data));
        } catch (IOException notJson) {
          // Kept as text: the reader reports it as malformed and the event is acknowledged.
          node.put("data", new String(data, StandardCharsets.UTF_8));
        }
      }
      return node.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The delivery as a tree, read with the bounded parser; a missing node when unreadable. */
  private static JsonNode tree(byte[] json) {
    try {
      JsonNode node = JsonLimits.defaultMapper().readTree(json);
      return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    } catch (IOException unreadable) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  /**
   * True when the payload is an object whose {@code Records} is a non-empty array of objects whose
   * {@code eventSource} is {@code aws:sqs}. Read by streaming, without building a tree.
   */
  private static boolean isSqsBatch(byte[] payload) {
    try (JsonParser parser = JsonLimits.defaultFactory().createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean batch = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!name.equals("Records")) {
          parser.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          return false;
        }
        batch = false;
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (element != JsonToken.START_OBJECT || !"aws:sqs".equals(eventSource(parser))) {
            return false;
          }
          batch = true;
        }
      }
      return batch;
    } catch (IOException notJson) {
      return false;
    }
  }

  /** The {@code eventSource} text of the object the parser is in; reads to the object's end. */
  private static @Nullable String eventSource(JsonParser parser) throws IOException {
    String source = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("eventSource") && value.isScalarValue()) {
        source = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return source;
  }
}
