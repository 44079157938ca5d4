package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.config.Settings;
import io.credwatch.local.Moto;
import io.credwatch.source.PlatformDelivery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The state store, a real DynamoDB table in moto, behind the real handler core in enforce mode: a
 * replay after an engineer undid the action leaves the key active, a redelivery sends no second
 * alert, and a burst of events makes at most the breaker's number of actions and one pause alert.
 */
class StateStoreTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();

  private IamClient iam;
  private SqsClient sqs;
  private DynamoDbClient dynamo;
  private String table;
  private Moto.TopicReadBack alerts;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @org.junit.jupiter.api.AfterEach
  void noSecretInWhatTheFunctionLogged() {
    io.credwatch.testing.NoSecrets.in(logs.toString(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void tableAndTopic() {
    iam = MOTO.iam();
    sqs = MOTO.sqs();
    dynamo = MOTO.dynamoDb();
    table = "credwatch-state-" + System.nanoTime();
    dynamo.createTable(
        r ->
            r.tableName(table)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    alerts =
        MOTO.topicWithReadBackQueue(
            "state-alerts-" + System.nanoTime(), "state-read-back-" + System.nanoTime());
  }

  private AwsCore function(Map<String, String> extra) {
    Map<String, String> environment = new HashMap<>(MOTO.environment());
    environment.put(Settings.REMEDIATION, "enforce");
    environment.put(AwsSettings.SNS_TOPIC_ARN, alerts.topicArn());
    environment.put(AwsSettings.STATE_TABLE, table);
    environment.putAll(extra);
    return new AwsCore(
        Settings.from(environment),
        AwsSettings.from(environment),
        new AwsClients(environment),
        Clock.systemUTC(),
        new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  private static JsonNode handle(AwsCore function, String event) {
    return function
        .handle(
            PlatformDelivery.lambda(event.getBytes(StandardCharsets.UTF_8), "state"),
            MotoServer.ACCOUNT)
        .response();
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
    String user = "eve-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
    String event = AwsEvents.createAccessKey(user, key.accessKeyId(), key.createDate());
    try {
      // Genuine: CloudTrail's history holds it, so it is confirmed before CredWatch acts.
      MOTO.cloudTrail().holds(event);
    } catch (java.io.IOException unreadable) {
      throw new java.io.UncheckedIOException(unreadable);
    }
    return new Key(user, key, event);
  }

  private StatusType status(Key key) {
    return MotoServer.accessKeyStatus(iam, key.user(), key.key().accessKeyId());
  }

  @Test
  void aReplayAfterAnUndo_leavesTheKeyActive_andSendsNoSecondAlert() throws Exception {
    Key key = newKey();
    try (AwsCore function = function(Map.of())) {
      JsonNode first = handle(function, key.event());
      assertThat(first.path("alerts").get(0).path("remediation").asText()).isEqualTo("applied");
      assertThat(status(key)).isEqualTo(StatusType.INACTIVE);

      // The engineer runs the undo command from the alert: the key was theirs after all.
      iam.updateAccessKey(
          r ->
              r.userName(key.user())
                  .accessKeyId(key.key().accessKeyId())
                  .status(StatusType.ACTIVE));

      JsonNode replay = handle(function, key.event());
      assertThat(replay.path("alerts").get(0).path("remediation").asText()).isEqualTo("skipped");
      assertThat(replay.path("alerts").get(0).path("sent").asBoolean()).isFalse();
    }
    assertThat(status(key)).isEqualTo(StatusType.ACTIVE);
    List<JsonNode> sent = alertsSent();
    assertThat(sent).hasSize(1);
  }

  @Test
  void theReplaysOutcome_saysItWasHandled_andThatAPersonReEnabledIt() {
    Key key = newKey();
    try (AwsCore function = function(Map.of())) {
      handle(function, key.event());
      iam.updateAccessKey(
          r ->
              r.userName(key.user())
                  .accessKeyId(key.key().accessKeyId())
                  .status(StatusType.ACTIVE));
      handle(function, key.event());
    }
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("already handled at")
        .contains("re-enabled since");
  }

  @Test
  void aBurstOfEvents_makesAtMostTheBreakersActions_andOnePauseAlert() throws Exception {
    int burst = 100;
    int limit = 5;
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      keys.add(newKey());
    }
    int applied = 0;
    try (AwsCore function =
        function(Map.of(Settings.MAX_ACTIONS_PER_HOUR, Integer.toString(limit)))) {
      for (Key key : keys) {
        JsonNode response = handle(function, key.event());
        if (response.path("alerts").get(0).path("remediation").asText().equals("applied")) {
          applied++;
        }
      }
    }
    assertThat(applied).isEqualTo(limit);
    assertThat(keys.stream().filter(k -> status(k) == StatusType.INACTIVE)).hasSize(limit);
    List<JsonNode> sent = alertsSent();
    assertThat(sent).hasSize(burst);
    assertThat(sent)
        .filteredOn(
            alert -> alert.path("notes").toString().contains("CredWatch paused remediation"))
        .hasSize(1);
    assertThat(sent)
        .filteredOn(
            alert ->
                alert.path("remediation").path("detail").asText().startsWith("remediation paused"))
        .hasSize(burst - limit);
  }

  @Test
  void withoutItsTable_theFunctionAlertsButNeverActs() throws Exception {
    Key key = newKey();
    dynamo.deleteTable(r -> r.tableName(table));
    try (AwsCore function = function(Map.of())) {
      JsonNode response = handle(function, key.event());
      assertThat(response.path("alerts").get(0).path("remediation").asText()).isEqualTo("skipped");
    }
    assertThat(status(key)).isEqualTo(StatusType.ACTIVE);
    assertThat(alertsSent())
        .singleElement()
        .satisfies(
            alert ->
                assertThat(alert.path("remediation").path("detail").asText())
                    .contains("state store failed"));
  }
}
