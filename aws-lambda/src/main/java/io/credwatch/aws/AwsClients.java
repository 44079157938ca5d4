package io.credwatch.aws;

import io.credwatch.aws.AwsApi.Service;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.w3c.dom.Document;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How the function reaches AWS, built once per container with everything explicit that would
 * otherwise be discovered at start-up (Region, credentials, HTTP client): the {@link AwsApi} every
 * call goes through, and the IAM and EC2 calls on it. {@code AWS_ENDPOINT_URL} (moto in tests) and
 * {@code AWS_ENDPOINT_URL_CLOUDTRAIL} (a CloudTrail stand-in, as moto keeps no event history) apply
 * as the SDK would apply them.
 */
public final class AwsClients {
  private final String region;
  private final AwsApi api;
  private final Iam iam;
  private final Ec2KeyPairs ec2;

  public AwsClients(Map<String, String> environment) {
    this.region = environment.getOrDefault("AWS_REGION", "us-east-1").strip();
    SdkHttpClient http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3))
            .socketTimeout(Duration.ofSeconds(10))
            .build();
    String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL", "").strip();
    Map<Service, URI> serviceEndpoints = new EnumMap<>(Service.class);
    String cloudTrail = environment.getOrDefault("AWS_ENDPOINT_URL_CLOUDTRAIL", "").strip();
    if (!cloudTrail.isEmpty()) {
      serviceEndpoints.put(Service.CLOUDTRAIL, URI.create(cloudTrail));
    }
    this.api =
        new AwsApi(
            http,
            credentials(environment),
            endpoint.isEmpty() ? null : URI.create(endpoint),
            serviceEndpoints);
    this.iam = new Iam(api, region);
    this.ec2 = new Ec2KeyPairs(api);
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

  /** The function's own Region. */
  String region() {
    return region;
  }

  AwsApi api() {
    return api;
  }

  Iam iam() {
    return iam;
  }

  Ec2KeyPairs ec2() {
    return ec2;
  }

  /** A Secrets Manager secret's text (the Teams webhook URL). */
  String secretString(String secretArn) {
    return api.json(
            Service.SECRETS_MANAGER,
            region,
            "GetSecretValue",
            AwsApi.request().put("SecretId", secretArn))
        .path("SecretString")
        .asText("");
  }

  /** The account the credentials belong to (for the local invoker; Lambda's context says it). */
  public String callerAccount() {
    Document identity = api.query(Service.STS, region, "GetCallerIdentity", Map.of());
    return AwsApi.Xml.text(identity.getDocumentElement(), "Account");
  }
}
