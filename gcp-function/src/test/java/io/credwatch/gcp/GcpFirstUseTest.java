package io.credwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.respond.FirstUseWatch;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.testing.Fixtures;
import io.credwatch.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Created, then used, in the GCP function: after the alert, each look is a Cloud Tasks task (a JDK
 * stand-in records it) scheduled for the look's time, whose request publishes the audit entry to
 * the first-use topic of the real Pub/Sub emulator; the test runs each task by making its request,
 * and hands the published message to the function as Eventarc would. Cloud Monitoring's per-key
 * count (a stand-in) shows the first use; where Monitoring is disabled, Policy Analyzer's day of
 * the last authentication does. The follow-up alert has the same id and {@code phase=first-use}.
 */
class GcpFirstUseTest {
  @RegisterExtension static final PubSubEmulator PUBSUB = new PubSubEmulator();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALERTS = "projects/" + PubSubEmulator.PROJECT + "/topics/fu-alerts";
  private static final String LOOKS =
      "projects/" + PubSubEmulator.PROJECT + "/topics/credwatch-first-use";
  private static final Instant CREATED = Instant.parse(GoogleApiStandIn.CREATED);

  private final HttpClient http = HttpClient.newHttpClient();
  private final SettableClock clock = new SettableClock(CREATED.plus(Duration.ofMinutes(3)));
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private GoogleApiStandIn google;
  private GcpCore core;

  @BeforeAll
  static void topics() throws Exception {
    PUBSUB.topicWithSubscription("fu-alerts", "fu-alerts-read-back");
    PUBSUB.topicWithSubscription("credwatch-first-use", "first-use-trigger");
  }

  @BeforeEach
  void function() throws Exception {
    google = GoogleApiStandIn.withServiceAccountKey();
    PUBSUB.pull("fu-alerts-read-back");
    PUBSUB.pull("first-use-trigger");
    String apis = "http://" + google.host();
    Map<String, String> environment = new HashMap<>();
    environment.put(GcpSettings.PUBSUB_ENDPOINT, PUBSUB.endpoint().toString());
    environment.put(GcpSettings.PUBSUB_TOPIC, ALERTS);
    environment.put(GcpSettings.IAM_ENDPOINT, apis);
    environment.put(GcpSettings.LOGGING_ENDPOINT, apis);
    environment.put(GcpSettings.MONITORING_ENDPOINT, apis);
    environment.put(GcpSettings.POLICY_ANALYZER_ENDPOINT, apis);
    environment.put(GcpSettings.CLOUD_TASKS_ENDPOINT, apis);
    environment.put(
        GcpSettings.FIRST_USE_QUEUE, "projects/acme-sec/locations/europe-west1/queues/first-use");
    environment.put(GcpSettings.FIRST_USE_TOPIC, LOOKS);
    environment.put("GCE_METADATA_HOST", google.host());
    core = new GcpCore(environment, clock, new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    core.close();
    google.close();
    io.credwatch.testing.NoSecrets.in(logs.toString(StandardCharsets.UTF_8));
  }

  private static String logEntry() {
    return Fixtures.resource(
        "samples/gcp_iam_service_account_key_created/match/user-creates-key-for-etl-runner.json");
  }

  /** A Pub/Sub message as Eventarc delivers it to the function. */
  private static PlatformDelivery messagePublished(String topic, String data, JsonNode attributes) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode message = body.putObject("message");
    message.put("data", Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
    message.set("attributes", attributes);
    message.put("messageId", "m" + System.nanoTime());
    body.put("subscription", "projects/" + PubSubEmulator.PROJECT + "/subscriptions/eventarc");
    return new PlatformDelivery.CloudEvent(
        "1.0",
        "e" + System.nanoTime(),
        "google.cloud.pubsub.topic.v1.messagePublished",
        "//pubsub.googleapis.com/" + topic,
        null,
        null,
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Runs the oldest task not yet run, as Cloud Tasks does at its scheduleTime: its request
   * publishes to the emulator; the message the trigger's subscription gets goes to the function.
   */
  private int tasksRun;

  private boolean runNextTask() throws Exception {
    List<JsonNode> tasks = google.tasks();
    assertThat(tasks.size()).as("tasks").isGreaterThan(tasksRun);
    JsonNode task = tasks.get(tasksRun++);
    Instant due = Instant.parse(task.path("scheduleTime").asText());
    assertThat(due).isAfterOrEqualTo(clock.instant());
    clock.set(due);
    JsonNode request = task.path("httpRequest");
    assertThat(request.path("oauthToken").path("serviceAccountEmail").asText())
        .isEqualTo(GoogleApiStandIn.OWN_ACCOUNT);
    HttpResponse<String> published =
        http.send(
            HttpRequest.newBuilder(URI.create(request.path("url").asText()))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        Base64.getDecoder().decode(request.path("body").asText())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    List<JsonNode> looks = PUBSUB.pull("first-use-trigger");
    assertThat(looks).hasSize(1);
    return !core.handle(
            messagePublished(
                LOOKS, looks.get(0).path("data").toString(), looks.get(0).path("attributes")))
        .retry();
  }

  @Test
  void aKeyUsedTenMinutesAfterCreation_getsAFollowUpOfTheSameAlert_fromCloudMonitoring()
      throws Exception {
    core.handle(
        messagePublished("projects/x/topics/credwatch-audit", logEntry(), JSON.createObjectNode()));
    assertThat(google.tasks()).hasSize(1);
    assertThat(google.tasks().get(0).path("scheduleTime").asText())
        .isEqualTo(clock.instant().toString());

    assertThat(runNextTask()).isTrue(); // look 0 at 13:03: not used yet
    assertThat(google.tasks()).hasSize(2);
    assertThat(google.tasks().get(1).path("scheduleTime").asText())
        .isEqualTo(CREATED.plus(FirstUseWatch.POLLS.get(1)).toString());
    assertThat(runNextTask()).isTrue(); // look 1 at 13:05: not yet
    google.keyAuthenticated(GoogleApiStandIn.KEY, CREATED.plus(Duration.ofMinutes(10)));
    assertThat(runNextTask()).isTrue(); // look 2 at 13:15: used at 13:10
    assertThat(google.tasks()).as("the watch ends at the first use").hasSize(3);

    List<JsonNode> alerts = PUBSUB.pull("fu-alerts-read-back");
    assertThat(alerts)
        .extracting(a -> a.path("attributes").path("phase").asText())
        .containsExactly("detection", "first-use");
    assertThat(alerts.get(1).path("data").path("id"))
        .isEqualTo(alerts.get(0).path("data").path("id"));
    JsonNode firstUse = alerts.get(1).path("data").path("firstUse");
    assertThat(firstUse.path("used").asBoolean()).isTrue();
    assertThat(firstUse.path("secondsAfterCreation").asLong()).isEqualTo(600);
    assertThat(firstUse.path("learnedFrom").asText()).isEqualTo(GcpLastUse.FROM_MONITORING);
  }

  @Test
  void withoutCloudMonitoring_policyAnalyzersDayOfTheLastAuthentication_isUsed() throws Exception {
    google.disableMonitoring();
    google.keyLastAuthenticated(
        "//iam.googleapis.com/projects/acme-prod-1/serviceAccounts/"
            + GoogleApiStandIn.ACCOUNT
            + "/keys/"
            + GoogleApiStandIn.KEY,
        Instant.parse("2024-12-06T08:00:00Z"));
    core.handle(
        messagePublished("projects/x/topics/credwatch-audit", logEntry(), JSON.createObjectNode()));
    assertThat(runNextTask()).isTrue();
    List<JsonNode> alerts = PUBSUB.pull("fu-alerts-read-back");
    assertThat(alerts).hasSize(2);
    JsonNode firstUse = alerts.get(1).path("data").path("firstUse");
    assertThat(firstUse.path("used").asBoolean()).isTrue();
    assertThat(firstUse.path("learnedFrom").asText())
        .startsWith(GcpLastUse.FROM_POLICY_ANALYZER)
        .contains("only the day is known: 2024-12-06");
  }

  @Test
  void aLookCloudMonitoringCannotAnswer_isRetried_andSendsNothing() throws Exception {
    core.handle(
        messagePublished("projects/x/topics/credwatch-audit", logEntry(), JSON.createObjectNode()));
    google.refuse(503);
    assertThat(runNextTask()).as("retried by Pub/Sub").isFalse();
    assertThat(PUBSUB.pull("fu-alerts-read-back")).hasSize(1);
  }
}
