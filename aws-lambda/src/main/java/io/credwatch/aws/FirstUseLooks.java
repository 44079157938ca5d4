package io.credwatch.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.json.JsonLimits;
import io.credwatch.source.PlatformDelivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SQS batch taken apart: the first-use looks ({@link SqsFollowUps#FIRST_USE_LOOK}), each the
 * EventBridge event it follows and its number, and the rest of the batch, which the pipeline reads
 * as usual. A look's number that is not a small whole number leaves the message with the rest,
 * where it is read as the event it carries.
 */
record FirstUseLooks(List<Look> looks, Optional<PlatformDelivery> rest) {

  /** One look: the SQS message id (to report a failure), the event, the look's number. */
  record Look(String messageId, PlatformDelivery event, int poll) {}

  FirstUseLooks {
    looks = List.copyOf(looks);
  }

  static FirstUseLooks split(PlatformDelivery.SqsBatch batch) {
    // Most batches hold no look: they are parsed once, by the pipeline, not here too.
    if (!batch.mentions(SqsFollowUps.FIRST_USE_LOOK)) {
      return new FirstUseLooks(List.of(), Optional.of(batch));
    }
    JsonNode tree;
    try {
      tree = JsonLimits.defaultMapper().readTree(batch.json());
    } catch (IOException unreadable) {
      return new FirstUseLooks(List.of(), Optional.of(batch));
    }
    String requestId = batch.label().replaceFirst("^lambda:", "");
    List<Look> looks = new ArrayList<>();
    ObjectNode rest = JsonLimits.defaultMapper().createObjectNode();
    ArrayNode others = rest.putArray("Records");
    for (JsonNode message : tree.path("Records")) {
      Optional<Integer> poll = poll(message);
      if (poll.isPresent() && message.path("body").isTextual()) {
        looks.add(
            new Look(
                message.path("messageId").asText(""),
                PlatformDelivery.lambda(
                    message.path("body").asText().getBytes(StandardCharsets.UTF_8), requestId),
                poll.get()));
      } else {
        others.add(message);
      }
    }
    if (looks.isEmpty()) {
      return new FirstUseLooks(looks, Optional.of(batch));
    }
    return new FirstUseLooks(
        looks,
        others.isEmpty()
            ? Optional.empty()
            : Optional.of(
                PlatformDelivery.lambda(
                    rest.toString().getBytes(StandardCharsets.UTF_8), requestId)));
  }

  private static Optional<Integer> poll(JsonNode message) {
    JsonNode attribute = message.path("messageAttributes").path(SqsFollowUps.FIRST_USE_LOOK);
    String value = attribute.path("stringValue").asText("");
    if (value.isEmpty() || value.length() > 3 || !value.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(value));
  }
}
