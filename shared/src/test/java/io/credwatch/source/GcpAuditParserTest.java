package io.credwatch.source;

import static io.credwatch.testing.Fixtures.event;
import static io.credwatch.testing.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.event.ActorKind;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.TargetKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GcpAuditParserTest {

  static String entry(
      String service, String method, String request, String response, String extra) {
    return """
        {"insertId":"ins-1","logName":"projects/p1/logs/cloudaudit.googleapis.com%%2Factivity","timestamp":"2026-11-20T10:15:02.5Z","severity":"NOTICE",
         "resource":{"type":"audited_resource","labels":{"project_id":"p1"}},"operation":{"id":"op-1","last":true},
         "protoPayload":{"at_sign_type":"type.googleapis.com/google.cloud.audit.AuditLog","serviceName":"%s","methodName":"%s","resourceName":"projects/p1",
          "authenticationInfo":{"principalEmail":"mallory@example.com"},"requestMetadata":{"callerIP":"203.0.113.7","callerSuppliedUserAgent":"gcloud"},
          "request":%s,"response":%s%s}}"""
        .formatted(service, method, request, response, extra);
  }

  @Test
  void serviceAccountKey_snakeCaseResponse_namesKeyAccountAndExpiry() {
    CredentialEvent event =
        event(
            entry(
                "iam.googleapis.com",
                "google.iam.admin.v1.CreateServiceAccountKey",
                "{\"name\":\"projects/-/serviceAccounts/sa1@p1.iam.gserviceaccount.com\",\"private_key_type\":2}",
                "{\"name\":\"projects/p1/serviceAccounts/sa1@p1.iam.gserviceaccount.com/keys/abc123\",\"valid_after_time\":{\"seconds\":1763633700},\"valid_before_time\":{\"seconds\":253402300799},\"key_type\":1}",
                ",\"authorizationInfo\":[{\"permission\":\"iam.serviceAccountKeys.create\",\"granted\":true}],\"status\":{}"));
    assertThat(event.credential().id()).isEqualTo("abc123");
    assertThat(event.target().kind()).isEqualTo(TargetKind.SERVICE_ACCOUNT);
    assertThat(event.target().id()).isEqualTo("sa1@p1.iam.gserviceaccount.com");
    assertThat(event.attribute("neverExpires")).isEqualTo("true");
    assertThat(event.credential().expiresAt()).isEmpty();
    assertThat(event.credential().createdAt()).contains(Instant.ofEpochSecond(1763633700));
    assertThat(event.actor().sourceIp()).as("callerIP spelling").isEqualTo("203.0.113.7");
    assertThat(event.actor().kind()).isEqualTo(ActorKind.USER);
    assertThat(event.operation().qualified())
        .isEqualTo("iam.googleapis.com:CreateServiceAccountKey");
    assertThat(event.correlationId()).isEqualTo("op-1");
  }

  @Test
  void serviceAccountKey_camelCaseExpiringKey() {
    CredentialEvent event =
        event(
            entry(
                "iam.googleapis.com",
                "google.iam.admin.v1.CreateServiceAccountKey",
                "{}",
                "{\"name\":\"projects/p1/serviceAccounts/sa1@p1.iam.gserviceaccount.com/keys/k2\",\"validBeforeTime\":\"2027-01-01T00:00:00Z\"}",
                ""));
    assertThat(event.attribute("neverExpires")).isEqualTo("false");
    assertThat(event.credential().expiresAt()).contains(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void deniedPermission_isAFailedOutcome() {
    CredentialEvent event =
        event(
            entry(
                "apikeys.googleapis.com",
                "google.api.apikeys.v2.ApiKeys.CreateKey",
                "{}",
                "{}",
                ",\"authorizationInfo\":[{\"permission\":\"serviceusage.apiKeys.create\",\"granted\":false}]"));
    assertThat(event.outcome().success()).isFalse();
    assertThat(event.outcome().errorCode()).isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void statusCode_isAFailedOutcome() {
    CredentialEvent event =
        event(
            entry(
                "iam.googleapis.com",
                "google.iam.admin.v1.CreateServiceAccountKey",
                "{}",
                "{}",
                ",\"status\":{\"code\":9,\"message\":\"FAILED_PRECONDITION\"}"));
    assertThat(event.outcome().errorCode()).isEqualTo("9");
  }

  @Test
  void proxyGrant_isACredentialWithoutId() {
    CredentialEvent event =
        event(
            entry(
                    "deploymentmanager.googleapis.com",
                    "v2.deploymentmanager.deployments.insert",
                    "{}",
                    "{}",
                    ",\"authorizationInfo\":[{\"permission\":\"compute.instances.create\",\"granted\":true},{\"permission\":\"storage.hmacKeys.create\",\"granted\":true}]")
                .replace(
                    "\"type\":\"audited_resource\",\"labels\":{\"project_id\":\"p1\"}",
                    "\"type\":\"deployment\",\"labels\":{\"project_id\":\"p1\",\"name\":\"dep-1\"}"));
    assertThat(event.credential().kind()).isEqualTo(CredentialKind.HMAC_KEY);
    assertThat(event.credential().id()).isEmpty();
    assertThat(event.attribute("viaPermission")).isEqualTo("storage.hmacKeys.create");
    assertThat(event.target().kind()).isEqualTo(TargetKind.DEPLOYMENT);
    assertThat(event.target().name()).isEqualTo("dep-1");
  }

  @Test
  void metadataChange_withoutSshKeys_isIgnored_andDeletionIsIgnored() {
    String startupScript =
        entry(
            "compute.googleapis.com",
            "v1.compute.instances.setMetadata",
            "{}",
            "{}",
            ",\"metadata\":{\"instanceMetadataDelta\":{\"modifiedMetadataKeys\":[\"startup-script\"]}}");
    assertThat(read(startupScript)).singleElement().isInstanceOf(Verdict.Ignored.class);
    String deleted =
        entry(
            "compute.googleapis.com",
            "v1.compute.instances.setMetadata",
            "{}",
            "{}",
            ",\"metadata\":{\"instanceMetadataDelta\":{\"deletedMetadataKeys\":[\"ssh-keys\"]}}");
    assertThat(read(deleted)).singleElement().isInstanceOf(Verdict.Ignored.class);
  }

  @Test
  void projectMetadata_snakeCaseDelta_isProjectWide() {
    CredentialEvent event =
        event(
            entry(
                "compute.googleapis.com",
                "beta.compute.projects.setCommonInstanceMetadata",
                "{}",
                "{}",
                ",\"metadata\":{\"project_metadata_delta\":{\"added_metadata_keys\":[\"sshKeys\"]}}"));
    assertThat(event.attribute("metadataScope")).isEqualTo("project");
    assertThat(event.attribute("metadataChange")).isEqualTo("added");
    assertThat(event.target().kind()).isEqualTo(TargetKind.ACCOUNT);
  }

  @Test
  void osLoginImport_namesTheKeyBySha256AndKeepsTheOsLoginFingerprint() {
    String key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINnNrCoRSpEDQZ3sx52Hyf5nYGqlGQALWR+d1MdO3Ne4 eve";
    CredentialEvent event =
        event(
            entry(
                "oslogin.googleapis.com",
                "google.cloud.oslogin.v1.OsLoginService.ImportSshPublicKey",
                "{\"parent\":\"users/bob@example.com\",\"sshPublicKey\":{\"key\":\""
                    + key
                    + "\",\"expirationTimeUsec\":\"1795000000000000\"}}",
                "{\"loginProfile\":{\"name\":\"bob@example.com\",\"sshPublicKeys\":{\"ff00\":{\"key\":\""
                    + key
                    + "\",\"fingerprint\":\"ff00\"}}}}",
                ""));
    assertThat(event.credential().id())
        .isEqualTo("SHA256:0DSmEaqM4EblXprHI0ZbaIRSROz+Ww7FGC0zUzRwIq4");
    assertThat(event.credential().details()).containsEntry("osLoginFingerprint", "ff00");
    assertThat(event.credential().expiresAt()).contains(Instant.ofEpochSecond(1795000000L));
    assertThat(event.target().id()).isEqualTo("bob@example.com");
  }

  @Test
  void osLoginImport_withOddEntriesInTheKeyMap_isStillReported() {
    String key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINnNrCoRSpEDQZ3sx52Hyf5nYGqlGQALWR+d1MdO3Ne4 eve";
    CredentialEvent event =
        event(
            entry(
                "oslogin.googleapis.com",
                "google.cloud.oslogin.v1.OsLoginService.ImportSshPublicKey",
                "{\"parent\":\"users/bob@example.com\",\"sshPublicKey\":{\"key\":\"" + key + "\"}}",
                "{\"loginProfile\":{\"name\":\"bob@example.com\",\"sshPublicKeys\":{"
                    + "\"aa\":7,\"bb\":{\"key\":5},\"ff00\":{\"key\":\""
                    + key
                    + "\"}}}}",
                ""));
    assertThat(event.credential().id())
        .isEqualTo("SHA256:0DSmEaqM4EblXprHI0ZbaIRSROz+Ww7FGC0zUzRwIq4");
    assertThat(event.credential().details()).containsEntry("osLoginFingerprint", "ff00");
  }

  @Test
  void workloadIdentityProvider_createWithEmptyCondition() {
    CredentialEvent event =
        event(
            entry(
                "iam.googleapis.com",
                "google.iam.v1.WorkloadIdentityPools.CreateWorkloadIdentityPoolProvider",
                "{\"parent\":\"projects/p1/locations/global/workloadIdentityPools/pool\",\"workloadIdentityPoolProviderId\":\"aws-x\",\"workloadIdentityPoolProvider\":{\"attributeCondition\":\"\",\"aws\":{\"accountId\":\"123456789012\"}}}",
                "null",
                ""));
    assertThat(event.credential().id())
        .isEqualTo("projects/p1/locations/global/workloadIdentityPools/pool/providers/aws-x");
    assertThat(event.attribute("attributeConditionEmpty")).isEqualTo("true");
    assertThat(event.credential().issuer()).isEqualTo("AWS account 123456789012");
    assertThat(event.target().name()).isEqualTo("pool");
  }

  @Test
  void workloadIdentityProvider_updateThatLeavesTheConditionAlone_doesNotClaimItIsEmpty() {
    CredentialEvent event =
        event(
            entry(
                "iam.googleapis.com",
                "google.iam.v1.WorkloadIdentityPools.UpdateWorkloadIdentityPoolProvider",
                "{\"updateMask\":\"displayName\",\"workloadIdentityPoolProvider\":{\"name\":\"projects/p1/locations/global/workloadIdentityPools/pool/providers/x\",\"displayName\":\"renamed\"}}",
                "null",
                ""));
    assertThat(event.attribute("attributeConditionEmpty")).isEmpty();
  }

  @Test
  void googleServiceAgent_isAServiceAccount() {
    CredentialEvent event =
        event(
            entry(
                    "iam.googleapis.com",
                    "google.iam.admin.v1.CreateServiceAccountKey",
                    "{}",
                    "{\"name\":\"projects/p1/serviceAccounts/sa1@p1.iam.gserviceaccount.com/keys/k3\"}",
                    "")
                .replace(
                    "mallory@example.com",
                    "service-123@gcp-sa-cloudbuild.iam.gserviceaccount.com"));
    assertThat(event.actor().kind()).isEqualTo(ActorKind.SERVICE_ACCOUNT);
  }

  @Test
  void proxyWithTheCredentialPermissionDenied_isAFailedOutcome_evenIfOthersWereGranted() {
    CredentialEvent event =
        event(
            entry(
                "deploymentmanager.googleapis.com",
                "v2.deploymentmanager.deployments.insert",
                "{}",
                "{}",
                ",\"authorizationInfo\":[{\"permission\":\"deploymentmanager.deployments.create\",\"granted\":true},"
                    + "{\"permission\":\"iam.serviceAccountKeys.create\",\"granted\":false}]"));
    assertThat(event.outcome().success()).isFalse();
    assertThat(event.outcome().errorCode()).isEqualTo("PERMISSION_DENIED");
  }
}
