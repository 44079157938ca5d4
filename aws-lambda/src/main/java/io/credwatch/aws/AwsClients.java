package io.credwatch.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients, built once per container with everything explicit that the SDK would otherwise
 * discover at start-up (region, credentials, HTTP client): that discovery costs cold start. The
 * endpoint is the SDK's own: {@code AWS_ENDPOINT_URL} (moto in tests) applies unchanged.
 */
final class AwsClients {
  private final Region region;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final ClientOverrideConfiguration overrides;
  private final @Nullable URI endpoint;
  private final IamClient iam;
  private final Map<String, Ec2Client> ec2ByRegion = new ConcurrentHashMap<>();
  private volatile @Nullable SnsClient sns;
  private volatile @Nullable SecretsManagerClient secrets;

  AwsClients(Map<String, String> environment) {
    this.region = Region.of(environment.getOrDefault("AWS_REGION", "us-east-1"));
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3))
            .socketTimeout(Duration.ofSeconds(10))
            .build();
    this.credentials = credentials(environment);
    String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL", "");
    this.endpoint = endpoint.isBlank() ? null : URI.create(endpoint.strip());
    this.overrides =
        ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(Duration.ofSeconds(5))
            .apiCallTimeout(Duration.ofSeconds(15))
            .build();
    this.iam =
        IamClient.builder()
            .region(iamRegion(region))
            .httpClient(http)
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides)
            .applyMutation(this::pointAtEndpoint)
            .build();
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

  /** AWS_ENDPOINT_URL, as the SDK itself would apply it: moto in tests and local runs. */
  private void pointAtEndpoint(
      software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<?, ?> builder) {
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
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
    SnsClient client = sns;
    if (client == null) {
      synchronized (this) {
        client = sns;
        if (client == null) {
          client =
              SnsClient.builder()
                  .region(region)
                  .httpClient(http)
                  .credentialsProvider(credentials)
                  .overrideConfiguration(overrides)
                  .applyMutation(this::pointAtEndpoint)
                  .build();
          sns = client;
        }
      }
    }
    return client;
  }

  /** EC2 is regional: key pairs are deleted in the event's region. Built on first use. */
  Ec2Client ec2(String regionId) {
    return ec2ByRegion.computeIfAbsent(
        regionId,
        id ->
            Ec2Client.builder()
                .region(Region.of(id))
                .httpClient(http)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides)
                .applyMutation(this::pointAtEndpoint)
                .build());
  }

  SecretsManagerClient secrets() {
    SecretsManagerClient client = secrets;
    if (client == null) {
      synchronized (this) {
        client = secrets;
        if (client == null) {
          client =
              SecretsManagerClient.builder()
                  .region(region)
                  .httpClient(http)
                  .credentialsProvider(credentials)
                  .overrideConfiguration(overrides)
                  .applyMutation(this::pointAtEndpoint)
                  .build();
          secrets = client;
        }
      }
    }
    return client;
  }

  /** The account the credentials belong to (for the local invoker; Lambda's context says it). */
  String callerAccount() {
    try (StsClient sts =
        StsClient.builder()
            .region(region)
            .httpClient(http)
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides)
            .applyMutation(this::pointAtEndpoint)
            .build()) {
      return sts.getCallerIdentity().account();
    }
  }
}
