package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.local.ExternalProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Pub/Sub emulator (the local cloud's {@link io.credwatch.local.PubSubEmulator}) on
 * loopback for a test class, started on a free port and stopped by its PID. Skipped when the
 * emulator is not installed, unless CREDWATCH_REQUIRE_EMULATORS=1.
 */
final class PubSubEmulator implements BeforeAllCallback, AfterAllCallback {
  static final String PROJECT = "credwatch-test";
  private io.credwatch.local.@Nullable PubSubEmulator emulator;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (io.credwatch.local.PubSubEmulator.jar().isEmpty()) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException(
            "the Pub/Sub emulator is required (CREDWATCH_REQUIRE_EMULATORS=1) but was not found");
      }
      Assumptions.abort("the Pub/Sub emulator is not installed: skipping");
    }
    emulator =
        ExternalProcess.onFreePort(
            port ->
                io.credwatch.local.PubSubEmulator.start(
                    port, Path.of("target/pubsub-emulator-" + port + ".log")));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (emulator != null) {
      emulator.close();
    }
  }

  private io.credwatch.local.PubSubEmulator emulator() {
    if (emulator == null) {
      throw new IllegalStateException("the Pub/Sub emulator is not running");
    }
    return emulator;
  }

  URI endpoint() {
    return emulator().endpoint();
  }

  /** Creates a topic and a pull subscription on it. */
  void topicWithSubscription(String topic, String subscription) throws Exception {
    emulator().topicWithSubscription(PROJECT, topic, subscription);
  }

  /** Pulls and acknowledges what the subscription holds: {"data": decoded, "attributes"}. */
  List<JsonNode> pull(String subscription) throws Exception {
    return emulator().pull(PROJECT, subscription).stream()
        .map(message -> (JsonNode) message.asJson())
        .toList();
  }
}
