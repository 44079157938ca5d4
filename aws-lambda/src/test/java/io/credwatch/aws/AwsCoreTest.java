package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.config.Settings;
import io.credwatch.config.SettingsException;
import io.credwatch.http.Loopback;
import io.credwatch.source.PlatformDelivery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The function as Lambda runs it, against moto: the remediation in each mode, the alert read back
 * from an SQS queue subscribed to the topic with raw delivery, and what is retried when SNS fails.
 */
class AwsCoreTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static IamClient iam;
  private static SqsClient sqs;
  private static String topicArn;
  private static String queueUrl;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @org.junit.jupiter.api.AfterEach
  void noSecretInWhatTheFunctionLogged() {
    io.credwatch.testing.NoSecrets.in(logs.toString(StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void topicWithAQueueBehindIt() {
    iam = MOTO.iam();
    sqs = MOTO.sqs();
    io.credwatch.local.Moto.TopicReadBack alerts =
        MOTO.topicWithReadBackQueue("credwatch-alerts", "alerts-read-back");
    topicArn = alerts.topicArn();
    queueUrl = alerts.queueUrl();
  }

  private AwsCore function(String mode, String topic) {
    Map<String, String> environment = new HashMap<>(MOTO.environment());
    environment.put(Settings.REMEDIATION, mode);
    environment.put(AwsSettings.SNS_TOPIC_ARN, topic);
    return new AwsCore(
        Settings.from(environment),
        AwsSettings.from(environment),
        new AwsClients(environment),
        Clock.systemUTC(),
        new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  private static List<Message> alertsOnTheTopic() {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .messageAttributeNames("All")
                    .waitTimeSeconds(1))
        .messages();
  }

  private static String backdoorEvent(String user, AccessKey key) {
    return AwsEvents.createAccessKey(user, key.accessKeyId(), key.createDate());
  }

  @Test
  void enforce_disablesTheKeyAndPublishesAnAlertNamingIt_andRedeliveryIsHarmless()
      throws Exception {
    String user = "bob-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
    byte[] event = backdoorEvent(user, key).getBytes(StandardCharsets.UTF_8);
    MOTO.cloudTrail().holds(backdoorEvent(user, key));
    alertsOnTheTopic()
        .forEach(
            m -> sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));

    try (AwsCore function = function("enforce", topicArn)) {
      AwsCore.Invocation first =
          function.handle(PlatformDelivery.lambda(event, "test-1"), MotoServer.ACCOUNT);
      AwsCore.Invocation second =
          function.handle(PlatformDelivery.lambda(event, "test-2"), MotoServer.ACCOUNT);

      assertThat(first.retry()).isFalse();
      assertThat(second.retry()).isFalse();
      assertThat(first.response().path("alerts").get(0).path("remediation").asText())
          .isEqualTo("applied");
      assertThat(second.response().path("alerts").get(0).path("remediation").asText())
          .isEqualTo("already-applied");
    }
    assertThat(MotoServer.accessKeyStatus(iam, user, key.accessKeyId()))
        .isEqualTo(StatusType.INACTIVE);

    List<Message> alerts = alertsOnTheTopic();
    assertThat(alerts).hasSize(2);
    JsonNode alert = JSON.readTree(alerts.get(0).body());
    assertThat(alert.path("credential").path("id").asText()).isEqualTo(key.accessKeyId());
    assertThat(alert.path("target").path("name").asText()).isEqualTo(user);
    assertThat(alert.path("remediation").path("mode").asText()).isEqualTo("enforce");
    Map<String, String> attributes = new HashMap<>();
    alerts
        .get(0)
        .messageAttributes()
        .forEach((name, value) -> attributes.put(name, value.stringValue()));
    assertThat(attributes)
        .containsEntry("rule", "aws_iam_access_key_created")
        .containsEntry("severity", "high")
        .containsEntry("cloud", "aws")
        .containsEntry("account", MotoServer.ACCOUNT)
        .containsKey("remediation");
    assertThat(JSON.readTree(alerts.get(1).body()).path("id").asText())
        .isEqualTo(alert.path("id").asText());
  }

  @Test
  void dryRun_leavesTheKeyActiveAndStillAlerts() throws Exception {
    String user = "carl-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
    alertsOnTheTopic()
        .forEach(
            m -> sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));

    try (AwsCore function = function("dry-run", topicArn)) {
      AwsCore.Invocation invocation =
          function.handle(
              PlatformDelivery.lambda(
                  backdoorEvent(user, key).getBytes(StandardCharsets.UTF_8), "t"),
              MotoServer.ACCOUNT);
      assertThat(invocation.retry()).isFalse();
    }
    assertThat(MotoServer.accessKeyStatus(iam, user, key.accessKeyId()))
        .isEqualTo(StatusType.ACTIVE);
    List<Message> alerts = alertsOnTheTopic();
    assertThat(alerts).hasSize(1);
    JsonNode alert = JSON.readTree(alerts.get(0).body());
    assertThat(alert.path("credential").path("id").asText()).isEqualTo(key.accessKeyId());
    assertThat(alert.path("remediation").path("outcome").asText()).isEqualTo("dry-run");
  }

  @Test
  void snsFailing_makesTheDirectInvocationRetry() {
    String missingTopic = "arn:aws:sns:us-east-1:" + MotoServer.ACCOUNT + ":no-such-topic";
    try (AwsCore function = function("dry-run", missingTopic)) {
      AwsCore.Invocation invocation =
          function.handle(
              PlatformDelivery.lambda(
                  AwsEvents.createAccessKey("bob", "AKIAEXAMPLEEXAMPLE01", java.time.Instant.now())
                      .getBytes(StandardCharsets.UTF_8),
                  "t"),
              MotoServer.ACCOUNT);
      assertThat(invocation.retry()).isTrue();
      assertThat(invocation.response().path("alerts").get(0).path("delivered").asBoolean())
          .isFalse();
    }
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("alert delivery failed: the platform will retry the event");
  }

  @Test
  void sqsBatch_aTimestampOutOfEveryRange_besideAGenuineEvent_costsNeitherOfThem() {
    String good = AwsEvents.createAccessKey("bob", "AKIAEXAMPLEEXAMPLE03", java.time.Instant.now());
    String poison =
        AwsEvents.createAccessKey("bob", "AKIAEXAMPLEEXAMPLE04", java.time.Instant.now())
            .replaceFirst("\"eventTime\":\"[^\"]*\"", "\"eventTime\":{\"seconds\":1e400}");
    assertThat(poison).contains("1e400");
    String batch = sqsBatch(List.of(poison, good));
    try (AwsCore working = function("dry-run", topicArn)) {
      AwsCore.Invocation invocation =
          working.handle(
              PlatformDelivery.lambda(batch.getBytes(StandardCharsets.UTF_8), "t"),
              MotoServer.ACCOUNT);
      // Nothing is retried: the genuine event alerts, and the poison one is read without its time.
      assertThat(invocation.failedMessageIds()).isEmpty();
    }
    List<String> bodies = alertsOnTheTopic().stream().map(Message::body).toList();
    assertThat(bodies).anySatisfy(body -> assertThat(body).contains("AKIAEXAMPLEEXAMPLE03"));
    assertThat(bodies)
        .anySatisfy(
            body ->
                assertThat(body)
                    .contains("AKIAEXAMPLEEXAMPLE04")
                    .contains("field eventTime should be text but is an object"));
  }

  @Test
  void sqsBatch_poisonMessagesAreAcknowledged_andOnlyUndeliveredAlertsAreRetried() {
    String good = AwsEvents.createAccessKey("bob", "AKIAEXAMPLEEXAMPLE02", java.time.Instant.now());
    String batch =
        sqsBatch(
            List.of(
                good, "this is not JSON", "{\"detail-type\":\"Scheduled Event\",\"detail\":{}}"));
    try (AwsCore working = function("dry-run", topicArn)) {
      AwsCore.Invocation invocation =
          working.handle(
              PlatformDelivery.lambda(batch.getBytes(StandardCharsets.UTF_8), "t"),
              MotoServer.ACCOUNT);
      assertThat(invocation.sqsBatch()).isTrue();
      assertThat(invocation.failedMessageIds()).isEmpty();
      assertThat(invocation.response().path("batchItemFailures").isArray()).isTrue();
      assertThat(invocation.response().path("batchItemFailures")).isEmpty();
    }
    String missingTopic = "arn:aws:sns:us-east-1:" + MotoServer.ACCOUNT + ":no-such-topic";
    try (AwsCore failing = function("dry-run", missingTopic)) {
      AwsCore.Invocation invocation =
          failing.handle(
              PlatformDelivery.lambda(batch.getBytes(StandardCharsets.UTF_8), "t"),
              MotoServer.ACCOUNT);
      assertThat(invocation.failedMessageIds()).containsExactly("message-0");
      assertThat(
              invocation
                  .response()
                  .path("batchItemFailures")
                  .get(0)
                  .path("itemIdentifier")
                  .asText())
          .isEqualTo("message-0");
    }
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("record malformed, acknowledged without retry");
  }

  @Test
  void teamsWebhook_receivesTheCardBesideSns_andLowFindingsBelowTheMinimumAreNotSent()
      throws Exception {
    java.util.List<String> cards = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer teams = Loopback.server();
    teams.createContext(
        "/webhook",
        exchange -> {
          cards.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          Loopback.respond(exchange, 202, "text/plain", "");
        });
    teams.start();
    try {
      Map<String, String> environment = new HashMap<>(MOTO.environment());
      environment.put(AwsSettings.SNS_TOPIC_ARN, topicArn);
      environment.put(Settings.TEAMS_WEBHOOK_URL, Loopback.base(teams) + "/webhook?sig=secret");
      environment.put(Settings.MIN_SEVERITY, "medium");
      try (AwsCore function =
          new AwsCore(
              Settings.from(environment),
              AwsSettings.from(environment),
              new AwsClients(environment),
              Clock.systemUTC(),
              new PrintStream(logs, true, StandardCharsets.UTF_8))) {
        // bob for bob: self-service, low, below the minimum of medium.
        // EventBridge delivers the record in its envelope; a bare record is never acted on.
        String selfService =
            "{\"version\":\"0\",\"id\":\"e-self\",\"detail-type\":\"AWS API Call via"
                + " CloudTrail\",\"source\":\"aws.iam\",\"detail\":"
                + io.credwatch.testing.CloudTrailRecords.createAccessKey(
                    io.credwatch.testing.CloudTrailRecords.iamUser("user/bob", "bob"), "")
                + "}";
        AwsCore.Invocation low =
            function.handle(
                PlatformDelivery.lambda(selfService.getBytes(StandardCharsets.UTF_8), "t"),
                MotoServer.ACCOUNT);
        assertThat(low.response().path("alerts").get(0).path("sent").asBoolean()).isFalse();
        assertThat(cards).isEmpty();

        AwsCore.Invocation high =
            function.handle(
                PlatformDelivery.lambda(
                    AwsEvents.createAccessKey(
                            "bob", "AKIAEXAMPLEEXAMPLE03", java.time.Instant.now())
                        .getBytes(StandardCharsets.UTF_8),
                    "t"),
                MotoServer.ACCOUNT);
        assertThat(high.retry()).isFalse();
        assertThat(cards).hasSize(1);
        assertThat(cards.get(0)).contains("AKIAEXAMPLEEXAMPLE03").contains("AdaptiveCard");
      }
    } finally {
      teams.stop(0);
    }
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("sig=secret");
  }

  @Test
  void noAlertDestination_failsAtStartWithTheSettingsToSet() {
    Map<String, String> environment = new HashMap<>(MOTO.environment());
    assertThatThrownBy(
            () ->
                new AwsCore(
                    Settings.from(environment),
                    AwsSettings.from(environment),
                    new AwsClients(environment),
                    Clock.systemUTC(),
                    new PrintStream(logs, true, StandardCharsets.UTF_8)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("CREDWATCH_SNS_TOPIC_ARN")
        .hasMessageContaining("CREDWATCH_TEAMS_WEBHOOK_URL");
  }

  /** An SQS event as Lambda delivers it, one message per body, ids message-0, message-1... */
  static String sqsBatch(List<String> bodies) {
    StringBuilder records = new StringBuilder();
    for (int i = 0; i < bodies.size(); i++) {
      if (i > 0) {
        records.append(',');
      }
      records
          .append("{\"messageId\":\"message-")
          .append(i)
          .append("\",\"receiptHandle\":\"r")
          .append(i)
          .append("\",\"body\":")
          .append(io.credwatch.testing.CloudTrailRecords.Json.string(bodies.get(i)))
          .append(",\"attributes\":{},\"messageAttributes\":{},\"eventSource\":\"aws:sqs\",")
          .append("\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:credwatch-buffer\",")
          .append("\"awsRegion\":\"us-east-1\"}");
    }
    return "{\"Records\":[" + records + "]}";
  }
}
