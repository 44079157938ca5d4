package io.credwatch.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./credwatch local gcp}: the Pub/Sub emulator on 127.0.0.1:8085 with the alert topic and a
 * subscription read here, and on 127.0.0.1:8090 the stand-in for the metadata server and the Google
 * APIs without an emulator, holding the keys and the provider that the bundled GCP examples add, as
 * Google would hold them right after those calls: the examples are genuine as they are.
 */
final class LocalGcp implements LocalCloud.Setup {
  static final int PUBSUB_PORT = 8085;
  static final int GOOGLE_PORT = 8090;
  static final String PROJECT = "credwatch-local";
  static final String TOPIC = "credwatch-alerts";
  static final String SUBSCRIPTION = "credwatch-local-alerts";
  static final String OWN_ACCOUNT = "credwatch@credwatch-local.iam.gserviceaccount.com";

  /** The example the printed commands run. */
  static final String EXAMPLE = "examples/events/gcp/pubsub-push-service-account-key.json";

  private static final String SERVICE_ACCOUNT_KEY =
      "/v1/projects/-/serviceAccounts/deployer%40acme-prod-1.iam.gserviceaccount.com/keys/"
          + "3f1c9a7e5b2d4f6081a3c5e7092b4d6f8a1c3e5b";
  private static final String HMAC_KEY =
      "/storage/v1/projects/acme-prod-1/hmacKeys/GOOG1EXAMPLEHMACACCESSID0001";
  private static final String PROVIDER =
      "/v1/projects/acme-prod-1/locations/global/workloadIdentityPools/ci-pool/providers/outside-oidc";

  private final PubSubEmulator pubsub;
  private final GoogleApis google;
  private final Path root;
  private final Watch watch = new Watch();
  private final List<String> seeded = new ArrayList<>();
  private final WriteCalls writes = new WriteCalls();

  private LocalGcp(PubSubEmulator pubsub, GoogleApis google, Path root) {
    this.pubsub = pubsub;
    this.google = google;
    this.root = root;
  }

  static LocalGcp start(Path root, Path work) throws IOException, InterruptedException {
    PubSubEmulator pubsub = PubSubEmulator.start(PUBSUB_PORT, work.resolve("pubsub-emulator.log"));
    GoogleApis google = null;
    try {
      pubsub.topicWithSubscription(PROJECT, TOPIC, SUBSCRIPTION);
      google = new GoogleApis(GOOGLE_PORT, OWN_ACCOUNT);
      LocalGcp gcp = new LocalGcp(pubsub, google, root);
      gcp.seed();
      return gcp;
    } catch (Exception failed) {
      if (google != null) {
        google.close();
      }
      pubsub.close();
      throw new IllegalStateException(failed.getMessage(), failed);
    }
  }

  private void seed() throws Exception {
    // pubsub-push-service-account-key.json: mallory creates a key for deployer@.
    google.put(
        SERVICE_ACCOUNT_KEY,
        "{\"name\":\"projects/acme-prod-1/serviceAccounts/deployer@acme-prod-1.iam.gserviceaccount.com"
            + "/keys/3f1c9a7e5b2d4f6081a3c5e7092b4d6f8a1c3e5b\",\"validAfterTime\":"
            + "\"2026-11-20T11:15:00Z\",\"keyType\":\"USER_MANAGED\"}");
    watch.add(
        "service-account key 3f1c9a7e5b2d4f6081a3c5e7092b4d6f8a1c3e5b of"
            + " deployer@acme-prod-1.iam.gserviceaccount.com",
        () ->
            google.resource(SERVICE_ACCOUNT_KEY).path("disabled").asBoolean()
                ? "disabled"
                : "enabled");
    // cloudevent-message-published-hmac-key.json: an HMAC key for etl@.
    google.put(
        HMAC_KEY,
        "{\"accessId\":\"GOOG1EXAMPLEHMACACCESSID0001\",\"serviceAccountEmail\":"
            + "\"etl@acme-prod-1.iam.gserviceaccount.com\",\"state\":\"ACTIVE\",\"timeCreated\":"
            + "\"2026-11-20T11:20:00Z\",\"etag\":\"Q0FFPQ==\"}");
    watch.add(
        "HMAC key GOOG1EXAMPLEHMACACCESSID0001 of etl@acme-prod-1.iam.gserviceaccount.com",
        () -> google.resource(HMAC_KEY).path("state").asText());
    // cloudevent-audit-log-written-workload-identity-provider.json: provider outside-oidc.
    google.put(
        PROVIDER,
        "{\"name\":\"projects/acme-prod-1/locations/global/workloadIdentityPools/ci-pool/providers/"
            + "outside-oidc\",\"state\":\"ACTIVE\",\"disabled\":false,\"attributeCondition\":\"\","
            + "\"oidc\":{\"issuerUri\":\"https://oidc.example.net\"}}");
    watch.add(
        "workload identity provider ci-pool/outside-oidc of acme-prod-1",
        () -> google.resource(PROVIDER).path("disabled").asBoolean() ? "disabled" : "enabled");
    watch.current().forEach((what, state) -> seeded.add(what + ": " + state));
    // The local cloud emitted the examples' entries: its Cloud Logging holds them.
    for (String example :
        List.of(
            "pubsub-push-service-account-key.json",
            "cloudevent-message-published-hmac-key.json",
            "cloudevent-audit-log-written-workload-identity-provider.json")) {
      google.logs(logEntryOf(root.resolve("examples/events/gcp").resolve(example)));
    }
    seeded.add("Cloud Logging (entries.list): the three examples' audit entries");
  }

  /**
   * The LogEntry an example carries: in a Pub/Sub push message, in a messagePublished CloudEvent's
   * message, or as an audit.log.v1.written CloudEvent's data.
   */
  private static String logEntryOf(Path example) throws IOException {
    com.fasterxml.jackson.databind.JsonNode node =
        io.credwatch.json.JsonLimits.defaultMapper().readTree(example.toFile());
    com.fasterxml.jackson.databind.JsonNode message =
        node.has("message") ? node.path("message") : node.path("data").path("message");
    if (message.has("data")) {
      return new String(
          java.util.Base64.getDecoder().decode(message.path("data").asText()),
          java.nio.charset.StandardCharsets.UTF_8);
    }
    return node.path("data").toString();
  }

  @Override
  public List<String> started() {
    return List.of(
        "the Pub/Sub emulator on "
            + pubsub.endpoint()
            + " (pid "
            + pubsub.process().pid()
            + "), alert topic projects/"
            + PROJECT
            + "/topics/"
            + TOPIC
            + " read back here through the subscription "
            + SUBSCRIPTION,
        "the stand-in for the metadata server and Google's IAM, Storage, OS Login, API Keys and"
            + " Cloud Logging APIs on "
            + google.endpoint()
            + " (in this process); the function's own account: "
            + OWN_ACCOUNT);
  }

  @Override
  public List<String> seeded() {
    return seeded;
  }

  @Override
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("CREDWATCH_PUBSUB_ENDPOINT", pubsub.endpoint().toString());
    environment.put("CREDWATCH_PUBSUB_TOPIC", "projects/" + PROJECT + "/topics/" + TOPIC);
    environment.put("GCE_METADATA_HOST", google.host());
    for (String api : List.of("IAM", "STORAGE", "OSLOGIN", "APIKEYS", "LOGGING")) {
      environment.put("CREDWATCH_GCP_" + api + "_ENDPOINT", google.endpoint().toString());
    }
    return environment;
  }

  @Override
  public List<String> commands() {
    String event = LocalCloud.typed(root.resolve(EXAMPLE));
    return List.of(
        "CREDWATCH_REMEDIATION=dry-run ./credwatch gcp-invoke " + event,
        "CREDWATCH_REMEDIATION=enforce ./credwatch gcp-invoke " + event);
  }

  @Override
  public List<String> poll() throws Exception {
    // The token is the stand-in's own; the rest of each call is shown.
    List<String> lines =
        writes.since(google.calls(), call -> call.replace(" Bearer " + GoogleApis.TOKEN, ""));
    for (PubSubEmulator.Message message : pubsub.pull(PROJECT, SUBSCRIPTION)) {
      lines.add(LocalCloud.alertLine(message.data()) + " [from Pub/Sub]");
    }
    lines.addAll(watch.changes());
    return lines;
  }

  @Override
  public void close() {
    google.close();
    pubsub.close();
  }
}
