package io.credwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.config.Settings;
import io.credwatch.respond.Delivery;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * The function's remediation policy end to end (architecture §6): global and per-rule modes, opt-in
 * actions, protected identities including the function's own service account, and the
 * per-invocation cap, with every Google API a stand-in and alerts published to the emulator.
 */
class GcpRemediationPolicyTest {
  @RegisterExtension static final PubSubEmulator PUBSUB = new PubSubEmulator();
  private static final String HMAC_SAMPLE =
      "samples/gcp_storage_hmac_key_created/match/user-creates-hmac-key-for-reports-export.json";
  private static final String HMAC_KEY =
      "/storage/v1/projects/acme-prod-1/hmacKeys/"
          + "GOOG1EJ4Q7ZK2W9XM5TR8NBV3C6YH1PD4LF7SA0GUEI2OK5WQ9TJ3MZ6";
  private static final String API_KEY_SAMPLE =
      "samples/gcp_apikeys_key_created/match/user-creates-maps-api-key.json";
  private static final String API_KEY =
      "/v2/projects/418273645091/locations/global/keys/0b7c2e9a-4f1d-4a63-9e8b-5c2d7f0a3e61";

  private GoogleApiStandIn google;

  @BeforeAll
  static void topic() throws Exception {
    PUBSUB.topicWithSubscription("policy-alerts", "policy-read-back");
  }

  @BeforeEach
  void start() throws Exception {
    google = new GoogleApiStandIn();
    google.put(
        HMAC_KEY,
        "{\"serviceAccountEmail\":\"reports-export@acme-prod-1.iam.gserviceaccount.com\","
            + "\"state\":\"ACTIVE\",\"timeCreated\":\"2024-12-13T09:41:27Z\",\"etag\":\"e1\"}");
    google.put(
        API_KEY,
        "{\"uid\":\"0b7c2e9a-4f1d-4a63-9e8b-5c2d7f0a3e61\",\"createTime\":\"2024-12-15T11:12:47Z\"}");
    PUBSUB.pull("policy-read-back");
  }

  @AfterEach
  void stop() throws Exception {
    google.close();
  }

  /** The remediation section of the alert the function published for the sample. */
  private JsonNode remediation(String sample, Map<String, String> settings) throws Exception {
    return remediationOf(Fixtures.resource(sample), settings);
  }

  private JsonNode remediationOf(String entry, Map<String, String> settings) throws Exception {
    Map<String, String> environment = new HashMap<>(settings);
    environment.put(GcpSettings.PUBSUB_ENDPOINT, PUBSUB.endpoint().toString());
    environment.put(
        GcpSettings.PUBSUB_TOPIC, "projects/" + PubSubEmulator.PROJECT + "/topics/policy-alerts");
    for (String endpoint :
        new String[] {
          GcpSettings.IAM_ENDPOINT,
          GcpSettings.STORAGE_ENDPOINT,
          GcpSettings.OSLOGIN_ENDPOINT,
          GcpSettings.APIKEYS_ENDPOINT,
          GcpSettings.LOGGING_ENDPOINT
        }) {
      environment.put(endpoint, google.endpoint().toString());
    }
    environment.put("GCE_METADATA_HOST", google.host());
    // Each entry here is genuine: Cloud Logging holds it, and enforce mode confirms it there.
    google.logs(entry);
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    try (GcpCore core =
        new GcpCore(
            environment, Clock.systemUTC(), new PrintStream(logs, true, StandardCharsets.UTF_8))) {
      // As a log sink delivers it: the entry in a Pub/Sub message, in an Eventarc CloudEvent.
      String message =
          "{\"message\":{\"messageId\":\"1\",\"data\":\""
              + Base64.getEncoder().encodeToString(entry.getBytes(StandardCharsets.UTF_8))
              + "\"}}";
      Delivery.Result result =
          core.handle(
              new PlatformDelivery.CloudEvent(
                  "1.0",
                  "test-entry",
                  "google.cloud.pubsub.topic.v1.messagePublished",
                  "//pubsub.googleapis.com/projects/p/topics/audit",
                  null,
                  null,
                  message.getBytes(StandardCharsets.UTF_8)));
      assertThat(result.failedDeliveryIds()).isEmpty();
      assertThat(result.alerts()).hasSize(1);
    }
    List<JsonNode> published = PUBSUB.pull("policy-read-back");
    assertThat(published).hasSize(1);
    return published.get(0).path("data").path("remediation");
  }

  @Test
  void enforce_setsTheHmacKeyInactive_andDryRunByDefaultDoesNot() throws Exception {
    JsonNode dryRun = remediation(HMAC_SAMPLE, Map.of());
    assertThat(dryRun.path("mode").asText()).isEqualTo("dry-run");
    assertThat(dryRun.path("outcome").asText()).isEqualTo("dry-run");
    assertThat(google.resource(HMAC_KEY).path("state").asText()).isEqualTo("ACTIVE");

    JsonNode enforced = remediation(HMAC_SAMPLE, Map.of(Settings.REMEDIATION, "enforce"));
    assertThat(enforced.path("outcome").asText()).as(enforced.toString()).isEqualTo("applied");
    assertThat(google.resource(HMAC_KEY).path("state").asText()).isEqualTo("INACTIVE");
  }

  @Test
  void aPerRuleOffWinsOverGlobalEnforce() throws Exception {
    JsonNode off =
        remediation(
            HMAC_SAMPLE,
            Map.of(
                Settings.REMEDIATION,
                "enforce",
                Settings.REMEDIATION_RULES,
                "gcp_storage_hmac_key_created=off"));
    assertThat(off.path("outcome").asText()).isNotEqualTo("applied");
    assertThat(google.resource(HMAC_KEY).path("state").asText()).isEqualTo("ACTIVE");
  }

  @Test
  void apiKeys_areDeletedOnlyWhenTheirRuleIsExplicitlyEnforced() throws Exception {
    JsonNode global = remediation(API_KEY_SAMPLE, Map.of(Settings.REMEDIATION, "enforce"));
    assertThat(global.path("outcome").asText()).isNotEqualTo("applied");
    assertThat(global.path("detail").asText()).contains("switched on explicitly");
    assertThat(google.resource(API_KEY).has("deleteTime")).isFalse();

    // The rule's severity is medium: remediation below high also needs the threshold lowered.
    JsonNode explicit =
        remediation(
            API_KEY_SAMPLE,
            Map.of(
                Settings.REMEDIATION_RULES,
                "gcp_apikeys_key_created=enforce",
                Settings.REMEDIATION_MIN_SEVERITY,
                "medium"));
    assertThat(explicit.path("outcome").asText()).as(explicit.toString()).isEqualTo("applied");
    assertThat(google.resource(API_KEY).has("deleteTime")).isTrue();
  }

  @Test
  void protectedIdentities_andTheFunctionsOwnAccount_areNeverTouched() throws Exception {
    JsonNode configured =
        remediation(
            HMAC_SAMPLE,
            Map.of(
                Settings.REMEDIATION,
                "enforce",
                Settings.PROTECTED,
                "reports-export@*.iam.gserviceaccount.com"));
    assertThat(configured.path("outcome").asText()).isNotEqualTo("applied");
    assertThat(configured.path("detail").asText()).contains("protected");

    String own =
        Fixtures.resource(HMAC_SAMPLE)
            .replace(
                "reports-export@acme-prod-1.iam.gserviceaccount.com", GoogleApiStandIn.OWN_ACCOUNT);
    JsonNode itself = remediationOf(own, Map.of(Settings.REMEDIATION, "enforce"));
    assertThat(itself.path("outcome").asText()).isNotEqualTo("applied");
    assertThat(itself.path("detail").asText()).contains("protected");
    assertThat(google.calls).noneMatch(call -> call.startsWith("PUT "));
  }

  @Test
  void theCap_stopsRemediation() throws Exception {
    JsonNode capped =
        remediation(
            HMAC_SAMPLE, Map.of(Settings.REMEDIATION, "enforce", Settings.MAX_REMEDIATIONS, "0"));
    assertThat(capped.path("outcome").asText()).isNotEqualTo("applied");
    assertThat(capped.path("detail").asText()).contains("cap");
    assertThat(google.resource(HMAC_KEY).path("state").asText()).isEqualTo("ACTIVE");
  }
}
