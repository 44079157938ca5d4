package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.RpcException;
import io.credwatch.config.Settings;
import io.credwatch.respond.AlertDeliveryFailedException;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both function methods, called as the Functions host calls them (a working ExecutionContext, the
 * retry context on retries, an output binding), against stand-ins for Graph, ARM, the
 * managed-identity endpoint and a Teams Workflows webhook.
 */
class CredWatchFunctionsTest {
  private AzureStandIn azure;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @org.junit.jupiter.api.AfterEach
  void noSecretInWhatTheFunctionLogged() {
    io.credwatch.testing.NoSecrets.in(logs.toString(StandardCharsets.UTF_8));
  }

  private final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    azure = new AzureStandIn();
    azure.put(
        AzureRemediatorsTest.APP,
        AzureRemediatorsTest.applicationWithPasswords("2024-11-14T00:15:03Z"));
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  private CredWatchFunctions functions(Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>(azure.environment());
    environment.putAll(settings);
    return new CredWatchFunctions(
        new AzureCore(
            environment,
            Clock.systemUTC(),
            new PrintStream(logs, true, StandardCharsets.UTF_8),
            pauses::add,
            null));
  }

  static String sample(String path) {
    return Fixtures.resource("samples/" + path);
  }

  /**
   * The n-th attempt (0 = first) of an invocation whose retry policy allows {@code max} retries.
   */
  static ExecutionContext attempt(int retry, int max) {
    return new ExecutionContext() {
      @Override
      public Logger getLogger() {
        return Logger.getLogger("test");
      }

      @Override
      public String getInvocationId() {
        return "invocation-1";
      }

      @Override
      public String getFunctionName() {
        return "EntraAuditLogs";
      }

      @Override
      public @Nullable RetryContext getRetryContext() {
        return new RetryContext() {
          @Override
          public int getRetrycount() {
            return retry;
          }

          @Override
          public int getMaxretrycount() {
            return max;
          }

          @Override
          public @Nullable RpcException getException() {
            return null;
          }
        };
      }
    };
  }

  @Test
  void eventHubsBatch_enforce_removesThePassword_andPostsACardNamingTheKey() throws IOException {
    azure.audits(sample(AzureRemediatorsTest.PASSWORD_SAMPLE));
    Binding<List<String>> deadLetters = new Binding<>();
    functions(Map.of(Settings.REMEDIATION, "enforce"))
        .entraAuditLogs(
            List.of(sample(AzureRemediatorsTest.PASSWORD_SAMPLE)), deadLetters, attempt(0, 4));

    assertThat(azure.object(AzureRemediatorsTest.APP).toString())
        .as(logs.toString(StandardCharsets.UTF_8))
        .doesNotContain(AzureRemediatorsTest.NEW_KEY)
        .contains(AzureRemediatorsTest.OLD_KEY);
    assertThat(azure.teamsPosts).hasSize(1);
    assertThat(AzureStandIn.cardText(azure.teamsPosts.get(0)))
        .contains(AzureRemediatorsTest.NEW_KEY)
        .contains("applied");
    assertThat(deadLetters.getValue()).isNull();
  }

  @Test
  void aMalformedMessage_doesNotBlockTheRestOfTheBatch() {
    functions(Map.of())
        .entraAuditLogs(
            List.of("{\"records\": [ not json", sample(AzureRemediatorsTest.PASSWORD_SAMPLE)),
            new Binding<>(),
            attempt(0, 4));
    assertThat(azure.teamsPosts).hasSize(1);
    assertThat(AzureStandIn.cardText(azure.teamsPosts.get(0))).contains("dry-run");
    assertThat(azure.writes()).isZero();
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("record malformed, acknowledged without retry")
        .contains("event-hubs:invocation-1:0");
  }

  @Test
  void teamsThrottling_isRetriedHonouringRetryAfter() {
    azure.teamsAnswers(202, 429);
    functions(Map.of())
        .entraAuditLogs(
            List.of(sample(AzureRemediatorsTest.PASSWORD_SAMPLE)), new Binding<>(), attempt(0, 4));
    assertThat(azure.teamsPosts).hasSize(2);
    assertThat(pauses).containsExactly(Duration.ofSeconds(AzureStandIn.RETRY_AFTER_SECONDS));
  }

  @Test
  void teamsDown_failsEachAttempt_thenTheLastOneWritesTheAlertToTheDeadLetterQueue() {
    azure.teamsAnswers(500);
    CredWatchFunctions functions = functions(Map.of());
    List<String> batch = List.of(sample(AzureRemediatorsTest.PASSWORD_SAMPLE));

    Binding<List<String>> first = new Binding<>();
    assertThatThrownBy(() -> functions.entraAuditLogs(batch, first, attempt(0, 4)))
        .isInstanceOf(AlertDeliveryFailedException.class);
    assertThat(first.getValue()).isNull();

    Binding<List<String>> last = new Binding<>();
    functions.entraAuditLogs(batch, last, attempt(4, 4));
    assertThat(last.getValue())
        .singleElement()
        .asString()
        .contains("\"ruleId\"")
        .contains(AzureRemediatorsTest.NEW_KEY);
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("dead-letter queue");
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("/webhook/workflows");
  }

  @Test
  void eventGrid_deletesTheManagedIdentityCredential_andAnswersValidation() throws IOException {
    String resource =
        "/subscriptions/9b4e1c7a-3d58-4f26-a0e9-6c2d8b5f1a47/resourceGroups/rg-platform-identity"
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-release-pipeline"
            + "/federatedIdentityCredentials/gh-release-main";
    azure.put(resource, "{\"systemData\":{\"createdAt\":\"2024-12-02T10:18:44Z\"}}");
    String events =
        sample(
            "azure_managed_identity_federated_credential_written/match/github-fic-written-event-grid.json");
    azure.activity(events);
    CredWatchFunctions functions = functions(Map.of(Settings.REMEDIATION, "enforce"));
    functions.armEvents(events, attempt(0, 0));
    assertThat(azure.exists(resource)).isFalse();
    assertThat(AzureStandIn.cardText(azure.teamsPosts.get(0))).contains("gh-release-main");

    functions.armEvents(
        "[{\"id\":\"v1\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\","
            + "\"data\":{\"validationCode\":\"512d38b6\"}}]",
        attempt(0, 0));
    assertThat(azure.teamsPosts).hasSize(1);
    assertThat(PlatformDelivery.EventGridEvent.validationAnswer("512d38b6"))
        .isEqualTo("{\"validationResponse\":\"512d38b6\"}");
  }

  @Test
  void eventGrid_undeliveredAlert_failsSoThatEventGridRedelivers() {
    azure.teamsAnswers(500);
    String events =
        sample(
            "azure_managed_identity_federated_credential_written/match/github-fic-written-event-grid.json");
    assertThatThrownBy(() -> functions(Map.of()).armEvents(events, attempt(0, 0)))
        .isInstanceOf(AlertDeliveryFailedException.class);
  }

  @Test
  void theFunctionsOwnServicePrincipal_isNeverTouched() {
    String own =
        sample("entra_service_principal_credential_added/match/first-secret-on-reporting-sp.json")
            .replace("7a1d3e9c-5b2f-4c84-9e6a-0d8b4f2c7e15", AzureStandIn.OWN_OBJECT_ID);
    assertThat(own).contains(AzureStandIn.OWN_OBJECT_ID);
    functions(Map.of(Settings.REMEDIATION, "enforce"))
        .entraAuditLogs(List.of(own), new Binding<>(), attempt(0, 4));
    assertThat(AzureStandIn.cardText(azure.teamsPosts.get(0))).contains("protected");
    assertThat(azure.writes()).isZero();
  }

  /** The card an on-call engineer gets for an Entra password, pinned (-Dgolden.update=true). */
  @Test
  void entraPasswordCard_matchesTheGoldenCard() throws IOException {
    azure.put(
        AzureRemediatorsTest.APP,
        "{\"passwordCredentials\":[{\"keyId\":\"2d8f6b4a-9c1e-4f73-a5d0-3b7e1c9f4a86\","
            + "\"startDateTime\":\"2024-11-12T10:31:18Z\"}]}");
    String body;
    try (var in =
        getClass().getClassLoader().getResourceAsStream(AzureRemediatorsTest.FIRST_PASSWORD)) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    functions(Map.of()).entraAuditLogs(List.of(body), new Binding<>(), attempt(0, 4));
    JsonNode posted = azure.teamsPosts.get(0);
    java.nio.file.Path golden =
        java.nio.file.Path.of("src/test/resources/golden/entra-password-card.json");
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    if (Boolean.getBoolean("golden.update")) {
      json.writerWithDefaultPrettyPrinter().writeValue(golden.toFile(), posted);
    }
    assertThat(posted).isEqualTo(json.readTree(golden.toFile()));
    String card = AzureStandIn.cardText(posted);
    assertThat(card)
        .contains("marco.ilves@acme-corp.example")
        .contains("203.0.113.41")
        .contains("invoice-portal")
        .contains("2d8f6b4a-9c1e-4f73-a5d0-3b7e1c9f4a86")
        .contains("https://portal.azure.com/");
  }

  @Test
  void theCap_andProtectedApplications_stopRemediation() {
    String password = sample(AzureRemediatorsTest.PASSWORD_SAMPLE);
    functions(Map.of(Settings.REMEDIATION, "enforce", Settings.MAX_REMEDIATIONS, "0"))
        .entraAuditLogs(List.of(password), new Binding<>(), attempt(0, 4));
    functions(
            Map.of(
                Settings.REMEDIATION,
                "enforce",
                Settings.PROTECTED,
                "61f3b8d2-4a7e-4c19-9b5d-2e8a6c3f1d74"))
        .entraAuditLogs(List.of(password), new Binding<>(), attempt(0, 4));
    assertThat(azure.teamsPosts).hasSize(2);
    assertThat(AzureStandIn.cardText(azure.teamsPosts.get(0))).contains("cap");
    assertThat(AzureStandIn.cardText(azure.teamsPosts.get(1))).contains("protected");
    assertThat(azure.writes()).isZero();
  }

  @Test
  void eventGrid_cloudEventsSchema_isReadToo() throws IOException {
    String resource =
        "/subscriptions/2f7d3a91-6c4e-4b08-9e15-a3c7f0d2b864/resourceGroups/rg-aks-prod/providers"
            + "/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders-workload"
            + "/federatedIdentityCredentials/ext-oidc-trust";
    azure.put(resource, "{\"systemData\":{\"createdAt\":\"2024-12-03T23:51:07Z\"}}");
    azure.activity(
        sample(
            "azure_managed_identity_federated_credential_written/match/external-issuer-fic-written-cloudevents.json"));
    functions(Map.of(Settings.REMEDIATION, "enforce"))
        .armEvents(
            sample(
                "azure_managed_identity_federated_credential_written/match/external-issuer-fic-written-cloudevents.json"),
            attempt(0, 0));
    assertThat(azure.exists(resource)).isFalse();
    assertThat(AzureStandIn.cardText(azure.teamsPosts.get(0)))
        .contains("ext-oidc-trust")
        .contains("applied");
  }

  @Test
  void withoutARetryPolicy_undeliveredAlertsAreDeadLetteredAtOnce() {
    azure.teamsAnswers(500);
    Binding<List<String>> deadLetters = new Binding<>();
    ExecutionContext attempt = attempt(0, 4);
    ExecutionContext noPolicy =
        new ExecutionContext() {
          @Override
          public Logger getLogger() {
            return attempt.getLogger();
          }

          @Override
          public String getInvocationId() {
            return attempt.getInvocationId();
          }

          @Override
          public String getFunctionName() {
            return attempt.getFunctionName();
          }

          @Override
          public @Nullable RetryContext getRetryContext() {
            return null;
          }
        };
    functions(Map.of())
        .entraAuditLogs(
            List.of(sample(AzureRemediatorsTest.PASSWORD_SAMPLE)), deadLetters, noPolicy);
    assertThat(deadLetters.getValue()).singleElement().asString().contains("\"ruleId\"");
  }

  @Test
  void aStartUpError_isReportedWithItsOwnMessageOnEveryInvocation() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv(Settings.TEAMS_WEBHOOK_URL) == null, "the test JVM has a Teams URL set");
    CredWatchFunctions fromEnvironment = new CredWatchFunctions();
    for (int invocation = 0; invocation < 2; invocation++) {
      assertThatThrownBy(() -> fromEnvironment.armEvents("{}", attempt(0, 0)))
          .isInstanceOf(io.credwatch.config.SettingsException.class)
          .hasMessageContaining(Settings.TEAMS_WEBHOOK_URL);
    }
  }

  /**
   * The Sentinel analytic's operations, one record each, as a diagnostic setting streams them to
   * Event Hubs and as Log Analytics rows: the function alerts on each credential it names, once per
   * key (the companion "Update service principal" repeats the first key's alert id), and not on the
   * deletion or the failure.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"exports/event-hubs-auditlogs.json", "exports/log-analytics-auditlogs.json"})
  void everyOperationOfTheSentinelAnalytic_alertsThroughTheFunction(String export) {
    functions(Map.of())
        .entraAuditLogs(List.of(Fixtures.resource(export)), new Binding<>(), attempt(0, 4));
    String cards = azure.teamsPosts.stream().map(AzureStandIn::cardText).reduce("", String::concat);
    assertThat(cards)
        .contains("7c2e9a41-5b3d-4f18-a6e0-2d9b8c1f4e73")
        .contains("3e8d1b6a-9f2c-4a75-b0e4-6c1a8d3f5b92")
        .contains("b6f0d4a2-8c1e-4b39-9d57-1e3a5c7f9b08")
        .contains("AppRoleAssignment.ReadWrite.All")
        .contains("app password");
    List<String> alertIds =
        java.util.regex.Pattern.compile("cw1-[0-9a-f]{32}")
            .matcher(cards)
            .results()
            .map(java.util.regex.MatchResult::group)
            .distinct()
            .toList();
    // Eight records alert at low or above (the deletion and the failure are info); the companion
    // record and a repeated row post again under the same id, which downstream drops.
    assertThat(azure.teamsPosts).hasSize(export.contains("event-hubs") ? 8 : 9);
    assertThat(alertIds).hasSize(7);
    assertThat(azure.writes()).as("dry-run").isZero();
  }
}
