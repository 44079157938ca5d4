package io.credwatch.aws;

import io.credwatch.local.CloudTrailLog;
import io.credwatch.local.ExternalProcess;
import io.credwatch.local.Moto;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
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
 * A real moto server ({@link Moto}, the local cloud's) on loopback for a test class: started on a
 * free port before the tests, stopped by its PID after them. Without moto_server on the PATH the
 * tests are skipped, unless CREDWATCH_REQUIRE_EMULATORS=1 (CI), where they fail.
 */
final class MotoServer implements BeforeAllCallback, AfterAllCallback {
  static final String ACCOUNT = Moto.DEFAULT_ACCOUNT;

  private @Nullable Moto moto;
  private @Nullable CloudTrailLog cloudTrail;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (Moto.executable().isEmpty()) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException(
            "moto_server is required (CREDWATCH_REQUIRE_EMULATORS=1) but is not on the PATH");
      }
      Assumptions.abort("moto_server is not installed: skipping the AWS integration tests");
    }
    moto =
        ExternalProcess.onFreePort(
            port -> Moto.start(port, ACCOUNT, Path.of("target/moto-" + port + ".log")));
    cloudTrail = new CloudTrailLog(0);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (moto != null) {
      moto.close();
    }
    if (cloudTrail != null) {
      cloudTrail.close();
    }
  }

  /**
   * CloudTrail's event history beside moto (which keeps none): what it {@link CloudTrailLog#holds}
   * is confirmed, anything else is not.
   */
  CloudTrailLog cloudTrail() {
    if (cloudTrail == null) {
      throw new IllegalStateException("the CloudTrail stand-in is not running");
    }
    return cloudTrail;
  }

  private Moto moto() {
    if (moto == null) {
      throw new IllegalStateException("moto is not running");
    }
    return moto;
  }

  URI endpoint() {
    return moto().endpoint();
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

  /** CredWatch's calls to AWS, sent to a stand-in at {@code endpoint} (or AWS's own, if null). */
  static AwsApi apiAt(@Nullable URI endpoint) {
    return new AwsApi(UrlConnectionHttpClient.create(), credentials(), endpoint, Map.of());
  }

  /** CredWatch's own way to AWS, pointed at this server as the function would be. */
  AwsClients clients() {
    return new AwsClients(environment());
  }

  software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb() {
    return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint())
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(fastFailing())
        .build();
  }

  SnsClient sns() {
    return moto().sns();
  }

  SqsClient sqs() {
    return moto().sqs();
  }

  Moto.TopicReadBack topicWithReadBackQueue(String topic, String queue) {
    return moto().topicWithReadBackQueue(topic, queue);
  }

  /** Every message the queue holds now, deleted as it is read. */
  java.util.List<String> takeAll(String queueUrl) {
    return moto().takeAll(queueUrl);
  }

  /** The environment a function gets when pointed at this server. */
  Map<String, String> environment() {
    Map<String, String> environment = new java.util.HashMap<>(moto().environment());
    environment.put("AWS_ENDPOINT_URL_CLOUDTRAIL", cloudTrail().endpoint());
    return Map.copyOf(environment);
  }

  /** The status of one access key of a user, as IAM lists it. */
  static StatusType accessKeyStatus(IamClient iam, String user, String keyId) {
    return Moto.accessKeyStatus(iam, user, keyId);
  }

  static StaticCredentialsProvider credentials() {
    return Moto.credentials();
  }

  private static ClientOverrideConfiguration fastFailing() {
    return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
  }
}
