package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.config.Settings;
import io.credwatch.local.Moto;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Provenance before action, with the real handler core in enforce mode against moto (IAM, SNS, SQS,
 * DynamoDB) and a CloudTrail event history stand-in that holds only what the cloud emitted: a
 * genuine event waits for CloudTrail with an alert saying so, comes back through the confirmation
 * queue and is acted on with a follow-up alert of the same id; forged events (an existing key's
 * real creation time, a login profile's user name, a federation token, an SQS message from a user)
 * end {@code skipped: not confirmed by the cloud's log} and touch nothing.
 */
class ProvenanceTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IamClient iam = MOTO.iam();
  private final SqsClient sqs = MOTO.sqs();
  private final SettableClock clock = new SettableClock(Instant.now());
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @org.junit.jupiter.api.AfterEach
  void noSecretInWhatTheFunctionLogged() {
    io.credwatch.testing.NoSecrets.in(logs.toString(StandardCharsets.UTF_8));
  }

  private String table;
  private String confirmationQueue;
  private Moto.TopicReadBack alerts;

  @BeforeEach
  void stores() {
    String suffix = Long.toString(System.nanoTime());
    table = "credwatch-state-" + suffix;
    MOTO.dynamoDb()
        .createTable(
            r ->
                r.tableName(table)
                    .billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(
                        AttributeDefinition.builder()
                            .attributeName("id")
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .keySchema(
                        KeySchemaElement.builder()
                            .attributeName("id")
                            .keyType(KeyType.HASH)
                            .build()));
    confirmationQueue = sqs.createQueue(r -> r.queueName("confirm-" + suffix)).queueUrl();
    alerts = MOTO.topicWithReadBackQueue("provenance-" + suffix, "provenance-back-" + suffix);
  }

  private AwsCore function() {
    Map<String, String> environment = new HashMap<>(MOTO.environment());
    environment.put(Settings.REMEDIATION, "enforce");
    environment.put(AwsSettings.SNS_TOPIC_ARN, alerts.topicArn());
    environment.put(AwsSettings.STATE_TABLE, table);
    environment.put(AwsSettings.CONFIRMATION_QUEUE_URL, confirmationQueue);
    // The queue's delayed messages are counted as confirmation follow-ups here; the first-use
    // looks that share it are FirstUseWatchTest's.
    environment.put(Settings.FIRST_USE_WATCH, "false");
    return new AwsCore(
        Settings.from(environment),
        AwsSettings.from(environment),
        new AwsClients(environment),
        clock,
        new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  /**
   * The function's response, with {@code alerts} (what a direct invocation answers) filled from its
   * log for SQS batches too, whose response names only the failed messages.
   */
  private JsonNode handle(AwsCore function, String payload) throws Exception {
    logs.reset();
    com.fasterxml.jackson.databind.node.ObjectNode response =
        function
            .handle(
                PlatformDelivery.lambda(payload.getBytes(StandardCharsets.UTF_8), "provenance"),
                MotoServer.ACCOUNT)
            .response();
    if (!response.has("alerts")) {
      com.fasterxml.jackson.databind.node.ArrayNode alerts = response.putArray("alerts");
      for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
        JsonNode entry = line.isBlank() ? JSON.nullNode() : JSON.readTree(line);
        if ("finding".equals(entry.path("message").asText())) {
          alerts
              .addObject()
              .put("remediation", entry.path("alert").path("remediation").path("outcome").asText());
        }
      }
    }
    return response;
  }

  /**
   * How many follow-ups wait, delayed, in the confirmation queue; they are then taken off it. moto
   * keeps a delayed message invisible until its delay passes, as SQS does, so a test that moves its
   * clock instead of waiting counts them and delivers the event itself, as Lambda would (what the
   * message holds, the one EventBridge event, is PlatformDeliveryTest's to check).
   */
  private int takeDelayed() {
    int delayed =
        Integer.parseInt(
            sqs.getQueueAttributes(
                    r ->
                        r.queueUrl(confirmationQueue)
                            .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    if (delayed > 0) {
      sqs.purgeQueue(r -> r.queueUrl(confirmationQueue));
    }
    return delayed;
  }

  private List<JsonNode> alertsSent() throws Exception {
    List<JsonNode> sent = new ArrayList<>();
    for (String body : MOTO.takeAll(alerts.queueUrl())) {
      sent.add(JSON.readTree(body));
    }
    return sent;
  }

  private record Key(String user, AccessKey key, String event) {}

  private Key newKey() {
    String user = "dana-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
    return new Key(user, key, AwsEvents.createAccessKey(user, key.accessKeyId(), key.createDate()));
  }

  private StatusType status(Key key) {
    return MotoServer.accessKeyStatus(iam, key.user(), key.key().accessKeyId());
  }

  private String remediation(JsonNode response) {
    assertThat(response.path("alerts"))
        .as("%s; log: %s", response, logs.toString(StandardCharsets.UTF_8))
        .isNotEmpty();
    return response.path("alerts").get(0).path("remediation").asText();
  }

  @Test
  void aGenuineEvent_waitsForCloudTrail_thenIsActedOn_withAFollowUpAlertOfTheSameId()
      throws Exception {
    Key key = newKey();
    try (AwsCore function = function()) {
      JsonNode first = handle(function, key.event());
      assertThat(remediation(first)).isEqualTo("pending");
      assertThat(status(key)).isEqualTo(StatusType.ACTIVE);
      assertThat(logs.toString(StandardCharsets.UTF_8))
          .contains("waiting for the cloud's log")
          .contains("\"checkAgainInSeconds\":60");
      assertThat(takeDelayed()).isEqualTo(1);

      // CloudTrail's history catches up; the follow-up comes back through the queue.
      MOTO.cloudTrail().holds(key.event());
      clock.advance(Duration.ofMinutes(2));
      JsonNode followUp = handle(function, AwsCoreTest.sqsBatch(List.of(key.event())));
      assertThat(remediation(followUp)).isEqualTo("applied");
      assertThat(followUp.path("batchItemFailures")).isEmpty();
    }
    assertThat(status(key)).isEqualTo(StatusType.INACTIVE);
    List<JsonNode> sent = alertsSent();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).path("id")).isEqualTo(sent.get(0).path("id"));
    assertThat(sent.get(0).path("remediation").path("outcome").asText()).isEqualTo("pending");
    assertThat(sent.get(0).path("remediation").path("detail").asText())
        .contains("pending confirmation by CloudTrail");
    assertThat(sent.get(1).path("remediation").path("detail").asText())
        .contains("confirmed in CloudTrail");
    assertThat(sent.get(1).path("notes").toString()).contains("Follow-up to the alert sent at");
    assertThat(takeDelayed()).isZero();
  }

  @Test
  void aForgedEvent_withAnExistingKeysRealCreationTime_isNeverConfirmed_andTouchesNothing()
      throws Exception {
    Key victim = newKey();
    try (AwsCore function = function()) {
      assertThat(remediation(handle(function, victim.event()))).isEqualTo("pending");
      for (int look = 0; look < 6; look++) {
        clock.advance(Duration.ofMinutes(12));
        assertThat(takeDelayed()).isEqualTo(1);
        JsonNode again = handle(function, AwsCoreTest.sqsBatch(List.of(victim.event())));
        assertThat(status(victim)).isEqualTo(StatusType.ACTIVE);
        if (look < 5) { // 12 to 60 minutes after the first delivery
          assertThat(remediation(again)).isEqualTo("pending");
        } else {
          assertThat(remediation(again)).isEqualTo("skipped");
          break;
        }
      }
    }
    assertThat(takeDelayed()).isZero();
    List<JsonNode> sent = alertsSent();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).path("remediation").path("detail").asText())
        .startsWith("not confirmed by the cloud's log within 60 minutes");
    assertThat(MOTO.cloudTrail().lookups()).contains(sent.get(0).path("event").path("id").asText());
  }

  @Test
  void aForgedEvent_reusingAGenuineEventsId_isContradictedAtOnce() throws Exception {
    Key genuine = newKey();
    Key victim = newKey();
    MOTO.cloudTrail().holds(genuine.event());
    String genuineId = JSON.readTree(genuine.event()).path("detail").path("eventID").asText();
    String victimId = JSON.readTree(victim.event()).path("detail").path("eventID").asText();
    String forged = victim.event().replace(victimId, genuineId);
    try (AwsCore function = function()) {
      JsonNode response = handle(function, forged);
      assertThat(remediation(response)).isEqualTo("skipped");
    }
    assertThat(status(victim)).isEqualTo(StatusType.ACTIVE);
    assertThat(status(genuine)).isEqualTo(StatusType.ACTIVE);
    assertThat(takeDelayed()).isZero();
    assertThat(alertsSent().get(0).path("remediation").path("detail").asText())
        .startsWith("not confirmed by the cloud's log: CloudTrail records event")
        .contains("another target");
  }

  @Test
  void forgedLoginProfileAndFederationTokenEvents_touchNothing() throws Exception {
    String caller = "alice";
    if (iam.listUsers().users().stream().noneMatch(u -> u.userName().equals(caller))) {
      iam.createUser(r -> r.userName(caller));
    }
    String user = "pipeline-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    iam.createLoginProfile(r -> r.userName(user).password("Correct-Horse-9"));
    String loginProfile =
        AwsEvents.createLoginProfile("UpdateLoginProfile", user, Instant.now().plusSeconds(5));
    String federation = AwsEvents.getFederationToken("ASIAFORGED000001", Instant.now());
    try (AwsCore function = function()) {
      for (String forged : List.of(loginProfile, federation)) {
        JsonNode response = handle(function, forged);
        for (JsonNode alert : response.path("alerts")) {
          assertThat(alert.path("remediation").asText()).isIn("pending", "skipped");
        }
      }
      clock.advance(Duration.ofMinutes(61));
      int waiting = takeDelayed();
      assertThat(waiting).isLessThanOrEqualTo(2);
      JsonNode last = handle(function, AwsCoreTest.sqsBatch(List.of(loginProfile, federation)));
      assertThat(last.path("batchItemFailures")).isEmpty();
      for (JsonNode alert : last.path("alerts")) {
        assertThat(alert.path("remediation").asText()).isEqualTo("skipped");
      }
    }
    assertThat(iam.getLoginProfile(r -> r.userName(user)).loginProfile().userName())
        .isEqualTo(user);
    assertThat(iam.listAttachedUserPolicies(r -> r.userName(caller)).attachedPolicies()).isEmpty();
  }

  @Test
  void anSqsMessageSentByAUser_isAcknowledged_butNeverConfirmed() throws Exception {
    Key victim = newKey();
    try (AwsCore function = function()) {
      // Whoever could write to the buffer wrote a well-formed EventBridge event into it.
      JsonNode response = handle(function, AwsCoreTest.sqsBatch(List.of(victim.event())));
      assertThat(remediation(response)).isEqualTo("pending");
      assertThat(response.path("batchItemFailures")).isEmpty();
    }
    assertThat(status(victim)).isEqualTo(StatusType.ACTIVE);
    assertThat(takeDelayed()).isEqualTo(1);
  }
}
