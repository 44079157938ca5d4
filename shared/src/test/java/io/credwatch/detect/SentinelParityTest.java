package io.credwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertJson;
import io.credwatch.alert.AnalyticFields;
import io.credwatch.alert.Severity;
import io.credwatch.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every line of the Microsoft Sentinel analytic for T1098.001 (docs/sentinel-parity.md), checked on
 * the same ten Entra records in every shape they reach CredWatch in: Log Analytics {@code
 * AuditLogs} rows with dynamic columns as objects (the portal's JSON export) and as JSON text
 * ({@code az monitor log-analytics query}), the query REST API's tables, and the Event Hubs records
 * of a diagnostic setting. Row 2 is the companion "Update service principal" of row 1; row 11
 * repeats row 1, as a query over overlapping windows does.
 */
class SentinelParityTest {
  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            "Log Analytics rows, dynamic columns as objects", "log-analytics-auditlogs.json"),
        Arguments.of(
            "Log Analytics rows, every value as text (az CLI)",
            "log-analytics-auditlogs-az-cli.json"),
        Arguments.of("Log Analytics query API tables", "log-analytics-query-api.json"),
        Arguments.of("Event Hubs diagnostic records", "event-hubs-auditlogs.json"));
  }

  /** Alert documents by operation name, first of each operation. */
  private static Map<String, List<JsonNode>> alertsByOperation(String file) {
    Map<String, List<JsonNode>> byOperation = new LinkedHashMap<>();
    for (Finding finding : Fixtures.findings(Fixtures.resource("exports/" + file))) {
      Alert alert = finding.toAlert(Alert.Remediation.none("dry-run", "test"), Fixtures.NOW, false);
      byOperation
          .computeIfAbsent(finding.event().operation().name(), name -> new java.util.ArrayList<>())
          .add(AlertJson.toNode(alert));
    }
    return byOperation;
  }

  private static JsonNode first(Map<String, List<JsonNode>> alerts, String operation) {
    assertThat(alerts).as("an alert for " + operation).containsKey(operation);
    return alerts.get(operation).get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void everyOperationOfTheAnalytic_isDetected(String shape, String file) {
    Map<String, List<JsonNode>> alerts = alertsByOperation(file);
    Map<String, String[]> expected = new LinkedHashMap<>();
    // operation -> rule, credential kind, credential id, severity
    expected.put(
        "Add service principal credentials",
        new String[] {
          "entra_service_principal_credential_added",
          "client-secret",
          "7c2e9a41-5b3d-4f18-a6e0-2d9b8c1f4e73",
          "high"
        });
    expected.put(
        "Update service principal",
        new String[] {
          "entra_service_principal_credential_added",
          "client-secret",
          "7c2e9a41-5b3d-4f18-a6e0-2d9b8c1f4e73",
          "high"
        });
    expected.put(
        "Update application – Certificates and secrets management",
        new String[] {
          "entra_application_credential_added",
          "certificate",
          "3e8d1b6a-9f2c-4a75-b0e4-6c1a8d3f5b92",
          "high"
        });
    expected.put(
        "Add application",
        new String[] {
          "entra_application_credential_added",
          "client-secret",
          "b6f0d4a2-8c1e-4b39-9d57-1e3a5c7f9b08",
          "high"
        });
    expected.put(
        "Add owner to application",
        new String[] {"entra_owner_added", "owner", "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "low"});
    expected.put(
        "Add app role assignment to service principal",
        new String[] {
          "entra_app_role_assignment_granted",
          "app-role-assignment",
          "06b708a9-e830-4db3-a914-8e69da51d44f",
          "high"
        });
    expected.put(
        "Create application password for user",
        new String[] {"entra_app_password_changed", "app-password", "", "medium"});
    expected.put(
        "Update application password for user",
        new String[] {"entra_app_password_changed", "app-password", "", "medium"});
    expected.put(
        "Delete application password for user",
        new String[] {"entra_app_password_changed", "app-password", "", "info"});
    for (Map.Entry<String, String[]> operation : expected.entrySet()) {
      JsonNode alert = first(alerts, operation.getKey());
      String[] want = operation.getValue();
      assertThat(alert.path("rule").asText()).as(operation.getKey()).isEqualTo(want[0]);
      assertThat(alert.path("credential").path("kind").asText())
          .as(operation.getKey())
          .isEqualTo(want[1]);
      assertThat(alert.path("credential").path("id").asText(""))
          .as(operation.getKey())
          .isEqualTo(want[2]);
      assertThat(alert.path("severity").asText()).as(operation.getKey()).isEqualTo(want[3]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void oneKey_givesOneAlertId_acrossItsTwoRecordsAndARepeatedRow(String shape, String file) {
    Map<String, List<JsonNode>> alerts = alertsByOperation(file);
    List<String> ids =
        Stream.concat(
                alerts.get("Add service principal credentials").stream(),
                alerts.get("Update service principal").stream())
            .map(alert -> alert.path("id").asText())
            .distinct()
            .toList();
    assertThat(ids).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void anEmptyResultIsSuccess_andAFailureNeverAlerts(String shape, String file) {
    Map<String, List<JsonNode>> alerts = alertsByOperation(file);
    JsonNode emptyResult =
        first(alerts, "Update application – Certificates and secrets management");
    assertThat(emptyResult.path("event").path("success").asBoolean()).isTrue();
    List<JsonNode> creations = alerts.get("Create application password for user");
    assertThat(creations).hasSize(2);
    JsonNode failed =
        creations.stream()
            .filter(a -> !a.path("event").path("success").asBoolean())
            .findFirst()
            .orElseThrow();
    assertThat(
            Severity.fromId(failed.path("severity").asText()).orElseThrow().atLeast(Severity.LOW))
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void theAnalyticsFieldsAndFlags_areOnEveryEntraAlert(String shape, String file) {
    Map<String, List<JsonNode>> alerts = alertsByOperation(file);
    alerts.values().stream()
        .flatMap(List::stream)
        .forEach(
            alert -> {
              assertThat(alert.path("flags").isObject()).as(alert.path("rule").asText()).isTrue();
              assertThat(alert.path("credentialType").isTextual()).isTrue();
              assertThat(alert.path("CorrelationId").asText()).isNotEmpty();
            });
    JsonNode spCredential = first(alerts, "Add service principal credentials");
    assertThat(spCredential.path("credentialType").asText())
        .isEqualTo("ServicePrincipalCredential");
    assertThat(spCredential.path("flags").path("IsServiceAccount").asBoolean()).isTrue();
    assertThat(spCredential.path("flags").path("IsHighPrivTarget").asBoolean()).isTrue();
    assertThat(spCredential.path("flags").path("IsSelfModification").asBoolean()).isFalse();
    assertThat(spCredential.path("InitiatingIPAddress").asText()).isEqualTo("198.51.100.77");
    assertThat(spCredential.path("CorrelationId").asText())
        .isEqualTo("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    assertThat(spCredential.path("reasons").toString())
        .contains("IsServiceAccount")
        .contains("IsHighPrivTarget");

    JsonNode certificate =
        first(alerts, "Update application – Certificates and secrets management");
    assertThat(certificate.path("credentialType").asText()).isEqualTo("Certificate/Secret");
    assertThat(certificate.path("InitiatingApp").asText()).isEqualTo("terraform-runner");
    assertThat(certificate.path("flags").path("IsServiceAccount").asBoolean()).isFalse();

    JsonNode selfPassword = first(alerts, "Create application password for user");
    assertThat(selfPassword.path("credentialType").asText()).isEqualTo("AppPassword");
    assertThat(selfPassword.path("flags").path("IsSelfModification").asBoolean()).isTrue();
    assertThat(selfPassword.path("flags").path("IsHighPrivTarget").asBoolean()).isFalse();

    JsonNode owner = first(alerts, "Add owner to application");
    assertThat(owner.path("credentialType").asText()).isEqualTo("Other");
    assertThat(owner.path("flags").path("IsHighPrivTarget").asBoolean())
        .as("the analytic looks at TargetResources[0], the new owner")
        .isFalse();

    JsonNode grant = first(alerts, "Add app role assignment to service principal");
    assertThat(grant.path("attack").path("techniques").toString())
        .contains("T1098.001")
        .contains("T1098.003");
    assertThat(grant.path("credential").path("displayName").asText())
        .isEqualTo("AppRoleAssignment.ReadWrite.All on Microsoft Graph");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void theServiceAccountFlag_explainsButNeverChangesTheSeverity(String shape, String file) {
    String records = Fixtures.resource("exports/" + file);
    List<Finding> asServiceAccount = Fixtures.findings(records);
    List<Finding> asPerson = Fixtures.findings(records.replace("svc-deploy@", "dana.k@"));
    assertThat(asServiceAccount)
        .anyMatch(f -> AnalyticFields.of(f.event()).orElseThrow().isServiceAccount());
    assertThat(asPerson)
        .noneMatch(f -> AnalyticFields.of(f.event()).orElseThrow().isServiceAccount());
    assertThat(asServiceAccount.stream().map(Finding::severity).toList())
        .isEqualTo(asPerson.stream().map(Finding::severity).toList());
  }

  @org.junit.jupiter.api.Test
  void credentialType_isDerivedFromTheOperationName_asTheAnalyticDoes() {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("Update application – Certificates and secrets management", "Certificate/Secret");
    types.put("Add service principal credentials", "ServicePrincipalCredential");
    types.put("Add application", "Other");
    types.put("Update service principal", "Other");
    types.put("Add owner to application", "Other");
    types.put("Add app role assignment to service principal", "Other");
    types.put("Create application password for user", "AppPassword");
    types.put("Delete application password for user", "AppPassword");
    types.forEach(
        (operation, type) ->
            assertThat(AnalyticFields.credentialType(operation)).as(operation).isEqualTo(type));
  }
}
