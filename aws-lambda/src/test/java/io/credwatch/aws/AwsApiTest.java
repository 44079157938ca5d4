package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.credwatch.aws.AwsApi.Service;
import io.credwatch.http.Loopback;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * CredWatch's own AWS calls ({@link AwsApi}): against moto for the two calls no other test makes
 * (Secrets Manager, STS), and against a JDK stand-in for what moto cannot be made to do (refuse,
 * throttle, send a DTD). The other calls are tested where they are used, against moto.
 */
class AwsApiTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private HttpServer server;

  /** Requests the stand-in saw signed with Signature Version 4. */
  private final AtomicInteger signed = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aSecretsText_andTheCallersAccount_comeFromMoto() {
    String arn;
    try (SecretsManagerClient secrets =
        SecretsManagerClient.builder()
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .endpointOverride(MOTO.endpoint())
            .credentialsProvider(MotoServer.credentials())
            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
            .build()) {
      arn =
          secrets
              .createSecret(
                  r ->
                      r.name("teams-" + System.nanoTime())
                          .secretString("{\"url\":\"https://example.invalid/hook\"}"))
              .arn();
    }
    AwsClients clients = MOTO.clients();
    assertThat(clients.secretString(arn)).isEqualTo("{\"url\":\"https://example.invalid/hook\"}");
    assertThat(clients.callerAccount()).isEqualTo(MotoServer.ACCOUNT);
    assertThatThrownBy(() -> clients.secretString(arn + "-missing"))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            refused ->
                assertThat(refused.awsErrorDetails().errorCode())
                    .isEqualTo("ResourceNotFoundException"));
  }

  @Test
  void aThrottledCall_isTriedThreeTimes_thenThrown_asTheSdkWould() throws Exception {
    List<String> bodies = new ArrayList<>();
    AwsApi api =
        standIn(
            400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                + "<Message>Rate exceeded</Message></Error></ErrorResponse>",
            bodies);
    assertThatThrownBy(
            () -> api.query(Service.IAM, "eu-west-1", "GetUser", Map.of("UserName", "a b&c")))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            refused -> {
              assertThat(refused.isThrottlingException()).isTrue();
              assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
            });
    assertThat(bodies).hasSize(AwsApi.ATTEMPTS);
    assertThat(signed.get()).isEqualTo(AwsApi.ATTEMPTS);
    // Form-encoded, Action and Version first, a space as %20.
    assertThat(bodies.get(0)).isEqualTo("Action=GetUser&Version=2010-05-08&UserName=a%20b%26c");
  }

  @Test
  void aRefusal_isNotTriedAgain() throws Exception {
    List<String> bodies = new ArrayList<>();
    AwsApi api =
        standIn(
            400,
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\"}",
            bodies);
    assertThatThrownBy(() -> api.json(Service.DYNAMODB, "eu-west-1", "PutItem", AwsApi.request()))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            refused ->
                assertThat(refused.awsErrorDetails().errorCode())
                    .isEqualTo("ConditionalCheckFailedException"));
    assertThat(bodies).hasSize(1);
  }

  @Test
  void aResponseWithADoctype_isRefused_notExpanded() throws Exception {
    AwsApi api =
        standIn(
            200,
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<GetUserResponse><User>&x;</User></GetUserResponse>",
            new ArrayList<>());
    assertThatThrownBy(() -> api.query(Service.IAM, "eu-west-1", "GetUser", Map.of()))
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("not XML");
  }

  /** IAM lists in pages: every page is read, each asked for with the previous page's Marker. */
  @Test
  void iamListings_followEveryPage() throws Exception {
    List<String> bodies = new ArrayList<>();
    server = Loopback.server();
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          bodies.add(body);
          boolean second = body.contains("Marker=page-2");
          String keys =
              second
                  ? member("AKIASECONDPAGE000001", "Inactive")
                  : member("AKIAFIRSTPAGE0000001", "Active");
          Loopback.respond(
              exchange,
              200,
              "text/xml",
              "<ListAccessKeysResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                  + "<ListAccessKeysResult><AccessKeyMetadata>"
                  + keys
                  + "</AccessKeyMetadata><IsTruncated>"
                  + !second
                  + "</IsTruncated>"
                  + (second ? "" : "<Marker>page-2</Marker>")
                  + "</ListAccessKeysResult></ListAccessKeysResponse>");
        });
    server.start();
    Iam iam = new Iam(MotoServer.apiAt(Loopback.base(server)), "eu-west-1");
    List<Iam.Listed> keys = iam.list(Iam.Kind.ACCESS_KEY, "bob");
    assertThat(keys)
        .extracting(Iam.Listed::id, Iam.Listed::active)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("AKIAFIRSTPAGE0000001", true),
            org.assertj.core.groups.Tuple.tuple("AKIASECONDPAGE000001", false));
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0)).doesNotContain("Marker");
    assertThat(bodies.get(1)).endsWith("&UserName=bob&Marker=page-2");
  }

  private static String member(String id, String status) {
    return "<member><UserName>bob</UserName><AccessKeyId>"
        + id
        + "</AccessKeyId><Status>"
        + status
        + "</Status><CreateDate>2026-11-20T10:15:01Z</CreateDate></member>";
  }

  @Test
  void endpoints_areAwssOwn_perPartition() {
    AwsApi api = MotoServer.apiAt(null);
    assertThat(api.endpoint(Service.IAM, "eu-west-1")).hasToString("https://iam.amazonaws.com/");
    assertThat(api.endpoint(Service.IAM, "cn-northwest-1"))
        .hasToString("https://iam.cn-north-1.amazonaws.com.cn/");
    assertThat(api.endpoint(Service.IAM, "us-gov-east-1"))
        .hasToString("https://iam.us-gov.amazonaws.com/");
    assertThat(api.endpoint(Service.EC2, "ap-south-2"))
        .hasToString("https://ec2.ap-south-2.amazonaws.com/");
    assertThat(api.endpoint(Service.CLOUDTRAIL, "cn-north-1"))
        .hasToString("https://cloudtrail.cn-north-1.amazonaws.com.cn/");
    assertThat(AwsApi.iamSigningRegion("us-gov-west-1")).isEqualTo("us-gov-west-1");
    assertThat(AwsApi.iamSigningRegion("eu-west-1")).isEqualTo("us-east-1");
  }

  /** A stand-in that answers every request alike, keeping each body and its signature. */
  private AwsApi standIn(int status, String body, List<String> bodies) throws Exception {
    server = Loopback.server();
    server.createContext(
        "/",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          if (authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
            signed.incrementAndGet();
          }
          Loopback.respond(exchange, status, "text/xml", body);
        });
    server.start();
    return MotoServer.apiAt(Loopback.base(server));
  }
}
