package io.credwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Event Grid's subscription-validation handshake (for webhook endpoints). */
final class EventGridValidation {
  static final String EVENT_TYPE = "Microsoft.EventGrid.SubscriptionValidationEvent";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventGridValidation() {}

  /** The validation code when the delivery is a validation event (alone or in an array). */
  static Optional<String> code(String delivery) {
    JsonNode node;
    try {
      node = JSON.readTree(delivery);
    } catch (IOException notJson) {
      return Optional.empty();
    }
    JsonNode event = node != null && node.isArray() && node.size() == 1 ? node.get(0) : node;
    if (event == null || !EVENT_TYPE.equals(event.path("eventType").asText(""))) {
      return Optional.empty();
    }
    String code = event.path("data").path("validationCode").asText("");
    return code.isEmpty() ? Optional.empty() : Optional.of(code);
  }

  /** The answer Event Grid expects. */
  static String response(String code) {
    return io.credwatch.alert.AlertJson.json(java.util.Map.of("validationResponse", code));
  }
}
