package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.testing.Fixtures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The acceptance, as a user runs it: {@code ./credwatch aws-invoke FILE} (the deployable
 * jar, the real handler, run by Lambda's runtime interface client) against moto, with
 * CREDWATCH_SNS_TOPIC_ARN set.
 */
class AwsInvokeIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static IamClient iam;
  private static SqsClient sqs;
  private static String topicArn;
  private static String queueUrl;

  @BeforeAll
  static void topic() {
    iam = MOTO.iam();
    sqs = MOTO.sqs();
    io.credwatch.local.Moto.TopicReadBack alerts =
        MOTO.topicWithReadBackQueue("credwatch-acceptance", "acceptance-alerts");
    topicArn = alerts.topicArn();
    queueUrl = alerts.queueUrl();
  }

  record Run(int status, String out, String err) {}

  private static Run awsInvoke(Path event, Map<String, String> settings) throws Exception {
    Path root = Fixtures.repositoryRoot();
    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("credwatch").toString(), "aws-invoke", event.toString())
            .directory(root.toFile());
    builder.environment().putAll(MOTO.environment());
    builder.environment().putAll(settings);
    File out = File.createTempFile("aws-invoke", ".out");
    File err = File.createTempFile("aws-invoke", ".err");
    Process process = builder.redirectOutput(out).redirectError(err).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("aws-invoke finished").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  private static List<JsonNode> alerts() throws Exception {
    List<Message> messages =
        sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages();
    java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
    for (Message message : messages) {
      out.add(JSON.readTree(message.body()));
      sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
    return out;
  }

  @Test
  void createAccessKeyForAnotherUser_dryRunThenEnforceThenRedelivery(@TempDir Path dir)
      throws Exception {
    String user = "bob-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    AccessKey other = iam.createAccessKey(r -> r.userName(user)).accessKey();
    AccessKey added = iam.createAccessKey(r -> r.userName(user)).accessKey();
    Path event = dir.resolve("create-access-key.json");
    Files.writeString(
        event, AwsEvents.createAccessKey(user, added.accessKeyId(), added.createDate()));
    // A genuine event: CloudTrail's history holds it, where enforce mode confirms it.
    MOTO.cloudTrail().holds(Files.readString(event));

    Run dryRun =
        awsInvoke(
            event, Map.of("CREDWATCH_SNS_TOPIC_ARN", topicArn, "CREDWATCH_REMEDIATION", "dry-run"));
    assertThat(dryRun.status()).as(dryRun.err()).isZero();
    assertThat(MotoServer.accessKeyStatus(iam, user, added.accessKeyId()))
        .isEqualTo(StatusType.ACTIVE);
    List<JsonNode> dryRunAlerts = alerts();
    assertThat(dryRunAlerts).hasSize(1);
    assertThat(dryRunAlerts.get(0).path("credential").path("id").asText())
        .isEqualTo(added.accessKeyId());
    assertThat(dryRunAlerts.get(0).path("remediation").path("outcome").asText())
        .isEqualTo("dry-run");

    Run enforce =
        awsInvoke(
            event, Map.of("CREDWATCH_SNS_TOPIC_ARN", topicArn, "CREDWATCH_REMEDIATION", "enforce"));
    assertThat(enforce.status()).as(enforce.err()).isZero();
    assertThat(MotoServer.accessKeyStatus(iam, user, added.accessKeyId()))
        .isEqualTo(StatusType.INACTIVE);
    assertThat(MotoServer.accessKeyStatus(iam, user, other.accessKeyId()))
        .isEqualTo(StatusType.ACTIVE);
    List<JsonNode> enforceAlerts = alerts();
    assertThat(enforceAlerts).hasSize(1);
    assertThat(enforceAlerts.get(0).path("credential").path("id").asText())
        .isEqualTo(added.accessKeyId());
    assertThat(enforceAlerts.get(0).path("remediation").path("outcome").asText())
        .isEqualTo("applied");
    assertThat(enforce.err()).contains("init ").contains("peak RSS");

    Run again =
        awsInvoke(
            event, Map.of("CREDWATCH_SNS_TOPIC_ARN", topicArn, "CREDWATCH_REMEDIATION", "enforce"));
    assertThat(again.status()).isZero();
    assertThat(again.out()).contains("already-applied");
    assertThat(MotoServer.accessKeyStatus(iam, user, added.accessKeyId()))
        .isEqualTo(StatusType.INACTIVE);
    assertThat(alerts()).hasSize(1);
  }

  @Test
  void unreachableTopic_exitsNonZeroWhereLambdaWouldRetry(@TempDir Path dir) throws Exception {
    Path event = dir.resolve("event.json");
    Files.writeString(
        event, AwsEvents.createAccessKey("bob", "AKIAEXAMPLEEXAMPLE09", java.time.Instant.now()));
    Run run =
        awsInvoke(
            event,
            Map.of(
                "CREDWATCH_SNS_TOPIC_ARN",
                "arn:aws:sns:us-east-1:" + MotoServer.ACCOUNT + ":missing-topic"));
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("Lambda would retry");
  }

  @Test
  void invalidSetting_failsTheFunctionsInit_andExitsTwoWithTheReason(@TempDir Path dir)
      throws Exception {
    Path event = dir.resolve("event.json");
    Files.writeString(
        event, AwsEvents.createAccessKey("bob", "AKIAEXAMPLEEXAMPLE09", java.time.Instant.now()));
    Run run =
        awsInvoke(
            event, Map.of("CREDWATCH_SNS_TOPIC_ARN", topicArn, "CREDWATCH_REMEDIATION", "enfroce"));
    // Lambda's runtime client reports the handler class's failed init on /init/error.
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("the function could not start")
        .contains("CREDWATCH_REMEDIATION: 'enfroce' is not a mode");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badUsage_exitsTwo() throws Exception {
    Path root = Fixtures.repositoryRoot();
    Process process =
        new ProcessBuilder(root.resolve("credwatch").toString(), "aws-invoke", "/no/such/file.json")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("no such file");
  }
}
