package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.testing.Fixtures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance, as a user runs it: {@code ./credwatch azure-invoke FILE} on an Event Hubs
 * body holding an "Update application – Certificates and secrets management" record that adds one
 * password, with stand-ins for Graph, the managed-identity endpoint and a Teams webhook.
 */
class AzureInvokeIT {
  static final String FIRST_PASSWORD = AzureRemediatorsTest.FIRST_PASSWORD;
  static final String NEW_KEY = AzureRemediatorsTest.FIRST_PASSWORD_KEY;

  private AzureStandIn azure;

  @BeforeEach
  void start() throws Exception {
    azure = new AzureStandIn();
    // The key the event added, and another one, which must survive.
    azure.put(
        AzureRemediatorsTest.APP,
        "{\"passwordCredentials\":[{\"keyId\":\""
            + AzureRemediatorsTest.OLD_KEY
            + "\",\"startDateTime\":\"2024-11-12T10:35:00Z\"},{\"keyId\":\""
            + NEW_KEY
            + "\",\"startDateTime\":\"2024-11-12T10:31:18Z\"}]}");
  }

  private static String fixture() throws Exception {
    try (var in = AzureInvokeIT.class.getClassLoader().getResourceAsStream(FIRST_PASSWORD)) {
      assertThat(in).as(FIRST_PASSWORD).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  private static Path eventHubsBody(Path dir, String body) throws Exception {
    Path file = dir.resolve("event-hubs-body.json");
    Files.writeString(file, body);
    return file;
  }

  private int azureInvoke(Path file, Map<String, String> settings) throws Exception {
    Path root = Fixtures.repositoryRoot();
    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("credwatch").toString(), "azure-invoke", file.toString())
            .directory(root.toFile());
    builder.environment().putAll(azure.environment());
    builder.environment().putAll(settings);
    File log = File.createTempFile("azure-invoke", ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log).start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
    assertThat(output).doesNotContain("/webhook/workflows").doesNotContain("eyJhbGciOi");
    return process.exitValue();
  }

  @Test
  void onePasswordAdded_dryRunKeepsIt_enforceRemovesExactlyThatKeyId_bothPostACard(
      @TempDir Path dir) throws Exception {
    Path body = eventHubsBody(dir, fixture());
    // A genuine record: Entra's audit log holds it, where enforce mode confirms it.
    azure.audits(fixture());

    assertThat(azureInvoke(body, Map.of("CREDWATCH_REMEDIATION", "dry-run"))).isZero();
    assertThat(azure.object(AzureRemediatorsTest.APP).toString()).contains(NEW_KEY);
    assertThat(azure.writes()).isZero();
    assertThat(azure.lastCardText()).contains(NEW_KEY).contains("dry-run");

    assertThat(azureInvoke(body, Map.of("CREDWATCH_REMEDIATION", "enforce"))).isZero();
    assertThat(azure.calls)
        .filteredOn(call -> !call.startsWith("GET "))
        .containsExactly(
            "POST " + AzureRemediatorsTest.APP + "/removePassword {\"keyId\":\"" + NEW_KEY + "\"}");
    assertThat(azure.object(AzureRemediatorsTest.APP).toString())
        .doesNotContain(NEW_KEY)
        .contains(AzureRemediatorsTest.OLD_KEY);
    assertThat(azure.teamsPosts).hasSize(2);
    assertThat(azure.lastCardText()).contains(NEW_KEY).contains("applied");
  }

  @Test
  void attackerControlledNames_cannotInjectLinksMentionsOrMarkupIntoTheCard(@TempDir Path dir)
      throws Exception {
    String hostile =
        fixture()
            .replace(
                "DisplayName=local-debug",
                "DisplayName=<at>CEO</at> **urgent** <img src=x onerror=alert(1)> see"
                    + " https://evil.example/reset")
            .replace(
                "\"userPrincipalName\": \"marco.ilves@acme-corp.example\"",
                "\"userPrincipalName\": \"[Reset your password](https://evil.example/login) _admin_\"");
    assertThat(hostile).contains("<at>CEO</at>").contains("[Reset your password]");
    assertThat(azureInvoke(eventHubsBody(dir, hostile), Map.of())).isZero();
    String card = azure.lastCardText();
    assertThat(card).contains("CEO").contains("Reset your password");
    assertThat(card)
        .doesNotContain("<at>")
        .doesNotContain("<img")
        .doesNotContain("](https://")
        .doesNotContain("https://evil.example");
  }

  @Test
  void eventGridEvents_areRoutedToTheArmFunction_andUsageErrorsExitTwo(@TempDir Path dir)
      throws Exception {
    Path events = dir.resolve("event-grid.json");
    Files.writeString(
        events,
        Fixtures.resource(
            "samples/azure_managed_identity_federated_credential_written/match/github-fic-written-event-grid.json"));
    assertThat(azureInvoke(events, new HashMap<>())).isZero();
    assertThat(azure.lastCardText()).contains("gh-release-main");

    Path neither = dir.resolve("neither.json");
    Files.writeString(neither, "{\"hello\": \"world\"}");
    assertThat(azureInvoke(neither, Map.of())).isEqualTo(2);

    azure.teamsAnswers(500);
    assertThat(azureInvoke(events, Map.of("CREDWATCH_REMEDIATION", "off"))).isEqualTo(1);
  }
}
