package io.credwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.config.Settings;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.testing.Fixtures;
import io.credwatch.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
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
 * The GCP function's state store in the real Firestore emulator, behind the real core in enforce
 * mode, with alerts read back from the Pub/Sub emulator: a replay after an undo leaves the key
 * enabled and sends no second alert, and a burst makes at most the breaker's number of actions and
 * one pause alert.
 */
class FirestoreStateStoreTest {
  @RegisterExtension static final PubSubEmulator PUBSUB = new PubSubEmulator();
  @RegisterExtension static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();
  private static final String TOPIC = "projects/" + PubSubEmulator.PROJECT + "/topics/state-alerts";
  private static final String SAMPLE =
      "samples/gcp_iam_service_account_key_created/match/user-creates-key-for-etl-runner.json";

  private GoogleApiStandIn google;
  private String database;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @org.junit.jupiter.api.AfterEach
  void noSecretInWhatTheFunctionLogged() {
    io.credwatch.testing.NoSecrets.in(logs.toString(StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void topic() throws Exception {
    PUBSUB.topicWithSubscription("state-alerts", "state-read-back");
  }

  @BeforeEach
  void standIn() throws Exception {
    google = GoogleApiStandIn.withServiceAccountKey();
    // A database of its own per test: the emulator keeps every database apart.
    database = "projects/" + PubSubEmulator.PROJECT + "/databases/state-" + System.nanoTime();
    PUBSUB.pull("state-read-back");
  }

  @AfterEach
  void stop() {
    google.close();
  }

  private GcpCore function(Map<String, String> extra) {
    return function(extra, Clock.systemUTC());
  }

  private GcpCore function(Map<String, String> extra, Clock clock) {
    Map<String, String> environment = new HashMap<>();
    environment.put(Settings.REMEDIATION, "enforce");
    environment.put(GcpSettings.PUBSUB_ENDPOINT, PUBSUB.endpoint().toString());
    environment.put(GcpSettings.PUBSUB_TOPIC, TOPIC);
    environment.put(GcpSettings.IAM_ENDPOINT, "http://" + google.host());
    environment.put(GcpSettings.FIRESTORE_ENDPOINT, FIRESTORE.endpoint().toString());
    environment.put(GcpSettings.LOGGING_ENDPOINT, "http://" + google.host());
    environment.put(GcpSettings.STATE_DATABASE, database);
    environment.put("GCE_METADATA_HOST", google.host());
    environment.putAll(extra);
    return new GcpCore(environment, clock, new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  /** The sample's LogEntry, for another key and insert id when given one. */
  private static String logEntry(String keyId, String insertId) {
    return Fixtures.resource(SAMPLE)
        .replace(GoogleApiStandIn.KEY, keyId)
        .replace("-x7k2m9e1a4bq", insertId);
  }

  /** The entry, written to the Cloud Logging stand-in first: what the cloud really emitted. */
  private String genuine(String entry) throws Exception {
    google.logs(entry);
    return entry;
  }

  private static PlatformDelivery delivery(String logEntry) {
    String data =
        "{\"message\":{\"data\":\""
            + Base64.getEncoder().encodeToString(logEntry.getBytes(StandardCharsets.UTF_8))
            + "\",\"messageId\":\"1\",\"publishTime\":\"2024-12-06T13:00:02Z\"},"
            + "\"subscription\":\"projects/credwatch-test/subscriptions/eventarc\"}";
    return new PlatformDelivery.CloudEvent(
        "1.0",
        "1",
        "google.cloud.pubsub.topic.v1.messagePublished",
        "//pubsub.googleapis.com/projects/credwatch-test/topics/audit",
        null,
        "2024-12-06T13:00:02Z",
        data.getBytes(StandardCharsets.UTF_8));
  }

  private List<JsonNode> alerts() throws Exception {
    List<JsonNode> all = new ArrayList<>();
    List<JsonNode> batch;
    while (!(batch = PUBSUB.pull("state-read-back")).isEmpty()) {
      batch.forEach(message -> all.add(message.path("data")));
    }
    return all;
  }

  @Test
  void aReplayAfterAnUndo_leavesTheKeyEnabled_andSendsNoSecondAlert() throws Exception {
    String event = genuine(logEntry(GoogleApiStandIn.KEY, "-x7k2m9e1a4bq"));
    try (GcpCore function = function(Map.of())) {
      function.handle(delivery(event));
      assertThat(google.keyDisabled()).isTrue();
      // The engineer runs the undo command: the key is enabled again.
      google.serviceAccountKey("USER_MANAGED");
      function.handle(delivery(event));
    }
    assertThat(google.keyDisabled()).isFalse();
    List<JsonNode> sent = alerts();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).path("remediation").path("outcome").asText()).isEqualTo("applied");
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("already handled at")
        .contains("re-enabled since");
  }

  @Test
  void aBurstOfEvents_makesAtMostTheBreakersActions_andOnePauseAlert() throws Exception {
    int burst = 100;
    int limit = 3;
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      String keyId = String.format("%040x", i + 1);
      google.otherKey(keyId);
      keys.add(keyId);
    }
    try (GcpCore function =
        function(Map.of(Settings.MAX_ACTIONS_PER_HOUR, Integer.toString(limit)))) {
      for (int i = 0; i < burst; i++) {
        function.handle(delivery(genuine(logEntry(keys.get(i), "burst-" + i))));
      }
    }
    assertThat(keys.stream().filter(google::keyDisabled)).hasSize(limit);
    List<JsonNode> sent = alerts();
    assertThat(sent).hasSize(burst);
    assertThat(sent)
        .filteredOn(a -> a.path("notes").toString().contains("CredWatch paused remediation"))
        .hasSize(1);
  }

  @Test
  void aGenuineEntry_isConfirmedInCloudLoggingAtOnce_andActedOn() throws Exception {
    String entry = genuine(logEntry(GoogleApiStandIn.KEY, "-x7k2m9e1a4bq"));
    try (GcpCore function = function(Map.of())) {
      assertThat(function.handle(delivery(entry)).retry()).isFalse();
    }
    assertThat(google.keyDisabled()).isTrue();
    List<JsonNode> sent = alerts();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).path("remediation").path("detail").asText())
        .contains("confirmed in Cloud Logging");
    assertThat(google.calls).anyMatch(call -> call.startsWith("POST /v2/entries:list"));
  }

  @Test
  void aForgedEntryPublishedToTheAuditTopic_isRetriedWhileItWaits_thenSkipped_touchingNothing()
      throws Exception {
    SettableClock clock = new SettableClock(java.time.Instant.now());
    String forged = logEntry(GoogleApiStandIn.KEY, "-forged00001");
    try (GcpCore function = function(Map.of(), clock)) {
      // Not in Cloud Logging: the alert says pending, and the delivery fails so that Pub/Sub
      // redelivers it with the subscription's backoff.
      assertThat(function.handle(delivery(forged)).retry()).isTrue();
      clock.advance(java.time.Duration.ofMinutes(10));
      assertThat(function.handle(delivery(forged)).retry()).isTrue();
      clock.advance(java.time.Duration.ofMinutes(51));
      assertThat(function.handle(delivery(forged)).retry()).isFalse();
    }
    assertThat(google.keyDisabled()).isFalse();
    List<JsonNode> sent = alerts();
    assertThat(sent)
        .extracting(a -> a.path("remediation").path("outcome").asText())
        .containsExactly("pending", "skipped");
    assertThat(sent.get(1).path("remediation").path("detail").asText())
        .startsWith("not confirmed by the cloud's log within 60 minutes");
    assertThat(sent.get(1).path("id")).isEqualTo(sent.get(0).path("id"));
  }

  @Test
  void aForgedEntryReusingAGenuineInsertId_isContradictedAtOnce() throws Exception {
    String otherKey = String.format("%040x", 77);
    google.otherKey(otherKey);
    genuine(logEntry(otherKey, "-x7k2m9e1a4bq"));
    String forged = logEntry(GoogleApiStandIn.KEY, "-x7k2m9e1a4bq");
    try (GcpCore function = function(Map.of())) {
      assertThat(function.handle(delivery(forged)).retry()).isFalse();
    }
    assertThat(google.keyDisabled()).isFalse();
    assertThat(google.keyDisabled(otherKey)).isFalse();
    assertThat(alerts().get(0).path("remediation").path("detail").asText())
        .startsWith("not confirmed by the cloud's log: Cloud Logging records event")
        .contains("another credential");
  }
}
