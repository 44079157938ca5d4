package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.config.Settings;
import io.credwatch.local.Moto;
import io.credwatch.respond.FirstUseWatch;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Created, then used, in the Lambda function: the real handler core against moto (IAM's
 * GetAccessKeyLastUsed, SNS, the SQS follow-up queue). After the alert, looks come back through the
 * queue on the watch's schedule; the first look after the key signs a request sends a follow-up
 * with the same alert id, {@code phase=first-use} and the service and Region IAM recorded; a key
 * never used gets exactly ten looks and one "not used in 24 h" follow-up. The test moves its clock
 * past each look's time, so that each message is sent without delay and read at once.
 */
class FirstUseWatchTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IamClient iam = MOTO.iam();
  private final SqsClient sqs = MOTO.sqs();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final SettableClock clock = new SettableClock(Instant.now());
  private String watchQueue;
  private Moto.TopicReadBack alerts;

  @BeforeEach
  void queues() {
    String suffix = Long.toString(System.nanoTime());
    watchQueue = sqs.createQueue(r -> r.queueName("watch-" + suffix)).queueUrl();
    alerts = MOTO.topicWithReadBackQueue("first-use-" + suffix, "first-use-back-" + suffix);
  }

  @AfterEach
  void noSecretInWhatTheFunctionLogged() {
    io.credwatch.testing.NoSecrets.in(logs.toString(StandardCharsets.UTF_8));
  }

  private AwsCore function() {
    Map<String, String> environment = new HashMap<>(MOTO.environment());
    environment.put(AwsSettings.SNS_TOPIC_ARN, alerts.topicArn());
    environment.put(AwsSettings.CONFIRMATION_QUEUE_URL, watchQueue);
    return new AwsCore(
        Settings.from(environment),
        AwsSettings.from(environment),
        new AwsClients(environment),
        clock,
        new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  private record Key(String user, AccessKey key, String event) {}

  private Key newKey() {
    String user = "erin-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
    clock.set(key.createDate());
    return new Key(user, key, AwsEvents.createAccessKey(user, key.accessKeyId(), key.createDate()));
  }

  /** The looks in the queue now, as Lambda hands an SQS batch to the function. */
  private List<Message> looks() {
    return sqs.receiveMessage(
            r -> r.queueUrl(watchQueue).maxNumberOfMessages(10).messageAttributeNames("All"))
        .messages();
  }

  private static String batchOf(List<Message> messages) {
    ObjectNode batch = JSON.createObjectNode();
    ArrayNode records = batch.putArray("Records");
    for (Message message : messages) {
      ObjectNode record = records.addObject();
      record.put("messageId", message.messageId());
      record.put("body", message.body());
      ObjectNode attributes = record.putObject("messageAttributes");
      message
          .messageAttributes()
          .forEach(
              (name, value) ->
                  attributes
                      .putObject(name)
                      .put("stringValue", value.stringValue())
                      .put("dataType", value.dataType()));
      record.put("eventSource", "aws:sqs");
    }
    return batch.toString();
  }

  private JsonNode handle(AwsCore function, String payload) {
    return function
        .handle(
            PlatformDelivery.lambda(payload.getBytes(StandardCharsets.UTF_8), "first-use"),
            MotoServer.ACCOUNT)
        .response();
  }

  private record Sent(JsonNode alert, String phase) {}

  private List<Sent> alertsSent() throws Exception {
    List<Sent> sent = new ArrayList<>();
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(alerts.queueUrl())
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All"))
              .messages();
      if (batch.isEmpty()) {
        return sent;
      }
      for (Message message : batch) {
        var phase = message.messageAttributes().get("phase");
        sent.add(new Sent(JSON.readTree(message.body()), phase == null ? "" : phase.stringValue()));
        sqs.deleteMessage(
            r -> r.queueUrl(alerts.queueUrl()).receiptHandle(message.receiptHandle()));
      }
    }
  }

  /** A request to moto signed with the new key: IAM records the key as used (service, Region). */
  private void useKey(AccessKey key) {
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(URI.create(MOTO.environment().get("AWS_ENDPOINT_URL")))
            .region(Region.EU_WEST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), "not-checked-by-moto")))
            .build()) {
      sts.getCallerIdentity();
    }
  }

  @Test
  void aKeyUsedAfterItsAlert_getsAFollowUpOfTheSameId_withWhereIamSawItUsed() throws Exception {
    Key key = newKey();
    try (AwsCore function = function()) {
      clock.advance(Duration.ofMinutes(2));
      handle(function, key.event());
      List<Message> first = looks();
      assertThat(first).hasSize(1);
      assertThat(first.get(0).messageAttributes().get(SqsFollowUps.FIRST_USE_LOOK).stringValue())
          .isEqualTo("0");

      // Look 0: not used yet, so look 1 is scheduled (due already: the clock has moved on).
      clock.advance(Duration.ofMinutes(4));
      assertThat(handle(function, batchOf(first)).path("batchItemFailures")).isEmpty();
      List<Message> second = looks();
      assertThat(second).hasSize(1);
      assertThat(second.get(0).messageAttributes().get(SqsFollowUps.FIRST_USE_LOOK).stringValue())
          .isEqualTo("1");

      useKey(key.key());
      assertThat(handle(function, batchOf(second)).path("batchItemFailures")).isEmpty();
      assertThat(looks()).as("the watch ends at the first use").isEmpty();
    }
    List<Sent> sent = alertsSent();
    assertThat(sent).extracting(Sent::phase).containsExactly("detection", "first-use");
    assertThat(sent.get(1).alert().path("id")).isEqualTo(sent.get(0).alert().path("id"));
    JsonNode firstUse = sent.get(1).alert().path("firstUse");
    assertThat(firstUse.path("used").asBoolean()).isTrue();
    assertThat(firstUse.path("learnedFrom").asText()).isEqualTo("iam:GetAccessKeyLastUsed");
    assertThat(firstUse.path("resource").asText()).isEqualTo("sts");
    assertThat(firstUse.path("location").asText()).isEqualTo("eu-west-1");
    assertThat(sent.get(0).alert().path("firstUse").isNull()).isTrue();
  }

  @Test
  void aKeyNeverUsed_getsTenLooks_andOneFollowUpSayingSo() throws Exception {
    Key key = newKey();
    Instant created = key.key().createDate();
    int looked = 0;
    List<Duration> polls = FirstUseWatch.POLLS;
    try (AwsCore function = function()) {
      clock.set(created.plus(polls.get(0)).plusSeconds(1));
      handle(function, key.event());
      for (int poll = 0; poll < polls.size(); poll++) {
        List<Message> look = looks();
        assertThat(look).as("look %d", poll).hasSize(1);
        looked++;
        // Past the next look's time too, so that it is sent without delay.
        clock.set(created.plus(polls.get(Math.min(poll + 1, polls.size() - 1))).plusSeconds(1));
        assertThat(handle(function, batchOf(look)).path("batchItemFailures")).isEmpty();
      }
      assertThat(looks()).as("nothing outlives the 24 h schedule").isEmpty();
    }
    assertThat(looked).isEqualTo(FirstUseWatch.POLLS.size());
    List<Sent> sent = alertsSent();
    assertThat(sent).extracting(Sent::phase).containsExactly("detection", "first-use");
    JsonNode firstUse = sent.get(1).alert().path("firstUse");
    assertThat(firstUse.path("used").asBoolean()).isFalse();
    assertThat(firstUse.path("window").asText()).isEqualTo("24 h after it was added");
  }

  @Test
  void aLookBackBeforeItsTime_waitsOn_withoutAskingIamOrAlerting() throws Exception {
    Key key = newKey();
    try (AwsCore function = function()) {
      clock.advance(Duration.ofMinutes(2));
      handle(function, key.event());
      alertsSent();
      List<Message> first = looks();
      // Delivered as look 3 (due 30 minutes after creation) two minutes after it: too early.
      String early = batchOf(first).replace("\"stringValue\":\"0\"", "\"stringValue\":\"3\"");
      assertThat(handle(function, early).path("batchItemFailures")).isEmpty();
    }
    assertThat(alertsSent()).isEmpty();
    assertThat(
            sqs.getQueueAttributes(
                    r ->
                        r.queueUrl(watchQueue)
                            .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
        .isEqualTo("1");
  }
}
