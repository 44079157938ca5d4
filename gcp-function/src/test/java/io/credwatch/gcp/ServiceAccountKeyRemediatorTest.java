package io.credwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.credwatch.detect.Finding;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.RemediationPlanner;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service-account key remediator against a JDK HTTP server standing in for the IAM API and the
 * metadata server (no IAM emulator exists).
 */
class ServiceAccountKeyRemediatorTest {
  private static final String KEY = "3f8a1c6e9b2d4f7051a8c3e6b9d2f4a7c1e5b8d0";
  private static final String ACCOUNT = "etl-runner@acme-prod-1.iam.gserviceaccount.com";
  private static final String CREATED = "2024-12-06T13:00:00Z";

  private HttpServer server;
  private volatile boolean disabled;
  private volatile String keyType = "USER_MANAGED";
  private volatile int status = 200;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private ServiceAccountKeyRemediator remediator;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/computeMetadata/v1/instance/service-accounts/default/token",
        exchange -> {
          boolean flavoured =
              "Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"));
          respond(
              exchange,
              flavoured ? 200 : 403,
              "{\"access_token\":\"ya29.test\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        });
    server.createContext(
        "/v1/projects/-/serviceAccounts/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          calls.add(
              exchange.getRequestMethod()
                  + " "
                  + path
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          if (status != 200) {
            respond(
                exchange,
                status,
                "{\"error\":{\"code\":"
                    + status
                    + ",\"message\":\"refused for this test\",\"status\":\"PERMISSION_DENIED\"}}");
          } else if (!path.contains("/keys/" + KEY)) {
            respond(
                exchange,
                404,
                "{\"error\":{\"code\":404,\"message\":\"Service account key not found\",\"status\":\"NOT_FOUND\"}}");
          } else if (path.endsWith(":disable")) {
            disabled = true;
            respond(exchange, 200, "{}");
          } else {
            respond(
                exchange,
                200,
                "{\"name\":\"projects/acme-prod-1/serviceAccounts/"
                    + ACCOUNT
                    + "/keys/"
                    + KEY
                    + "\",\"validAfterTime\":\""
                    + CREATED
                    + "\",\"keyType\":\""
                    + keyType
                    + "\""
                    + (disabled ? ",\"disabled\":true" : "")
                    + "}");
          }
        });
    server.start();
    String host = "127.0.0.1:" + server.getAddress().getPort();
    HttpClient http = HttpClient.newHttpClient();
    GoogleRest rest =
        new GoogleRest(
            http, new MetadataToken(http, Map.of("GCE_METADATA_HOST", host), Clock.systemUTC()));
    remediator = new ServiceAccountKeyRemediator(rest, URI.create("http://" + host));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static RemediationPlan.Act plan(String keyId) {
    String entry =
        Fixtures.resource(
            "samples/gcp_iam_service_account_key_created/match/user-creates-key-for-etl-runner.json");
    Finding finding = Fixtures.finding(entry.replace(KEY, keyId));
    return (RemediationPlan.Act) new RemediationPlanner().plan(finding);
  }

  @Test
  void enforce_disablesThatKeyWithTheMetadataToken_thenRedeliveryIsAlreadyApplied() {
    Outcome applied = remediator.apply(plan(KEY), RemediationMode.ENFORCE);
    assertThat(applied).isInstanceOf(Outcome.Applied.class);
    assertThat(applied.detail()).contains(KEY).contains("read back: disabled");
    assertThat(disabled).isTrue();
    assertThat(calls)
        .anyMatch(call -> call.startsWith("POST ") && call.endsWith(":disable Bearer ya29.test"));

    assertThat(remediator.apply(plan(KEY), RemediationMode.ENFORCE))
        .isInstanceOf(Outcome.AlreadyApplied.class);
  }

  @Test
  void dryRun_readsButDoesNotDisable() {
    assertThat(remediator.apply(plan(KEY), RemediationMode.DRY_RUN))
        .isInstanceOf(Outcome.DryRun.class);
    assertThat(disabled).isFalse();
    assertThat(calls).noneMatch(call -> call.contains(":disable"));
  }

  @Test
  void unknownKey_isNotFound_andGoogleManagedKeysAreLeftAlone() {
    assertThat(
            remediator
                .apply(plan("0000000000000000000000000000000000000000"), RemediationMode.ENFORCE)
                .detail())
        .startsWith("not found");
    keyType = "SYSTEM_MANAGED";
    assertThat(remediator.apply(plan(KEY), RemediationMode.ENFORCE))
        .isInstanceOf(Outcome.Skipped.class);
    assertThat(disabled).isFalse();
  }

  @Test
  void permissionDenied_namesThePermission() {
    status = 403;
    Outcome outcome = remediator.apply(plan(KEY), RemediationMode.ENFORCE);
    assertThat(outcome.detail())
        .startsWith("permission denied")
        .contains("iam.serviceAccountKeys.get");
  }
}
