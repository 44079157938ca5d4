package io.credwatch.source;

import static io.credwatch.testing.Fixtures.event;
import static io.credwatch.testing.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.event.ActorKind;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.TargetKind;
import org.junit.jupiter.api.Test;

class AzureActivityParserTest {
  static final String FIC =
      "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi1/federatedIdentityCredentials/fic1";

  static String activityRecord(String operation, String resourceId, String resultType) {
    return """
        {"records":[{"time":"2026-11-20T10:15:02Z","resourceId":"%s","operationName":"%s","category":"Administrative","resultType":"%s","callerIpAddress":"203.0.113.7","correlationId":"c1",
         "identity":{"authorization":{"scope":"%s","action":"x","evidence":{"principalType":"ServicePrincipal","principalId":"sp-1"}},"claims":{"appid":"app-1","http://schemas.microsoft.com/identity/claims/objectidentifier":"sp-1"}},
         "properties":{"statusCode":"Created"}}]}"""
        .formatted(resourceId, operation, resultType, resourceId);
  }

  @Test
  void activityLog_upperCaseOperation_isMatchedAndNamed() {
    String ext =
        "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/web-01/extensions/enablevmaccess";
    CredentialEvent event =
        event(activityRecord("MICROSOFT.COMPUTE/VIRTUALMACHINES/EXTENSIONS/WRITE", ext, "Success"));
    assertThat(event.credential().kind()).isEqualTo(CredentialKind.VM_ACCESS);
    assertThat(event.credential().displayName()).isEqualTo("enablevmaccess");
    assertThat(event.attribute("vmAccessExtensionName")).isEqualTo("true");
    assertThat(event.target().kind()).isEqualTo(TargetKind.INSTANCE);
    assertThat(event.target().name()).isEqualTo("web-01");
    assertThat(event.account()).isEqualTo("s1");
    assertThat(event.actor().kind()).isEqualTo(ActorKind.APPLICATION);
    assertThat(event.actor().sourceIp()).isEqualTo("203.0.113.7");
  }

  @Test
  void activityLog_startedOperation_isIgnoredUntilItCompletes() {
    assertThat(
            read(
                activityRecord(
                    "Microsoft.Compute/sshPublicKeys/write",
                    "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Compute/sshPublicKeys/k1",
                    "Start")))
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Ignored.class, v -> assertThat(v.reason()).contains("completion"));
  }

  @Test
  void activityLog_failure_isAFailedOutcome() {
    CredentialEvent event =
        event(
            activityRecord(
                "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
                FIC,
                "Failure"));
    assertThat(event.outcome().success()).isFalse();
  }

  @Test
  void restShape_withValueObjects_isRead() {
    String rest =
        """
        {"authorization":{"action":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write","scope":"%s"},"caller":"alice@contoso.example",
         "claims":{"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"alice@contoso.example","ipaddr":"203.0.113.9"},"correlationId":"c2","eventDataId":"ed-1",
         "eventTimestamp":"2026-11-20T10:15:02Z","operationName":{"value":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write","localizedValue":"Add or update Federated Identity Credential"},
         "resourceId":"%s","status":{"value":"Succeeded","localizedValue":"Succeeded"},"subscriptionId":"s1","properties":{"statusCode":"Created"}}"""
            .formatted(FIC, FIC);
    CredentialEvent event = event(rest);
    assertThat(event.credential().id()).isEqualTo("fic1");
    assertThat(event.target().name()).isEqualTo("mi1");
    assertThat(event.target().id()).endsWith("/userAssignedIdentities/mi1");
    assertThat(event.actor().kind()).isEqualTo(ActorKind.USER);
    assertThat(event.actor().name()).isEqualTo("alice@contoso.example");
    assertThat(event.eventId()).isEqualTo("ed-1");
  }

  @Test
  void eventGridFailure_isAFailedOutcome() {
    String json =
        """
        {"id":"eg-2","topic":"/subscriptions/s1","subject":"%s","eventType":"Microsoft.Resources.ResourceWriteFailure","eventTime":"2026-11-20T10:15:02Z","dataVersion":"2",
         "data":{"operationName":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write","status":"Failed","subscriptionId":"s1","claims":{}}}"""
            .formatted(FIC);
    CredentialEvent event = event(json);
    assertThat(event.outcome().success()).isFalse();
    assertThat(event.outcome().errorCode()).isEqualTo("Failed");
  }

  @Test
  void sshPublicKeyResource_isNamedByItsResourceId() {
    String key =
        "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Compute/sshPublicKeys/jump";
    String json =
        """
        [{"id":"eg-3","topic":"/subscriptions/s1","subject":"%s","eventType":"Microsoft.Resources.ResourceWriteSuccess","eventTime":"2026-11-20T10:15:02Z","dataVersion":"2",
          "data":{"operationName":"Microsoft.Compute/sshPublicKeys/write","status":"Succeeded","subscriptionId":"s1","resourceUri":"%s","claims":{"idtyp":"user","upn":"bob@contoso.example"}}}]"""
            .formatted(key, key);
    CredentialEvent event = event(json);
    assertThat(event.credential().id()).isEqualTo(key);
    assertThat(event.credential().displayName()).isEqualTo("jump");
    assertThat(event.attribute("resourceGroup")).isEqualTo("rg1");
    assertThat(event.actor().name()).isEqualTo("bob@contoso.example");
  }

  @Test
  void activityLog_keepsTheOriginalCaseOfTheResourceId_andAlertIdsIgnoreCase() {
    String upper =
        activityRecord(
                "MICROSOFT.MANAGEDIDENTITY/USERASSIGNEDIDENTITIES/FEDERATEDIDENTITYCREDENTIALS/WRITE",
                FIC.toUpperCase(java.util.Locale.ROOT),
                "Success")
            .replace(
                "\"properties\":{\"statusCode\":\"Created\"}",
                "\"properties\":{\"statusCode\":\"Created\",\"entity\":\"" + FIC + "\"}");
    CredentialEvent fromActivityLog = event(upper);
    assertThat(fromActivityLog.credential().id()).isEqualTo("fic1");
    CredentialEvent shouting =
        event(
            activityRecord(
                    "MICROSOFT.MANAGEDIDENTITY/USERASSIGNEDIDENTITIES/FEDERATEDIDENTITYCREDENTIALS/WRITE",
                    FIC.toUpperCase(java.util.Locale.ROOT),
                    "Success")
                .replace(
                    "\"scope\":\"" + FIC.toUpperCase(java.util.Locale.ROOT) + "\"",
                    "\"scope\":\"\""));
    assertThat(shouting.credential().id()).isEqualTo("FIC1");
    assertThat(io.credwatch.alert.AlertIds.of(shouting))
        .isEqualTo(io.credwatch.alert.AlertIds.of(fromActivityLog));
  }
}
