package io.credwatch.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients, built once per container with everything explicit that the SDK would otherwise
 * discover at start-up (region, credentials, HTTP client): that discovery costs cold start. The
 * endpoint is the SDK's own: {@code AWS_ENDPOINT_URL} (moto in tests) applies unchanged.
 */
public final class AwsClients {
  private final Region region;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final ClientOverrideConfiguration overrides;
  private final @Nullable URI endpoint;
  private final IamClient iam;
  private final Map<String, Ec2Client> ec2ByRegion = new ConcurrentHashMap<>();
  private final Map<String, CloudTrailClient> cloudTrailByRegion = new ConcurrentHashMap<>();
  private final @Nullable URI cloudTrailEndpoint;
  private final Lazy<SqsClient> sqs = new Lazy<>(() -> build(SqsClient.builder(), region()));
  private final Lazy<SnsClient> sns = new Lazy<>(() -> build(SnsClient.builder(), region()));
  private final Lazy<SecretsManagerClient> secrets =
      new Lazy<>(() -> build(SecretsManagerClient.builder(), region()));
  private final Lazy<DynamoDbClient> dynamoDb =
      new Lazy<>(() -> build(DynamoDbClient.builder(), region()));

  public AwsClients(Map<String, String> environment) {
    this.region = Region.of(environment.getOrDefault("AWS_REGION", "us-east-1"));
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3))
            .socketTimeout(Duration.ofSeconds(10))
            .build();
    this.credentials = credentials(environment);
    String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL", "");
    this.endpoint = endpoint.isBlank() ? null : URI.create(endpoint.strip());
    // The SDK's per-service variable: a CloudTrail stand-in beside moto, which has no event
    // history, in tests and local runs.
    String cloudTrail = environment.getOrDefault("AWS_ENDPOINT_URL_CLOUDTRAIL", "");
    this.cloudTrailEndpoint = cloudTrail.isBlank() ? this.endpoint : URI.create(cloudTrail.strip());
    this.overrides =
        ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(Duration.ofSeconds(5))
            .apiCallTimeout(Duration.ofSeconds(15))
            .build();
    this.iam = build(IamClient.builder(), iamRegion(region));
  }

  /**
   * Lambda puts the role's credentials in the environment; SnapStart functions get them from the
   * container endpoint instead. Nothing else is searched.
   */
  private static AwsCredentialsProvider credentials(Map<String, String> environment) {
    String keyId = environment.getOrDefault("AWS_ACCESS_KEY_ID", "");
    String secret = environment.getOrDefault("AWS_SECRET_ACCESS_KEY", "");
    String token = environment.getOrDefault("AWS_SESSION_TOKEN", "");
    if (!keyId.isBlank() && !secret.isBlank()) {
      return StaticCredentialsProvider.create(
          token.isBlank()
              ? AwsBasicCredentials.create(keyId, secret)
              : AwsSessionCredentials.create(keyId, secret, token));
    }
    return ContainerCredentialsProvider.builder().build();
  }

  Region region() {
    return region;
  }

  /** IAM is global: one endpoint per partition. */
  static Region iamRegion(Region region) {
    String id = region.id();
    if (id.startsWith("cn-")) {
      return Region.AWS_CN_GLOBAL;
    }
    if (id.startsWith("us-gov-")) {
      return Region.AWS_US_GOV_GLOBAL;
    }
    return Region.AWS_GLOBAL;
  }

  IamClient iam() {
    return iam;
  }

  SnsClient sns() {
    return sns.get();
  }

  /** EC2 is regional: key pairs are deleted in the event's region. Built on first use. */
  Ec2Client ec2(String regionId) {
    return ec2ByRegion.computeIfAbsent(regionId, id -> build(Ec2Client.builder(), Region.of(id)));
  }

  /** CloudTrail is regional: an event is looked up in its own region. Built on first use. */
  CloudTrailClient cloudTrail(String regionId) {
    return cloudTrailByRegion.computeIfAbsent(
        regionId,
        id -> {
          CloudTrailClientBuilder builder =
              CloudTrailClient.builder()
                  .region(Region.of(id))
                  .credentialsProvider(credentials)
                  .overrideConfiguration(overrides)
                  .httpClient(http);
          if (cloudTrailEndpoint != null) {
            builder.endpointOverride(cloudTrailEndpoint);
          }
          return builder.build();
        });
  }

  /** The follow-up queue's client, built on first use. */
  SqsClient sqs() {
    return sqs.get();
  }

  SecretsManagerClient secrets() {
    return secrets.get();
  }

  /** The state table's client, built on first use. */
  DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  /** Every client gets the same explicit region, HTTP client, credentials, timeouts, endpoint. */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, Region clientRegion) {
    builder
        .region(clientRegion)
        .credentialsProvider(credentials)
        .overrideConfiguration(overrides)
        .httpClient(http);
    if (endpoint != null) {
      // AWS_ENDPOINT_URL, as the SDK itself would apply it: moto in tests and local runs.
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /** A client built on first use, once. */
  private static final class Lazy<T> {
    private final Supplier<T> create;
    private @Nullable T value;

    Lazy(Supplier<T> create) {
      this.create = create;
    }

    synchronized T get() {
      T known = value;
      if (known == null) {
        known = create.get();
        value = known;
      }
      return known;
    }
  }

  /** The account the credentials belong to (for the local invoker; Lambda's context says it). */
  public String callerAccount() {
    try (StsClient sts = build(StsClient.builder(), region)) {
      return sts.getCallerIdentity().account();
    }
  }
}
