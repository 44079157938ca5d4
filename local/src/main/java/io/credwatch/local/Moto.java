package io.credwatch.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real moto server (AWS IAM, EC2, SNS, SQS... in memory) on 127.0.0.1, answering for one account,
 * with SDK clients pointed at it.
 */
public final class Moto implements AutoCloseable {
  /** The account moto answers for unless told otherwise. */
  public static final String DEFAULT_ACCOUNT = "123456789012";

  public static final String REGION = "us-east-1";

  private final ExternalProcess process;
  private final String account;

  private Moto(ExternalProcess process, String account) {
    this.process = process;
    this.account = account;
  }

  /** moto_server on the PATH ({@code pip install 'moto[server]'}). */
  public static Optional<Path> executable() {
    return ExternalProcess.onPath("moto_server");
  }

  /** Starts moto_server on that port of 127.0.0.1, answering for {@code account}. */
  public static Moto start(int port, String account, Path log)
      throws IOException, InterruptedException {
    Path executable =
        executable()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "moto_server is not on the PATH: pip install 'moto[server]'"));
    // MOTO_ACCOUNT_ID makes every request act in that account, whatever the credentials.
    Map<String, String> environment =
        account.equals(DEFAULT_ACCOUNT) ? Map.of() : Map.of("MOTO_ACCOUNT_ID", account);
    return new Moto(
        ExternalProcess.start(
            "moto_server",
            List.of(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port)),
            environment,
            port,
            log,
            Duration.ofSeconds(20)),
        account);
  }

  public URI endpoint() {
    return process.endpoint();
  }

  public String account() {
    return account;
  }

  public ExternalProcess process() {
    return process;
  }

  public IamClient iam() {
    return IamClient.builder()
        .region(Region.AWS_GLOBAL)
        .endpointOverride(endpoint())
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public SnsClient sns() {
    return SnsClient.builder()
        .region(Region.of(REGION))
        .endpointOverride(endpoint())
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public SqsClient sqs() {
    return SqsClient.builder()
        .region(Region.of(REGION))
        .endpointOverride(endpoint())
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A topic and an SQS queue subscribed to it with raw delivery, to read publications back. */
  public record TopicReadBack(String topicArn, String queueUrl) {}

  public TopicReadBack topicWithReadBackQueue(String topic, String queue) {
    try (SqsClient sqs = sqs();
        SnsClient sns = sns()) {
      String topicArn = sns.createTopic(r -> r.name(topic)).topicArn();
      String queueUrl = sqs.createQueue(r -> r.queueName(queue)).queueUrl();
      String queueArn =
          sqs.getQueueAttributes(
                  r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      String subscription =
          sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn))
              .subscriptionArn();
      sns.setSubscriptionAttributes(
          r ->
              r.subscriptionArn(subscription)
                  .attributeName("RawMessageDelivery")
                  .attributeValue("true"));
      return new TopicReadBack(topicArn, queueUrl);
    }
  }

  /** Every message the queue holds now, in bodies, deleted as they are read. */
  public List<String> takeAll(String queueUrl) {
    List<String> bodies = new java.util.ArrayList<>();
    try (SqsClient sqs = sqs()) {
      while (true) {
        List<software.amazon.awssdk.services.sqs.model.Message> batch =
            sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        if (batch.isEmpty()) {
          return bodies;
        }
        for (software.amazon.awssdk.services.sqs.model.Message message : batch) {
          bodies.add(message.body());
          sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
      }
    }
  }

  /** What the AWS SDK (and so the function) needs to talk to this server. */
  public Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("AWS_ENDPOINT_URL", endpoint().toString());
    environment.put("AWS_ACCESS_KEY_ID", "testing");
    environment.put("AWS_SECRET_ACCESS_KEY", "testing");
    environment.put("AWS_REGION", REGION);
    return environment;
  }

  /** The status of one access key of a user, as IAM lists it. */
  public static StatusType accessKeyStatus(IamClient iam, String user, String keyId) {
    return iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata().stream()
        .filter(k -> k.accessKeyId().equals(keyId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(user + " has no access key " + keyId))
        .status();
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  @Override
  public void close() {
    process.close();
  }
}
