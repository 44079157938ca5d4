package io.credwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real Pub/Sub emulator (the gcloud SDK's jar, run directly so that one PID stops it) on
 * 127.0.0.1, driven over its REST API.
 */
public final class PubSubEmulator implements AutoCloseable {
  private static final ObjectMapper JSON = JsonLimits.defaultMapper();
  private final ExternalProcess process;
  private final HttpClient http = HttpClient.newHttpClient();

  private PubSubEmulator(ExternalProcess process) {
    this.process = process;
  }

  /** The emulator jar: CREDWATCH_PUBSUB_EMULATOR_JAR, or that of an installed gcloud SDK. */
  public static Optional<Path> jar() {
    return GcloudSdk.jar(
        "CREDWATCH_PUBSUB_EMULATOR_JAR",
        "platform/pubsub-emulator/lib",
        (dir, name) -> name.startsWith("cloud-pubsub-emulator-") && name.endsWith("-all.jar"));
  }

  public static PubSubEmulator start(int port, Path log) throws IOException, InterruptedException {
    Path jar =
        jar()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the Pub/Sub emulator is not installed: gcloud components install"
                            + " pubsub-emulator (or set CREDWATCH_PUBSUB_EMULATOR_JAR)"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new PubSubEmulator(
        ExternalProcess.start(
            "the Pub/Sub emulator",
            List.of(java, "-jar", jar.toString(), "--host=127.0.0.1", "--port=" + port),
            Map.of(),
            port,
            log,
            Duration.ofSeconds(30)));
  }

  public URI endpoint() {
    return process.endpoint();
  }

  public ExternalProcess process() {
    return process;
  }

  /** Creates a topic and a pull subscription on it. */
  public void topicWithSubscription(String project, String topic, String subscription)
      throws IOException, InterruptedException {
    call("PUT", "/v1/projects/" + project + "/topics/" + topic, "");
    call(
        "PUT",
        "/v1/projects/" + project + "/subscriptions/" + subscription,
        "{\"topic\":\"projects/" + project + "/topics/" + topic + "\",\"ackDeadlineSeconds\":10}");
  }

  /** Pulls and acknowledges what the subscription holds: each message's decoded data. */
  public List<Message> pull(String project, String subscription)
      throws IOException, InterruptedException {
    String path = "/v1/projects/" + project + "/subscriptions/" + subscription;
    JsonNode answer =
        call("POST", path + ":pull", "{\"maxMessages\":10,\"returnImmediately\":true}");
    List<Message> messages = new ArrayList<>();
    List<String> ackIds = new ArrayList<>();
    for (JsonNode received : answer.path("receivedMessages")) {
      ackIds.add(received.path("ackId").asText());
      JsonNode message = received.path("message");
      byte[] data = Base64.getDecoder().decode(message.path("data").asText());
      messages.add(new Message(JSON.readTree(data), message.path("attributes")));
    }
    if (!ackIds.isEmpty()) {
      call("POST", path + ":acknowledge", JSON.writeValueAsString(Map.of("ackIds", ackIds)));
    }
    return messages;
  }

  /** A pulled message: its data as JSON, and its attributes. */
  public record Message(JsonNode data, JsonNode attributes) {
    /** {"data": ..., "attributes": ...}. */
    public ObjectNode asJson() {
      ObjectNode node = JSON.createObjectNode();
      node.set("data", data);
      node.set("attributes", attributes);
      return node;
    }
  }

  private JsonNode call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  @Override
  public void close() {
    process.close();
  }
}
