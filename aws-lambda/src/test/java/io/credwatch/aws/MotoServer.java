package io.credwatch.aws;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A real moto server on loopback for a test class: started on a free port before the tests, stopped
 * by its PID after them. Without moto_server on the PATH the tests are skipped, unless
 * CREDWATCH_REQUIRE_EMULATORS=1 (CI), where they fail.
 */
final class MotoServer implements BeforeAllCallback, AfterAllCallback {
  static final String ACCOUNT = "123456789012";

  private @Nullable Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String executable = findOnPath("moto_server");
    if (executable == null) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException(
            "moto_server is required (CREDWATCH_REQUIRE_EMULATORS=1) but is not on the PATH");
      }
      Assumptions.abort("moto_server is not installed: skipping the AWS integration tests");
    }
    port = freePort();
    Process started =
        new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(new File("target/moto-" + port + ".log"))
            .start();
    process = started;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!listening(port)) {
      if (!started.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + started.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("moto_server did not listen on " + port + " within 20 s");
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Process running = process;
    if (running != null) {
      running.descendants().forEach(ProcessHandle::destroy);
      running.destroy();
      if (!running.waitFor(10, TimeUnit.SECONDS)) {
        running.destroyForcibly();
      }
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  IamClient iam() {
    return IamClient.builder()
        .region(Region.AWS_GLOBAL)
        .endpointOverride(endpoint())
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(fastFailing())
        .build();
  }

  Ec2Client ec2(String region) {
    return Ec2Client.builder()
        .region(Region.of(region))
        .endpointOverride(endpoint())
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(fastFailing())
        .build();
  }

  SnsClient sns() {
    return SnsClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint())
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  SqsClient sqs() {
    return SqsClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint())
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A topic and an SQS queue subscribed to it with raw delivery, to read publications back. */
  record TopicReadBack(String topicArn, String queueUrl) {}

  TopicReadBack topicWithReadBackQueue(String topic, String queue) {
    SqsClient sqs = sqs();
    SnsClient sns = sns();
    String topicArn = sns.createTopic(r -> r.name(topic)).topicArn();
    String queueUrl = sqs.createQueue(r -> r.queueName(queue)).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
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

  /** The environment a function gets when pointed at this server. */
  java.util.Map<String, String> environment() {
    java.util.Map<String, String> environment = new java.util.HashMap<>();
    environment.put("AWS_ENDPOINT_URL", endpoint().toString());
    environment.put("AWS_ACCESS_KEY_ID", "testing");
    environment.put("AWS_SECRET_ACCESS_KEY", "testing");
    environment.put("AWS_REGION", "us-east-1");
    return environment;
  }

  /** The status of one access key of a user, as IAM lists it. */
  static StatusType accessKeyStatus(IamClient iam, String user, String keyId) {
    return iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata().stream()
        .filter(k -> k.accessKeyId().equals(keyId))
        .findFirst()
        .orElseThrow()
        .status();
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  private static ClientOverrideConfiguration fastFailing() {
    return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static @Nullable String findOnPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(dir, name);
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    return null;
  }
}
