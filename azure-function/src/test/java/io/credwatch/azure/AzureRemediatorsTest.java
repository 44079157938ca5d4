package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.RemediationPlanner;
import io.credwatch.respond.Remediator;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Graph and ARM remediators against a stand-in for Microsoft Graph, ARM and the
 * managed-identity endpoint, on the shared samples: each outcome, and exactly one credential
 * touched.
 */
class AzureRemediatorsTest {
  static final String PASSWORD_SAMPLE =
      "entra_application_credential_added/match/application-adds-secret-trailing-space-activity.json";

  /** The project's own fixture: the first password of application invoice-portal, by a person. */
  static final String FIRST_PASSWORD = "events/event-hubs-first-password.json";

  /** The key id of that password. */
  static final String FIRST_PASSWORD_KEY = "2d8f6b4a-9c1e-4f73-a5d0-3b7e1c9f4a86";

  static final String APP = "/v1.0/applications/61f3b8d2-4a7e-4c19-9b5d-2e8a6c3f1d74";
  static final String NEW_KEY = "8c2e6a4f-1d9b-4b37-a0f5-6e3c8b2d7a19";
  static final String OLD_KEY = "b7e3d9f1-2a6c-4e85-90b4-6c1f8a3d5e27";

  private AzureStandIn azure;

  @BeforeEach
  void start() throws IOException {
    azure = new AzureStandIn();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  static RemediationPlan.Act plan(String sample) {
    return (RemediationPlan.Act)
        new RemediationPlanner().plan(Fixtures.finding(Fixtures.resource("samples/" + sample)));
  }

  /** The sample's application: its old password and the one the event added, at the event time. */
  static String applicationWithPasswords(String newKeyStart) {
    return "{\"id\":\"61f3b8d2-4a7e-4c19-9b5d-2e8a6c3f1d74\",\"passwordCredentials\":["
        + "{\"keyId\":\""
        + OLD_KEY
        + "\",\"displayName\":\"portal-2024\",\"startDateTime\":\"2024-01-02T00:00:00Z\"},"
        + "{\"keyId\":\""
        + NEW_KEY
        + "\",\"displayName\":\"x\",\"startDateTime\":\""
        + newKeyStart
        + "\"}],\"keyCredentials\":[]}";
  }

  @Nested
  class Passwords {
    Remediator remediator;

    @BeforeEach
    void application() throws IOException {
      remediator = new AzureRemediator(azure.rest(), azure.rest());
      azure.put(APP, applicationWithPasswords("2024-11-14T00:15:03Z"));
    }

    @Test
    void enforce_removesExactlyThatKeyId_andRedeliveryIsAlreadyApplied() {
      Outcome outcome = remediator.apply(plan(PASSWORD_SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome).isInstanceOf(Outcome.Applied.class);
      assertThat(outcome.detail()).contains(NEW_KEY).contains("read back: gone");
      assertThat(azure.calls)
          .filteredOn(call -> !call.startsWith("GET "))
          .containsExactly("POST " + APP + "/removePassword {\"keyId\":\"" + NEW_KEY + "\"}");
      assertThat(azure.object(APP).path("passwordCredentials").toString())
          .contains(OLD_KEY)
          .doesNotContain(NEW_KEY);

      assertThat(remediator.apply(plan(PASSWORD_SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.AlreadyApplied.class);
      assertThat(azure.writes()).isEqualTo(1);
    }

    @Test
    void dryRun_verifiesWithoutWriting() {
      Outcome outcome = remediator.apply(plan(PASSWORD_SAMPLE), RemediationMode.DRY_RUN);
      assertThat(outcome).isInstanceOf(Outcome.DryRun.class);
      assertThat(outcome.detail()).startsWith("verified").contains(NEW_KEY);
      assertThat(azure.writes()).isZero();
    }

    @Test
    void aKeyThatStartedAtAnotherTime_isLeftAlone() throws IOException {
      azure.put(APP, applicationWithPasswords("2024-06-01T00:00:00Z"));
      assertThat(remediator.apply(plan(PASSWORD_SAMPLE), RemediationMode.ENFORCE).detail())
          .contains("not the credential this event added");
      assertThat(azure.writes()).isZero();
    }

    @Test
    void refusals_areClear() {
      azure.refuse(403);
      assertThat(remediator.apply(plan(PASSWORD_SAMPLE), RemediationMode.ENFORCE).detail())
          .startsWith("permission denied")
          .contains("Application.ReadWrite.OwnedBy");
      azure.refuse(404);
      assertThat(remediator.apply(plan(PASSWORD_SAMPLE), RemediationMode.ENFORCE).detail())
          .startsWith("not found");
      azure.refuse(429);
      Outcome throttled = remediator.apply(plan(PASSWORD_SAMPLE), RemediationMode.ENFORCE);
      assertThat(throttled.detail()).startsWith("throttled by Azure");
      assertThat(((Outcome.Failed) throttled).retryable()).isTrue();
    }
  }

  @Nested
  class Certificates {
    static final String SAMPLE =
        "entra_application_credential_added/match/developer-uploads-certificate-to-data-export-app.json";
    static final String APP_WITH_CERTS = "/v1.0/applications/97d5b1f3-2c8e-4a64-a0d9-5e1b3f7c8a26";
    static final String NEW_CERT = "4f9b3d7e-6a2c-4c15-b8e1-0d4a7f2c6b38";
    static final String KEPT_CERT = "11111111-2222-4333-8444-555555555555";
    Remediator remediator;

    @BeforeEach
    void application() throws IOException {
      remediator = new AzureRemediator(azure.rest(), azure.rest());
      azure.put(
          APP_WITH_CERTS,
          "{\"keyCredentials\":["
              + "{\"keyId\":\""
              + KEPT_CERT
              + "\",\"type\":\"AsymmetricX509Cert\",\"usage\":\"Verify\",\"key\":\"S0VQVA==\","
              + "\"startDateTime\":\"2023-01-01T00:00:00Z\"},"
              + "{\"keyId\":\""
              + NEW_CERT
              + "\",\"type\":\"AsymmetricX509Cert\",\"usage\":\"Verify\",\"key\":\"TkVX\","
              + "\"startDateTime\":\"2024-10-01T00:00:00Z\"}]}");
    }

    @Test
    void enforce_patchesTheListWithoutThatCertificate_keepingTheOthersWhole() {
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome).as(outcome.detail()).isInstanceOf(Outcome.Applied.class);
      assertThat(azure.calls)
          .filteredOn(call -> call.startsWith("PATCH "))
          .singleElement()
          .asString()
          .contains(KEPT_CERT)
          .contains("\"key\":\"S0VQVA==\"")
          .doesNotContain(NEW_CERT);
    }

    @Test
    void withoutTheOtherCertificatesMaterial_nothingIsPatched() throws IOException {
      azure.put(
          APP_WITH_CERTS,
          "{\"keyCredentials\":[{\"keyId\":\""
              + KEPT_CERT
              + "\",\"key\":null},{\"keyId\":\""
              + NEW_CERT
              + "\",\"key\":null}]}");
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome).isInstanceOf(Outcome.Failed.class);
      assertThat(outcome.detail()).contains("by hand").contains(NEW_CERT);
      assertThat(azure.writes()).isZero();
    }
  }

  @Nested
  class FederatedCredentials {
    static final String SAMPLE =
        "entra_application_federated_credential_added/match/first-github-actions-federated-credential.json";
    static final String CREDENTIAL =
        "/v1.0/applications/c4a8e2f6-3b7d-4d19-9e5a-1f6c2b8d4a73/federatedIdentityCredentials/"
            + "2c6e0a4f-8b1d-4e57-93a6-5d9f3b7c1e28";
    Remediator remediator;

    @BeforeEach
    void credential() throws IOException {
      remediator = new AzureRemediator(azure.rest(), azure.rest());
      azure.put(CREDENTIAL, "{\"id\":\"2c6e0a4f-8b1d-4e57-93a6-5d9f3b7c1e28\"}");
    }

    @Test
    void enforce_deletesIt_andRedeliveryIsAlreadyApplied() {
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.Applied.class);
      assertThat(azure.exists(CREDENTIAL)).isFalse();
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.AlreadyApplied.class);
      assertThat(azure.writes()).isEqualTo(1);
    }
  }

  @Nested
  class Owners {
    static final String SAMPLE =
        "entra_owner_added/match/admin-adds-contractor-as-billing-api-owner.json";
    static final String OWNERS = "/v1.0/applications/8a4c6e2f-1d3b-4f95-b7a0-5c9e3d1f7b42/owners";
    static final String ADDED = "f3b7d1e9-5a2c-4c86-9e04-6b8d2f4a1c73";
    Remediator remediator;

    @BeforeEach
    void owners() throws IOException {
      remediator = new AzureRemediator(azure.rest(), azure.rest());
      azure.put(
          OWNERS,
          "{\"value\":[{\"id\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"},{\"id\":\""
              + ADDED
              + "\"}]}");
    }

    @Test
    void enforce_removesOnlyThatOwner() {
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.Applied.class);
      assertThat(azure.object(OWNERS).toString())
          .doesNotContain(ADDED)
          .contains("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
      assertThat(azure.calls)
          .filteredOn(call -> call.startsWith("DELETE "))
          .containsExactly("DELETE " + OWNERS + "/" + ADDED + "/$ref");
    }
  }

  @Nested
  class ManagedIdentityFederatedCredentials {
    static final String SAMPLE =
        "azure_managed_identity_federated_credential_written/match/github-fic-written-event-grid.json";
    static final String RESOURCE =
        "/subscriptions/9b4e1c7a-3d58-4f26-a0e9-6c2d8b5f1a47/resourceGroups/rg-platform-identity"
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-release-pipeline"
            + "/federatedIdentityCredentials/gh-release-main";
    Remediator remediator;

    @BeforeEach
    void resource() throws IOException {
      remediator = new AzureRemediator(azure.rest(), azure.rest());
      azure.put(RESOURCE, written("2024-12-02T10:18:44Z"));
    }

    static String written(String at) {
      return "{\"name\":\"gh-release-main\",\"systemData\":{\"createdAt\":\"" + at + "\"}}";
    }

    @Test
    void enforce_deletesThatResource_andRedeliveryIsAlreadyApplied() {
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome).as(outcome.detail()).isInstanceOf(Outcome.Applied.class);
      assertThat(azure.calls)
          .filteredOn(call -> call.startsWith("DELETE "))
          .containsExactly("DELETE " + RESOURCE + "?api-version=2023-01-31");
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.AlreadyApplied.class);
    }

    @Test
    void aResourceWrittenAtAnotherTime_orDryRun_isNotDeleted() throws IOException {
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.DRY_RUN))
          .isInstanceOf(Outcome.DryRun.class);
      azure.put(RESOURCE, written("2023-05-05T00:00:00Z"));
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.Skipped.class);
      assertThat(azure.writes()).isZero();
    }

    @Test
    void permissionDenied_namesTheArmPermissions() {
      azure.refuse(403);
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .startsWith("permission denied")
          .contains("federatedIdentityCredentials/read");
    }
  }
}
