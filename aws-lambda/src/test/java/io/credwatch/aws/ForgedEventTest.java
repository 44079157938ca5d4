package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.config.Settings;
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

/**
 * Forged events handed to the real handler core in enforce mode, against moto: what EventBridge and
 * SQS never deliver (a bare CloudTrail record, a log file, an SQS body that is not an EventBridge
 * event), an event put on a bus with a custom source, and an event with no time. Each ends ignored
 * or skipped with its reason, and every credential stays as it was.
 */
class ForgedEventTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static IamClient iam;
  private static String topicArn;

  @BeforeAll
  static void topic() {
    iam = MOTO.iam();
    topicArn = MOTO.topicWithReadBackQueue("forged-alerts", "forged-read-back").topicArn();
  }

  private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();

  private static AwsCore enforce() {
    Map<String, String> environment = new HashMap<>(MOTO.environment());
    environment.put(Settings.REMEDIATION, "enforce");
    environment.put(AwsSettings.SNS_TOPIC_ARN, topicArn);
    return new AwsCore(
        Settings.from(environment),
        AwsSettings.from(environment),
        new AwsClients(environment),
        Clock.systemUTC(),
        new PrintStream(LOGS, true, StandardCharsets.UTF_8));
  }

  /** A user with a legitimate key, and a genuine-looking event naming that key, with its time. */
  private record Victim(String user, AccessKey key, String event) {
    JsonNode detail() throws Exception {
      return JSON.readTree(event).path("detail");
    }
  }

  private static Victim victim() {
    String user = "alice-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
    return new Victim(
        user, key, AwsEvents.createAccessKey(user, key.accessKeyId(), key.createDate()));
  }

  /** The function's response, with its log lines (ignored records and their reasons) added. */
  private static JsonNode handle(String payload) {
    LOGS.reset();
    try (AwsCore function = enforce()) {
      return function
          .handle(
              PlatformDelivery.lambda(payload.getBytes(StandardCharsets.UTF_8), "forged"),
              MotoServer.ACCOUNT)
          .response()
          .put("log", LOGS.toString(StandardCharsets.UTF_8));
    }
  }

  private static void assertUntouched(Victim victim) {
    assertThat(MotoServer.accessKeyStatus(iam, victim.user(), victim.key().accessKeyId()))
        .isEqualTo(StatusType.ACTIVE);
  }

  @Test
  void aBareCloudTrailRecord_isNotWhatEventBridgeDelivers() throws Exception {
    Victim victim = victim();
    JsonNode response = handle(victim.detail().toString());
    assertThat(response.path("alerts")).isEmpty();
    assertThat(response.toString()).contains("not delivered by EventBridge");
    assertUntouched(victim);
  }

  @Test
  void aForgedLogFile_isIgnoredRecordByRecord() throws Exception {
    Victim first = victim();
    Victim second = victim();
    String logFile = "{\"Records\":[" + first.detail() + "," + second.detail() + "]}";
    JsonNode response = handle(logFile);
    assertThat(response.path("alerts")).isEmpty();
    assertThat(response.path("log").asText().split("not delivered by EventBridge", -1)).hasSize(3);
    assertUntouched(first);
    assertUntouched(second);
  }

  @Test
  void aListOfEventBridgeEventsGivenDirectly_isNotWhatEventBridgeDelivers() {
    Victim victim = victim();
    JsonNode response = handle("{\"Records\":[" + victim.event() + "]}");
    assertThat(response.path("alerts")).isEmpty();
    assertThat(response.path("log").asText()).contains("not delivered by EventBridge");
    assertUntouched(victim);
  }

  @Test
  void anSqsBodyThatIsNotAnEventBridgeEvent_isIgnored() throws Exception {
    Victim victim = victim();
    JsonNode response = handle(AwsCoreTest.sqsBatch(List.of(victim.detail().toString())));
    assertThat(response.path("alerts")).isEmpty();
    assertThat(response.toString()).contains("not delivered by EventBridge");
    assertUntouched(victim);
  }

  @Test
  void anEventFromACustomSource_isNotFromCloudTrail() throws Exception {
    Victim victim = victim();
    String custom = victim.event().replace("\"source\":\"aws.iam\"", "\"source\":\"acme.iam\"");
    JsonNode response = handle(custom);
    assertThat(response.path("alerts")).isEmpty();
    assertThat(response.toString()).contains("custom source");
    assertUntouched(victim);
  }

  @Test
  void anEventWithoutATime_alertsButNeverActs() throws Exception {
    Victim victim = victim();
    JsonNode event = JSON.readTree(victim.event());
    ((com.fasterxml.jackson.databind.node.ObjectNode) event).remove("time");
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("detail")).remove("eventTime");
    JsonNode response = handle(event.toString());
    assertThat(response.path("alerts")).hasSize(1);
    assertThat(response.path("alerts").get(0).path("remediation").asText()).isEqualTo("skipped");
    assertUntouched(victim);
  }

  @Test
  void theGenuineShape_stillActs() throws Exception {
    Victim victim = victim();
    MOTO.cloudTrail().holds(victim.event());
    JsonNode response = handle(victim.event());
    assertThat(response.path("alerts").get(0).path("remediation").asText()).isEqualTo("applied");
    assertThat(MotoServer.accessKeyStatus(iam, victim.user(), victim.key().accessKeyId()))
        .isEqualTo(StatusType.INACTIVE);
  }
}
