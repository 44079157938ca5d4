package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.credwatch.alert.Alert;
import io.credwatch.alert.Severity;
import io.credwatch.aws.AwsApi.Service;
import io.credwatch.http.Loopback;
import io.credwatch.respond.AlertDeliveryException;
import io.credwatch.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alerts imported into Security Hub (moto's), as findings of the account's default product. */
class SecurityHubSinkTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final Instant CREATED = Instant.parse("2026-11-20T10:15:01Z");

  private static Alert alert(String key) {
    return Fixtures.alert(AwsEvents.createAccessKey("svc-reporting", key, CREATED));
  }

  @Test
  void anAlert_becomesAFindingOfTheAccountsDefaultProduct() throws Exception {
    AwsClients clients = MOTO.clients();
    Alert alert = alert("AKIAHUBFINDING000001");
    new SecurityHubSink(clients.api(), "us-east-1", () -> MotoServer.ACCOUNT).send(alert);

    ObjectNode query = AwsApi.request();
    query
        .putObject("Filters")
        .putArray("Id")
        .addObject()
        .put("Value", alert.id())
        .put("Comparison", "EQUALS");
    JsonNode findings =
        clients.api().restJson(Service.SECURITY_HUB, "us-east-1", "/findings", query);
    JsonNode finding = findings.path("Findings").path(0);
    assertThat(finding.path("Id").asText()).isEqualTo(alert.id());
    assertThat(finding.path("ProductArn").asText())
        .isEqualTo(
            "arn:aws:securityhub:us-east-1:"
                + MotoServer.ACCOUNT
                + ":product/"
                + MotoServer.ACCOUNT
                + "/default");
    assertThat(finding.path("Severity").path("Label").asText()).isEqualTo("HIGH");
    assertThat(finding.path("Resources").path(0).path("Type").asText()).isEqualTo("AwsIamUser");
    assertThat(finding.path("ProductFields").path("credwatch/credentialId").asText())
        .isEqualTo("AKIAHUBFINDING000001");
    assertThat(finding.path("Types").path(0).asText()).startsWith("TTPs/Persistence/T1098.001");
  }

  @Test
  void aFindingSecurityHubRefuses_isADeliveryFailure_sayingWhy() throws Exception {
    HttpServer server = Loopback.server();
    server.createContext(
        "/",
        exchange ->
            Loopback.respond(
                exchange,
                200,
                "application/json",
                "{\"FailedCount\":1,\"SuccessCount\":0,\"FailedFindings\":[{\"Id\":\"x\","
                    + "\"ErrorCode\":\"InvalidInput\",\"ErrorMessage\":\"Finding is too big\"}]}"));
    server.start();
    try {
      AwsApi api = MotoServer.apiAt(Loopback.base(server));
      assertThatThrownBy(
              () ->
                  new SecurityHubSink(api, "eu-west-1", () -> MotoServer.ACCOUNT)
                      .send(alert("AKIAHUBREFUSED000001")))
          .isInstanceOfSatisfying(
              AlertDeliveryException.class,
              refused -> {
                assertThat(refused.getMessage()).contains("InvalidInput", "Finding is too big");
                assertThat(refused.retryable()).isFalse();
              });
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theFinding_keepsToSecurityHubsLimits_andPartitions() {
    Alert hostile =
        Fixtures.alert(
            AwsEvents.createAccessKey("svc-" + "x".repeat(600), "AKIAHUBLONG000000001", CREATED));
    JsonNode finding = SecurityHubSink.finding(hostile, "123456789012", "cn-north-1");
    assertThat(finding.path("Title").asText().length()).isLessThanOrEqualTo(256);
    assertThat(finding.path("Description").asText().length()).isLessThanOrEqualTo(1024);
    assertThat(finding.path("Resources").path(0).path("Id").asText().length())
        .isLessThanOrEqualTo(512);
    assertThat(finding.path("ProductArn").asText())
        .startsWith("arn:aws-cn:securityhub:cn-north-1:");
    assertThat(SecurityHubSink.label(Severity.INFO)).isEqualTo("INFORMATIONAL");
  }
}
