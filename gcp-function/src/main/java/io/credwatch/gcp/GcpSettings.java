package io.credwatch.gcp;

import io.credwatch.config.SettingsReader;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The GCP function's own settings, beside the shared ones: the alert topic and the base URL of each
 * Google API it calls (the emulator and stand-ins in tests). Tokens come from the metadata server,
 * honouring {@code GCE_METADATA_HOST}.
 */
public record GcpSettings(
    Optional<String> pubsubTopic,
    URI pubsubEndpoint,
    URI iamEndpoint,
    URI storageEndpoint,
    URI osLoginEndpoint,
    URI apiKeysEndpoint,
    Optional<String> stateDatabase,
    URI firestoreEndpoint,
    URI loggingEndpoint,
    Optional<String> firstUseQueue,
    Optional<String> firstUseTopic,
    URI monitoringEndpoint,
    URI policyAnalyzerEndpoint,
    URI cloudTasksEndpoint) {
  public static final String PUBSUB_TOPIC = "CREDWATCH_PUBSUB_TOPIC";
  public static final String PUBSUB_ENDPOINT = "CREDWATCH_PUBSUB_ENDPOINT";
  public static final String IAM_ENDPOINT = "CREDWATCH_GCP_IAM_ENDPOINT";
  public static final String STORAGE_ENDPOINT = "CREDWATCH_GCP_STORAGE_ENDPOINT";
  public static final String OSLOGIN_ENDPOINT = "CREDWATCH_GCP_OSLOGIN_ENDPOINT";
  public static final String APIKEYS_ENDPOINT = "CREDWATCH_GCP_APIKEYS_ENDPOINT";
  public static final String STATE_DATABASE = "CREDWATCH_STATE_DATABASE";
  public static final String FIRESTORE_ENDPOINT = "CREDWATCH_GCP_FIRESTORE_ENDPOINT";
  public static final String LOGGING_ENDPOINT = "CREDWATCH_GCP_LOGGING_ENDPOINT";

  /**
   * The Cloud Tasks queue that brings first-use looks back at their time, and the topic its tasks
   * publish them to (the function's second trigger); without both, no first-use follow-ups.
   */
  public static final String FIRST_USE_QUEUE = "CREDWATCH_FIRST_USE_QUEUE";

  public static final String FIRST_USE_TOPIC = "CREDWATCH_FIRST_USE_TOPIC";
  public static final String MONITORING_ENDPOINT = "CREDWATCH_GCP_MONITORING_ENDPOINT";
  public static final String POLICY_ANALYZER_ENDPOINT = "CREDWATCH_GCP_POLICY_ANALYZER_ENDPOINT";
  public static final String CLOUD_TASKS_ENDPOINT = "CREDWATCH_GCP_CLOUD_TASKS_ENDPOINT";

  private static final Pattern QUEUE_NAME =
      Pattern.compile(
          "projects/[a-z][a-z0-9.:-]{3,62}/locations/[a-z0-9-]{2,40}/queues/[A-Za-z0-9-]{1,100}");

  private static final Pattern DATABASE_NAME =
      Pattern.compile(
          "projects/[a-z][a-z0-9.:-]{3,62}/databases/([a-z][a-z0-9-]{2,62}|\\(default\\))");

  private static final Pattern TOPIC_NAME =
      Pattern.compile("projects/[a-z][a-z0-9.:-]{3,62}/topics/[A-Za-z][A-Za-z0-9._~%+-]{2,254}");

  public static GcpSettings from(Map<String, String> environment) {
    SettingsReader env = new SettingsReader(environment);
    return new GcpSettings(
        env.matching(
            PUBSUB_TOPIC,
            TOPIC_NAME,
            "a Pub/Sub topic name projects/PROJECT/topics/TOPIC: a project id of 4 to 63"
                + " lowercase letters, digits and hyphens, starting with a letter, and a topic of 3 to"
                + " 255 characters, starting with a letter"),
        env.endpoint(PUBSUB_ENDPOINT, "https://pubsub.googleapis.com"),
        env.endpoint(IAM_ENDPOINT, "https://iam.googleapis.com"),
        env.endpoint(STORAGE_ENDPOINT, "https://storage.googleapis.com"),
        env.endpoint(OSLOGIN_ENDPOINT, "https://oslogin.googleapis.com"),
        env.endpoint(APIKEYS_ENDPOINT, "https://apikeys.googleapis.com"),
        env.matching(
            STATE_DATABASE,
            DATABASE_NAME,
            "a Firestore database name projects/PROJECT/databases/DATABASE"),
        env.endpoint(FIRESTORE_ENDPOINT, "https://firestore.googleapis.com"),
        env.endpoint(LOGGING_ENDPOINT, "https://logging.googleapis.com"),
        env.matching(
            FIRST_USE_QUEUE,
            QUEUE_NAME,
            "a Cloud Tasks queue name projects/PROJECT/locations/LOCATION/queues/QUEUE"),
        env.matching(
            FIRST_USE_TOPIC, TOPIC_NAME, "a Pub/Sub topic name projects/PROJECT/topics/TOPIC"),
        env.endpoint(MONITORING_ENDPOINT, "https://monitoring.googleapis.com"),
        env.endpoint(POLICY_ANALYZER_ENDPOINT, "https://policyanalyzer.googleapis.com"),
        env.endpoint(CLOUD_TASKS_ENDPOINT, "https://cloudtasks.googleapis.com"));
  }
}
