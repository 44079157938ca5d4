package io.credwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.credwatch.http.Loopback;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on 127.0.0.1 standing in for CloudTrail's event history, which moto does not
 * keep: it answers {@code LookupEvents} by {@code EventId} (the AWS JSON 1.1 protocol the SDK
 * speaks) from the records it was given as genuine, as the real history does once it has caught up.
 * A record nobody gave it is not in the log: a forged event is never confirmed.
 */
public final class CloudTrailLog implements AutoCloseable {
  private static final ObjectMapper JSON = JsonLimits.defaultMapper();
  private static final String TARGET = "CloudTrail_20131101.LookupEvents";

  private final HttpServer server;
  private final Map<String, String> records = new ConcurrentHashMap<>();
  private final List<String> lookups = new CopyOnWriteArrayList<>();

  /** Starts the log on that port of 127.0.0.1 (0: a free one). */
  public CloudTrailLog(int port) throws IOException {
    server = Loopback.server(port);
    server.createContext("/", this::answer);
    server.start();
  }

  /** The endpoint, for {@code AWS_ENDPOINT_URL_CLOUDTRAIL}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Records a CloudTrail record as the cloud emitted it: a bare record, or an EventBridge event
   * whose {@code detail} is one.
   */
  public void holds(String recordOrEvent) throws IOException {
    JsonNode node = JSON.readTree(recordOrEvent);
    JsonNode record = node.has("detail") ? node.get("detail") : node;
    String id = record.path("eventID").asText("");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("a CloudTrail record has an eventID");
    }
    records.put(id, record.toString());
  }

  /** The event ids looked up so far, in order. */
  public List<String> lookups() {
    return List.copyOf(lookups);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (!target.endsWith(TARGET) || request == null) {
        respond(
            exchange,
            400,
            "{\"__type\":\"InvalidRequestException\",\"message\":\"only LookupEvents\"}");
        return;
      }
      ObjectNode response = JSON.createObjectNode();
      ArrayNode events = response.putArray("Events");
      for (JsonNode attribute : request.path("LookupAttributes")) {
        if ("EventId".equals(attribute.path("AttributeKey").asText())) {
          String id = attribute.path("AttributeValue").asText("");
          lookups.add(id);
          String record = records.get(id);
          if (record != null) {
            JsonNode parsed = JSON.readTree(record);
            ObjectNode event = events.addObject();
            event.put("EventId", id);
            event.put("EventName", parsed.path("eventName").asText());
            event.put("EventSource", parsed.path("eventSource").asText());
            event.put("CloudTrailEvent", record);
          }
        }
      }
      respond(exchange, 200, response.toString());
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
