package io.credwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.testing.Fixtures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance, as a user runs it: {@code ./credwatch gcp-invoke FILE} on a
 * messagePublished CloudEvent carrying a CreateServiceAccountKey by a person, with the Pub/Sub
 * emulator, an IAM stand-in and a metadata stand-in.
 */
class GcpInvokeIT {
  @RegisterExtension static final PubSubEmulator PUBSUB = new PubSubEmulator();
  private static final String TOPIC = "projects/" + PubSubEmulator.PROJECT + "/topics/acceptance";

  @BeforeAll
  static void topic() throws Exception {
    PUBSUB.topicWithSubscription("acceptance", "acceptance-read-back");
  }

  private static Path cloudEvent(Path dir) throws Exception {
    String entry =
        Fixtures.resource(
            "samples/gcp_iam_service_account_key_created/match/user-creates-key-for-etl-runner.json");
    String event =
        "{\"specversion\":\"1.0\",\"id\":\"1234567890\",\"type\":\"google.cloud.pubsub.topic.v1.messagePublished\","
            + "\"source\":\"//pubsub.googleapis.com/projects/acme-prod-1/topics/credwatch-audit\",\"time\":\"2024-12-06T13:00:03Z\","
            + "\"datacontenttype\":\"application/json\",\"data\":{\"subscription\":\"projects/acme-prod-1/subscriptions/eventarc\","
            + "\"message\":{\"data\":\""
            + Base64.getEncoder().encodeToString(entry.getBytes(StandardCharsets.UTF_8))
            + "\",\"messageId\":\"1234567890\",\"publishTime\":\"2024-12-06T13:00:03Z\"}}}";
    Path file = dir.resolve("message-published.json");
    Files.writeString(file, event);
    return file;
  }

  private static int gcpInvoke(Path file, Map<String, String> settings) throws Exception {
    Path root = Fixtures.repositoryRoot();
    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("credwatch").toString(), "gcp-invoke", file.toString())
            .directory(root.toFile());
    builder.environment().putAll(settings);
    File log = File.createTempFile("gcp-invoke", ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  @Test
  void serviceAccountKeyByAPerson_dryRunKeepsIt_enforceDisablesIt_bothAlert(@TempDir Path dir)
      throws Exception {
    Path event = cloudEvent(dir);
    try (GoogleApiStandIn google = GoogleApiStandIn.withServiceAccountKey()) {
      // A genuine entry: Cloud Logging holds it, where enforce mode confirms it.
      google.logs(
          Fixtures.resource(
              "samples/gcp_iam_service_account_key_created/match/user-creates-key-for-etl-runner.json"));
      Map<String, String> common =
          Map.of(
              "CREDWATCH_PUBSUB_ENDPOINT",
              PUBSUB.endpoint().toString(),
              "CREDWATCH_PUBSUB_TOPIC",
              TOPIC,
              "CREDWATCH_GCP_IAM_ENDPOINT",
              "http://" + google.host(),
              "CREDWATCH_GCP_LOGGING_ENDPOINT",
              "http://" + google.host(),
              "GCE_METADATA_HOST",
              google.host());

      java.util.HashMap<String, String> dryRun = new java.util.HashMap<>(common);
      dryRun.put("CREDWATCH_REMEDIATION", "dry-run");
      assertThat(gcpInvoke(event, dryRun)).isZero();
      assertThat(google.keyDisabled()).isFalse();
      List<JsonNode> first = PUBSUB.pull("acceptance-read-back");
      assertThat(first).hasSize(1);
      assertThat(first.get(0).path("data").path("credential").path("id").asText())
          .isEqualTo(GoogleApiStandIn.KEY);

      java.util.HashMap<String, String> enforce = new java.util.HashMap<>(common);
      enforce.put("CREDWATCH_REMEDIATION", "enforce");
      assertThat(gcpInvoke(event, enforce)).isZero();
      assertThat(google.keyDisabled()).isTrue();
      assertThat(google.calls).filteredOn(call -> call.contains(":disable")).hasSize(1);
      List<JsonNode> second = PUBSUB.pull("acceptance-read-back");
      assertThat(second).hasSize(1);
      assertThat(second.get(0).path("data").path("credential").path("id").asText())
          .isEqualTo(GoogleApiStandIn.KEY);
      assertThat(second.get(0).path("data").path("remediation").path("outcome").asText())
          .isEqualTo("applied");
    }
  }

  @Test
  void missingAlertTopic_exitsOneWhereEventarcWouldRetry(@TempDir Path dir) throws Exception {
    try (GoogleApiStandIn google = GoogleApiStandIn.withServiceAccountKey()) {
      int status =
          gcpInvoke(
              cloudEvent(dir),
              Map.of(
                  "CREDWATCH_PUBSUB_ENDPOINT",
                  PUBSUB.endpoint().toString(),
                  "CREDWATCH_PUBSUB_TOPIC",
                  "projects/" + PubSubEmulator.PROJECT + "/topics/missing",
                  "CREDWATCH_GCP_IAM_ENDPOINT",
                  "http://" + google.host(),
                  "GCE_METADATA_HOST",
                  google.host()));
      assertThat(status).isEqualTo(1);
    }
  }
}
