package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Pub/Sub emulator (the gcloud SDK's jar) on loopback for a test class, started on a free
 * port and stopped by its PID; driven over REST. Skipped when the emulator is not installed, unless
 * CREDWATCH_REQUIRE_EMULATORS=1.
 */
final class PubSubEmulator implements BeforeAllCallback, AfterAllCallback {
  static final String PROJECT = "credwatch-test";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    File jar = emulatorJar();
    if (jar == null) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException(
            "the Pub/Sub emulator is required (CREDWATCH_REQUIRE_EMULATORS=1) but was not found");
      }
      Assumptions.abort("the Pub/Sub emulator is not installed: skipping");
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    process =
        new ProcessBuilder(
                "java", "-jar", jar.getAbsolutePath(), "--host=127.0.0.1", "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(new File("target/pubsub-emulator-" + port + ".log"))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!listening()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the Pub/Sub emulator did not start on " + port);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Creates a topic and a pull subscription on it. */
  void topicWithSubscription(String topic, String subscription) throws Exception {
    call("PUT", "/v1/projects/" + PROJECT + "/topics/" + topic, "");
    call(
        "PUT",
        "/v1/projects/" + PROJECT + "/subscriptions/" + subscription,
        "{\"topic\":\"projects/" + PROJECT + "/topics/" + topic + "\",\"ackDeadlineSeconds\":10}");
  }

  /** Pulls and acknowledges what the subscription holds: each message's data, decoded. */
  List<JsonNode> pull(String subscription) throws Exception {
    JsonNode answer =
        call(
            "POST",
            "/v1/projects/" + PROJECT + "/subscriptions/" + subscription + ":pull",
            "{\"maxMessages\":10,\"returnImmediately\":true}");
    List<JsonNode> messages = new ArrayList<>();
    List<String> ackIds = new ArrayList<>();
    for (JsonNode received : answer.path("receivedMessages")) {
      ackIds.add(received.path("ackId").asText());
      JsonNode message = received.path("message");
      com.fasterxml.jackson.databind.node.ObjectNode decoded = JSON.createObjectNode();
      decoded.set("data", JSON.readTree(Base64.getDecoder().decode(message.path("data").asText())));
      decoded.set("attributes", message.path("attributes"));
      messages.add(decoded);
    }
    if (!ackIds.isEmpty()) {
      call(
          "POST",
          "/v1/projects/" + PROJECT + "/subscriptions/" + subscription + ":acknowledge",
          JSON.writeValueAsString(java.util.Map.of("ackIds", ackIds)));
    }
    return messages;
  }

  private JsonNode call(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The emulator jar of an installed gcloud SDK, or CREDWATCH_PUBSUB_EMULATOR_JAR. */
  private static File emulatorJar() {
    String configured = System.getenv("CREDWATCH_PUBSUB_EMULATOR_JAR");
    if (configured != null && new File(configured).isFile()) {
      return new File(configured);
    }
    for (String root :
        List.of(
            "/usr/lib/google-cloud-sdk",
            "/usr/share/google-cloud-sdk",
            System.getProperty("user.home") + "/google-cloud-sdk")) {
      File[] jars =
          new File(root, "platform/pubsub-emulator/lib")
              .listFiles(
                  (dir, name) ->
                      name.startsWith("cloud-pubsub-emulator-") && name.endsWith("-all.jar"));
      if (jars != null && jars.length > 0) {
        return jars[0];
      }
    }
    return null;
  }
}
