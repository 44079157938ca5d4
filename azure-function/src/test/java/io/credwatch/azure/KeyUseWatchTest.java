package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.local.Azurite;
import io.credwatch.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Created, then used, in Entra: the Event Hubs function reads the example's new client secret, then
 * a {@code ServicePrincipalSignInLogs} record naming its key id arrives through the same hub. The
 * key id waits in the state table (Azurite) between the two; the first sign-in posts a follow-up
 * card with the same alert id, the sign-in's IP, location, resource and result, and a raised
 * severity (three minutes after creation, from another IP). A second sign-in posts nothing more.
 */
class KeyUseWatchTest {
  private static final String KEY_ID = "f3b8e2d1-3333-4d4e-9f0a-000000000002";
  private static Azurite tables;

  private AzureStandIn azure;
  private String table;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @BeforeAll
  static void startAzurite() throws Exception {
    tables = TableActionLedgerTest.startTables();
  }

  @AfterAll
  static void stopAzurite() {
    if (tables != null) {
      tables.close();
    }
  }

  @BeforeEach
  void standIn() throws Exception {
    azure = new AzureStandIn();
    table = "watch" + System.nanoTime();
    TableActionLedgerTest.createTable(tables, table);
  }

  @AfterEach
  void stop() {
    azure.close();
    io.credwatch.testing.NoSecrets.in(logs.toString(StandardCharsets.UTF_8));
  }

  private CredWatchFunctions functions() {
    Map<String, String> environment = new HashMap<>(azure.environment());
    environment.put(AzureSettings.STATE_TABLE_ENDPOINT, tables.tableEndpoint().toString());
    environment.put(AzureSettings.STATE_TABLE, table);
    return new CredWatchFunctions(
        new AzureCore(
            environment,
            new SettableClock(Instant.parse("2026-11-20T11:03:00Z")),
            new PrintStream(logs, true, StandardCharsets.UTF_8),
            pause -> {},
            new AzureCore.SharedKey(
                TableActionLedgerTest::sharedKeyLite, (date, version, path) -> "no queue here")));
  }

  private static String signIn(String keyId, String ip) {
    return "{\"records\":[{\"time\":\"2026-11-20T11:05:14Z\",\"category\":\"ServicePrincipalSignInLogs\","
        + "\"operationName\":\"Sign-in activity\",\"callerIpAddress\":\""
        + ip
        + "\",\"properties\":{\"id\":\"s-"
        + System.nanoTime()
        + "\",\"createdDateTime\":\"2026-11-20T11:05:14.1234567+00:00\",\"ipAddress\":\""
        + ip
        + "\",\"servicePrincipalCredentialKeyId\":\""
        + keyId
        + "\",\"resourceDisplayName\":\"Microsoft Graph\",\"status\":{\"errorCode\":0},"
        + "\"location\":{\"city\":\"Rotterdam\",\"countryOrRegion\":\"NL\"}}}]}";
  }

  @Test
  void theFirstSignInOfANewKey_postsAFollowUpCardOfTheSameAlert_once() throws Exception {
    String audit =
        Files.readString(
            io.credwatch.testing.Fixtures.repositoryRoot()
                .resolve("examples/events/azure/eventhub-entra-audit-logs.json"));
    CredWatchFunctions functions = functions();
    functions.entraAuditLogs(List.of(audit), new Binding<>(), CredWatchFunctionsTest.attempt(0, 4));
    int detections = azure.teamsPosts.size();
    assertThat(detections).isPositive();
    String firstCard = AzureStandIn.cardText(azure.teamsPosts.get(detections - 1));

    // A sign-in of another key, then the new key's first, then its second.
    functions.entraAuditLogs(
        List.of(signIn("0c7a1b2e-2222-4c3d-8e9f-000000000001", "203.0.113.200")),
        new Binding<>(),
        CredWatchFunctionsTest.attempt(0, 4));
    assertThat(azure.teamsPosts).hasSize(detections);
    functions.entraAuditLogs(
        List.of(signIn(KEY_ID, "203.0.113.200")),
        new Binding<>(),
        CredWatchFunctionsTest.attempt(0, 4));
    assertThat(azure.teamsPosts).hasSize(detections + 1);
    functions.entraAuditLogs(
        List.of(signIn(KEY_ID, "203.0.113.201")),
        new Binding<>(),
        CredWatchFunctionsTest.attempt(0, 4));
    assertThat(azure.teamsPosts).as("only the first sign-in").hasSize(detections + 1);

    String followUp = AzureStandIn.cardText(azure.teamsPosts.get(detections));
    assertThat(followUp)
        .contains("First use")
        .contains("203.0.113.200")
        .contains("Rotterdam, NL")
        .contains("Microsoft Graph")
        .contains("raised to critical");
    assertThat(alertId(followUp)).isEqualTo(alertId(firstCard));
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("first sign-in");
  }

  private static String alertId(String cardText) {
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("cw1-[0-9a-f]{32}").matcher(cardText);
    assertThat(id.find()).as(cardText).isTrue();
    return id.group();
  }
}
