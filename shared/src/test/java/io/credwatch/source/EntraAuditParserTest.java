package io.credwatch.source;

import static io.credwatch.testing.Fixtures.event;
import static io.credwatch.testing.Fixtures.events;
import static io.credwatch.testing.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.event.ActorKind;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.TargetKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntraAuditParserTest {
  static final String A = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String B = "bbbbbbbb-0000-0000-0000-000000000002";
  static final String C = "cccccccc-0000-0000-0000-000000000003";

  static String keys(String... entries) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < entries.length; i++) {
      json.append(i > 0 ? "," : "").append("\\\"").append(entries[i]).append("\\\"");
    }
    return json.append("]").toString();
  }

  static String key(String id, String type, String usage, String name) {
    return "[KeyIdentifier="
        + id
        + ",KeyType="
        + type
        + ",KeyUsage="
        + usage
        + ",DisplayName="
        + name
        + "]";
  }

  /** An Event Hubs diagnostic-setting record. */
  static String record(String activity, String targetType, String modified, String initiatedBy) {
    return """
        {"time":"2026-11-20T10:15:02.1234567Z","resourceId":"/tenants/t1/providers/Microsoft.aadiam","operationName":"%s","category":"AuditLogs","tenantId":"t1","correlationId":"corr","callerIpAddress":"203.0.113.7",
         "properties":{"id":"Directory_1","activityDisplayName":"%s","activityDateTime":"2026-11-20T10:15:02.1234567+00:00","result":"success","initiatedBy":%s,
          "targetResources":[{"id":"obj-1","displayName":"payments-api","type":"%s","modifiedProperties":[%s]}],
          "additionalDetails":[{"key":"User-Agent","value":"Mozilla/5.0"}]}}"""
        .formatted(activity, activity, initiatedBy, targetType, modified);
  }

  static final String USER =
      "{\"user\":{\"id\":\"u-1\",\"userPrincipalName\":\"admin@contoso.example\",\"ipAddress\":\"203.0.113.7\"}}";

  static String keyDescription(String oldValue, String newValue) {
    return "{\"displayName\":\"KeyDescription\",\"oldValue\":\""
        + oldValue
        + "\",\"newValue\":\""
        + newValue
        + "\"}";
  }

  @Test
  void addedKey_isTheOneNewInTheList_whateverTheOrder() {
    String old =
        keys(
            key(A, "Password", "Verify", "old-1"),
            key(B, "AsymmetricX509Cert", "Verify", "CN=cert"));
    String now =
        keys(
            key(B, "AsymmetricX509Cert", "Verify", "CN=cert"),
            key(C, "Password", "Verify", "ci, nightly"),
            key(A, "Password", "Verify", "old-1"));
    CredentialEvent event =
        event(
            record(
                "Add service principal credentials",
                "ServicePrincipal",
                keyDescription(old, now),
                USER));
    assertThat(event.credential().kind()).isEqualTo(CredentialKind.CLIENT_SECRET);
    assertThat(event.credential().id()).isEqualTo(C);
    assertThat(event.credential().displayName())
        .as("commas in a display name")
        .isEqualTo("ci, nightly");
    assertThat(event.attribute("previousKeyCount")).isEqualTo("2");
    assertThat(event.target().kind()).isEqualTo(TargetKind.SERVICE_PRINCIPAL);
    assertThat(event.target().id()).isEqualTo("obj-1");
    assertThat(event.actor().kind()).isEqualTo(ActorKind.USER);
    assertThat(event.actor().name()).isEqualTo("admin@contoso.example");
    assertThat(event.actor().userAgent()).isEqualTo("Mozilla/5.0");
    assertThat(event.account()).isEqualTo("t1");
  }

  @Test
  void twoNewKeys_giveTwoEvents() {
    List<CredentialEvent> found =
        events(
            record(
                "Add service principal credentials",
                "ServicePrincipal",
                keyDescription(
                    "[]",
                    keys(
                        key(A, "Password", "Verify", "a"),
                        key(B, "AsymmetricX509Cert", "Verify", "b"))),
                USER));
    assertThat(found).extracting(e -> e.credential().id()).containsExactly(A, B);
    assertThat(found)
        .extracting(e -> e.credential().kind())
        .containsExactly(CredentialKind.CLIENT_SECRET, CredentialKind.CERTIFICATE);
  }

  @Test
  void removalOnly_isIgnored() {
    assertThat(
            read(
                record(
                    "Add service principal credentials",
                    "ServicePrincipal",
                    keyDescription(keys(key(A, "Password", "Verify", "a")), "[]"),
                    USER)))
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Ignored.class, v -> assertThat(v.reason()).contains("1 removed"));
  }

  @Test
  void signingKeyOnly_isIgnored() {
    assertThat(
            read(
                record(
                    "Add service principal credentials",
                    "ServicePrincipal",
                    keyDescription("[]", keys(key(A, "AsymmetricX509Cert", "Sign", "saml"))),
                    USER)))
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Ignored.class, v -> assertThat(v.reason()).contains("KeyUsage=Sign"));
  }

  @Test
  void freeTextKeyDescription_stillYieldsAnEventWithoutAnId() {
    CredentialEvent event =
        event(
            record(
                "Add service principal credentials",
                "ServicePrincipal",
                "{\"displayName\":\"KeyDescription\",\"oldValue\":null,\"newValue\":\"\\\"Client Secret for API\\\"\"},{\"displayName\":\"KeyType\",\"oldValue\":null,\"newValue\":\"\\\"Password\\\"\"}",
                USER));
    assertThat(event.credential().id()).isEmpty();
    assertThat(event.credential().kind()).isEqualTo(CredentialKind.CLIENT_SECRET);
    assertThat(event.attribute("keyListUnparsed")).isEqualTo("true");
  }

  @Test
  void applicationSecret_withHyphenInsteadOfEnDash_isTheSameOperation() {
    CredentialEvent event =
        event(
            record(
                "Update application - Certificates and secrets management ",
                "Application",
                keyDescription("[]", keys(key(A, "Password", "Verify", "x"))),
                USER));
    assertThat(event.operation().name())
        .isEqualTo("Update application – Certificates and secrets management");
    assertThat(event.target().kind()).isEqualTo(TargetKind.APPLICATION);
  }

  @Test
  void companionUpdateServicePrincipal_isIgnored() {
    assertThat(
            read(
                record(
                    "Update service principal",
                    "ServicePrincipal",
                    "{\"displayName\":\"Included Updated Properties\",\"oldValue\":null,\"newValue\":\"\\\"KeyDescription\\\"\"}",
                    USER)))
        .singleElement()
        .isInstanceOf(Verdict.Ignored.class);
  }

  @Test
  void federatedCredentials_addedAndRepointed() {
    String before =
        "[{\\\"Name\\\":\\\"ci\\\",\\\"Issuer\\\":\\\"https://token.actions.githubusercontent.com\\\",\\\"Subject\\\":\\\"repo:a/b\\\",\\\"Id\\\":\\\"fic-1\\\",\\\"Audiences\\\":[\\\"api://AzureADTokenExchange\\\"]}]";
    String after =
        "[{\\\"Name\\\":\\\"ci\\\",\\\"Issuer\\\":\\\"https://evil.example\\\",\\\"Subject\\\":\\\"repo:a/b\\\",\\\"Id\\\":\\\"fic-1\\\",\\\"Audiences\\\":[\\\"api://AzureADTokenExchange\\\"]},"
            + "{\\\"Name\\\":\\\"new\\\",\\\"Issuer\\\":\\\"https://oidc.example\\\",\\\"Subject\\\":\\\"sub\\\",\\\"Id\\\":\\\"[REMOVED]\\\",\\\"Audiences\\\":[\\\"api://AzureADTokenExchange\\\"]}]";
    List<CredentialEvent> found =
        events(
            record(
                "Update application",
                "Application",
                "{\"displayName\":\"FederatedIdentityCredentials\",\"oldValue\":\""
                    + before
                    + "\",\"newValue\":\""
                    + after
                    + "\"}",
                USER));
    assertThat(found).hasSize(2);
    assertThat(found.get(0).credential().id()).isEqualTo("fic-1");
    assertThat(found.get(0).attribute("repointed")).isEqualTo("true");
    assertThat(found.get(0).attribute("previousIssuer"))
        .isEqualTo("https://token.actions.githubusercontent.com");
    assertThat(found.get(1).credential().id())
        .as("placeholder id falls back to the name")
        .isEqualTo("new");
    assertThat(found.get(1).credential().issuer()).isEqualTo("https://oidc.example");
  }

  @Test
  void graphShape_withAnAppInitiator_isRead() {
    String graph =
        """
        {"id":"Directory_2","category":"ApplicationManagement","result":"success","activityDisplayName":"Add service principal credentials","activityDateTime":"2026-11-20T10:15:02Z",
         "initiatedBy":{"app":{"appId":"app-1","displayName":"rotation-bot","servicePrincipalId":"sp-bot"}},
         "targetResources":[{"id":"obj-1","displayName":"x","type":"ServicePrincipal","modifiedProperties":[{"displayName":"KeyDescription","oldValue":"[]","newValue":"%s"}]}]}"""
            .formatted(keys(key(A, "Password", "Verify", "r")));
    CredentialEvent event = event(graph);
    assertThat(event.actor().kind()).isEqualTo(ActorKind.APPLICATION);
    assertThat(event.actor().id()).isEqualTo("sp-bot");
    assertThat(event.actor().principal()).isEqualTo("app-1");
  }

  @Test
  void ownerAdded_namesTheOwnerAndTheApplication() {
    String json =
        """
        {"activityDisplayName":"Add owner to application","result":"success","initiatedBy":{"user":{"id":"u-1","userPrincipalName":"admin@contoso.example"}},
         "targetResources":[{"id":"u-9","userPrincipalName":"eve@contoso.example","type":"User","modifiedProperties":[{"displayName":"Application.ObjectID","oldValue":null,"newValue":"\\"app-obj\\""},{"displayName":"Application.DisplayName","oldValue":null,"newValue":"\\"billing\\""}]},
                            {"id":"app-obj","displayName":"billing","type":"Application"}]}""";
    CredentialEvent event = event(json);
    assertThat(event.credential().kind()).isEqualTo(CredentialKind.OWNER);
    assertThat(event.credential().id()).isEqualTo("u-9");
    assertThat(event.credential().displayName()).isEqualTo("eve@contoso.example");
    assertThat(event.target().id()).isEqualTo("app-obj");
  }

  @Test
  void temporaryAccessPass_namesThePass() {
    String json =
        """
        {"activityDisplayName":"Admin registered security info","result":"success","resultReason":"Admin registered temporary access pass method for user",
         "initiatedBy":{"user":{"id":"u-1","userPrincipalName":"admin@contoso.example"}},
         "targetResources":[{"id":"u-2","userPrincipalName":"ceo@contoso.example","type":"User","modifiedProperties":[
           {"displayName":"TemporaryAccessPass.Id","oldValue":"\\"\\"","newValue":"\\"tap-1\\""},
           {"displayName":"TemporaryAccessPass.EndDateTime","oldValue":"\\"\\"","newValue":"\\"2026-11-20T11:15:02Z\\""}]}]}""";
    CredentialEvent event = event(json);
    assertThat(event.credential().id()).isEqualTo("tap-1");
    assertThat(event.target().name()).isEqualTo("ceo@contoso.example");
    assertThat(event.credential().expiresAt()).isPresent();
  }

  @Test
  void failureResult_isAFailedOutcome() {
    CredentialEvent event =
        event(
            record(
                    "Add service principal credentials",
                    "ServicePrincipal",
                    keyDescription("[]", keys(key(A, "Password", "Verify", "x"))),
                    USER)
                .replace(
                    "\"result\":\"success\"", "\"result\":\"failure\",\"resultReason\":\"quota\""));
    assertThat(event.outcome().success()).isFalse();
    assertThat(event.outcome().errorMessage()).isEqualTo("quota");
  }

  @Test
  void federatedCredential_newSubjectForTheSameIssuer_isRepointed() {
    String before =
        "[{\\\"Name\\\":\\\"ci\\\",\\\"Issuer\\\":\\\"https://token.actions.githubusercontent.com\\\",\\\"Subject\\\":\\\"repo:acme/app:ref:refs/heads/main\\\",\\\"Id\\\":\\\"fic-1\\\"}]";
    String after = before.replace("repo:acme/app", "repo:someone-else/app");
    CredentialEvent event =
        event(
            record(
                "Update application",
                "Application",
                "{\"displayName\":\"FederatedIdentityCredentials\",\"oldValue\":\""
                    + before
                    + "\",\"newValue\":\""
                    + after
                    + "\"}",
                USER));
    assertThat(event.attribute("repointed")).isEqualTo("true");
    assertThat(event.attribute("previousSubject")).isEqualTo("repo:acme/app:ref:refs/heads/main");
  }
}
