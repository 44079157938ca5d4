package io.credwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.functions.invoker.BackgroundFunctionExecutor;
import io.credwatch.config.Settings;
import io.credwatch.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The function in the real Functions Framework, in-process on loopback, fed binary and structured
 * CloudEvents; alerts read back from the real Pub/Sub emulator; IAM and the metadata server are JDK
 * HTTP stand-ins.
 */
class CredWatchFunctionTest {
  @RegisterExtension static final PubSubEmulator PUBSUB = new PubSubEmulator();
  private static final String TOPIC =
      "projects/" + PubSubEmulator.PROJECT + "/topics/credwatch-alerts";

  private final HttpClient http = HttpClient.newHttpClient();
  private GoogleApiStandIn google;
  private Server server;
  private int port;

  @BeforeAll
  static void topic() throws Exception {
    PUBSUB.topicWithSubscription("credwatch-alerts", "alerts-read-back");
  }

  @BeforeEach
  void standIns() throws Exception {
    google = GoogleApiStandIn.withServiceAccountKey();
    PUBSUB.pull("alerts-read-back");
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    google.close();
  }

  private void startFunction(String mode, String topic) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put(Settings.REMEDIATION, mode);
    environment.put(GcpSettings.PUBSUB_ENDPOINT, PUBSUB.endpoint().toString());
    environment.put(GcpSettings.PUBSUB_TOPIC, topic);
    environment.put(GcpSettings.IAM_ENDPOINT, "http://" + google.host());
    environment.put(GcpSettings.LOGGING_ENDPOINT, "http://" + google.host());
    environment.put("GCE_METADATA_HOST", google.host());
    ConfiguredFunction.environment = environment;
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(BackgroundFunctionExecutor.forClass(ConfiguredFunction.class));
    server.start();
    port = connector.getLocalPort();
  }

  private static String logEntry() {
    return Fixtures.resource(
        "samples/gcp_iam_service_account_key_created/match/user-creates-key-for-etl-runner.json");
  }

  /** A log sink's entry as Eventarc delivers it: binary CloudEvent, Pub/Sub message in the body. */
  private int postMessagePublished(String data) throws Exception {
    String body =
        "{\"message\":{\"data\":\""
            + Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8))
            + "\",\"messageId\":\"1234567890\",\"publishTime\":\"2024-12-06T13:00:02Z\"},"
            + "\"subscription\":\"projects/"
            + PubSubEmulator.PROJECT
            + "/subscriptions/eventarc-sub\"}";
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Content-Type", "application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", "1234567890")
                .header(
                    "ce-source",
                    "//pubsub.googleapis.com/projects/" + PubSubEmulator.PROJECT + "/topics/audit")
                .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
                .header("ce-time", "2024-12-06T13:00:02Z")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void messagePublished_enforce_disablesTheKeyAndPublishesAnAlertNamingIt() throws Exception {
    startFunction("enforce", TOPIC);
    google.logs(logEntry());

    assertThat(postMessagePublished(logEntry())).isEqualTo(200);

    assertThat(google.keyDisabled()).isTrue();
    List<JsonNode> alerts = PUBSUB.pull("alerts-read-back");
    assertThat(alerts).hasSize(1);
    JsonNode alert = alerts.get(0).path("data");
    assertThat(alert.path("credential").path("id").asText()).isEqualTo(GoogleApiStandIn.KEY);
    assertThat(alert.path("remediation").path("outcome").asText()).isEqualTo("applied");
    assertThat(alerts.get(0).path("attributes").path("rule").asText())
        .isEqualTo("gcp_iam_service_account_key_created");
    assertThat(alerts.get(0).path("attributes").path("project").asText()).isEqualTo("acme-prod-1");

    // Redelivery: harmless, reported as already applied.
    assertThat(postMessagePublished(logEntry())).isEqualTo(200);
    assertThat(
            PUBSUB
                .pull("alerts-read-back")
                .get(0)
                .path("data")
                .path("remediation")
                .path("outcome")
                .asText())
        .isEqualTo("already-applied");
  }

  @Test
  void messagePublished_enforce_anEntryCloudLoggingNeverWrote_touchesNothing() throws Exception {
    // No state store here: nothing could bring it back later, so it is skipped at once.
    startFunction("enforce", TOPIC);
    assertThat(postMessagePublished(logEntry())).isEqualTo(200);
    assertThat(google.keyDisabled()).isFalse();
    JsonNode alert = PUBSUB.pull("alerts-read-back").get(0).path("data");
    assertThat(alert.path("remediation").path("outcome").asText()).isEqualTo("skipped");
    assertThat(alert.path("remediation").path("detail").asText())
        .startsWith("not confirmed by the cloud's log: Cloud Logging holds no record");
  }

  @Test
  void messagePublished_dryRun_leavesTheKeyAndStillAlerts() throws Exception {
    startFunction("dry-run", TOPIC);
    assertThat(postMessagePublished(logEntry())).isEqualTo(200);
    assertThat(google.keyDisabled()).isFalse();
    List<JsonNode> alerts = PUBSUB.pull("alerts-read-back");
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("data").path("credential").path("id").asText())
        .isEqualTo(GoogleApiStandIn.KEY);
  }

  @Test
  void structuredAuditLogWritten_isReadToo() throws Exception {
    startFunction("dry-run", TOPIC);
    String event =
        "{\"specversion\":\"1.0\",\"id\":\"audit-1\",\"type\":\"google.cloud.audit.log.v1.written\","
            + "\"source\":\"//cloudaudit.googleapis.com/projects/acme-prod-1/logs/activity\","
            + "\"datacontenttype\":\"application/json\",\"data\":"
            + logEntry()
            + "}";
    int status =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Content-Type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString(event))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode();
    assertThat(status).isEqualTo(200);
    assertThat(PUBSUB.pull("alerts-read-back")).hasSize(1);
  }

  @Test
  void malformedEntry_isAcknowledgedWithoutRetry() throws Exception {
    startFunction("dry-run", TOPIC);
    assertThat(postMessagePublished("{\"protoPayload\": truncated")).isEqualTo(200);
    assertThat(PUBSUB.pull("alerts-read-back")).isEmpty();
  }

  @Test
  void alertTopicMissing_failsTheEventSoThatEventarcRedeliversIt() throws Exception {
    startFunction("dry-run", "projects/" + PubSubEmulator.PROJECT + "/topics/no-such-topic");
    assertThat(postMessagePublished(logEntry())).isEqualTo(500);
  }
}
