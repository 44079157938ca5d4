package io.credwatch.gcp;

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
 * The HMAC, OS Login, workload identity provider and API key remediators against a stand-in for
 * their Google APIs, on the shared samples: each outcome, and exactly one resource touched.
 */
class GoogleRemediatorsTest {
  private GoogleApiStandIn google;

  @BeforeEach
  void start() throws IOException {
    google = new GoogleApiStandIn();
  }

  @AfterEach
  void stop() {
    google.close();
  }

  static RemediationPlan.Act plan(String sample) {
    return (RemediationPlan.Act)
        new RemediationPlanner().plan(Fixtures.finding(Fixtures.resource("samples/" + sample)));
  }

  private long writes() {
    return google.calls.stream().filter(call -> !call.startsWith("GET ")).count();
  }

  @Nested
  class HmacKeys {
    static final String SAMPLE =
        "gcp_storage_hmac_key_created/match/user-creates-hmac-key-for-reports-export.json";
    static final String ACCESS_ID = "GOOG1EJ4Q7ZK2W9XM5TR8NBV3C6YH1PD4LF7SA0GUEI2OK5WQ9TJ3MZ6";
    static final String KEY = "/storage/v1/projects/acme-prod-1/hmacKeys/" + ACCESS_ID;
    static final String OTHER = "/storage/v1/projects/acme-prod-1/hmacKeys/GOOG1OTHERKEY";
    Remediator remediator;

    @BeforeEach
    void keys() throws IOException {
      remediator = new GcpRemediator(google.rest());
      String account = "reports-export@acme-prod-1.iam.gserviceaccount.com";
      google.put(KEY, key(ACCESS_ID, account, "2024-12-13T09:41:27.662819Z"));
      google.put(OTHER, key("GOOG1OTHERKEY", account, "2023-01-01T00:00:00Z"));
    }

    static String key(String accessId, String account, String created) {
      return "{\"accessId\":\""
          + accessId
          + "\",\"serviceAccountEmail\":\""
          + account
          + "\",\"state\":\"ACTIVE\",\"timeCreated\":\""
          + created
          + "\",\"etag\":\"ZTNhY2M0\"}";
    }

    @Test
    void enforce_setsThatKeyInactiveWithItsEtag_andRedeliveryIsAlreadyApplied() {
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome).isInstanceOf(Outcome.Applied.class);
      assertThat(outcome.detail()).contains(ACCESS_ID).contains("read back: INACTIVE");
      assertThat(google.resource(KEY).path("state").asText()).isEqualTo("INACTIVE");
      assertThat(google.resource(OTHER).path("state").asText()).isEqualTo("ACTIVE");
      assertThat(google.calls)
          .filteredOn(call -> call.startsWith("PUT "))
          .singleElement()
          .asString()
          .contains(KEY + " Bearer ya29.stand-in")
          .contains("\"state\":\"INACTIVE\"")
          .contains("\"etag\":\"ZTNhY2M0\"");

      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.AlreadyApplied.class);
      assertThat(writes()).isEqualTo(1);
    }

    @Test
    void dryRun_verifiesWithoutWriting() {
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.DRY_RUN);
      assertThat(outcome).isInstanceOf(Outcome.DryRun.class);
      assertThat(outcome.detail()).startsWith("verified");
      assertThat(writes()).isZero();
    }

    @Test
    void aKeyOfAnotherAccountOrAnotherTime_isLeftAlone() throws IOException {
      google.put(
          KEY,
          key(
              ACCESS_ID,
              "someone-else@acme-prod-1.iam.gserviceaccount.com",
              "2024-12-13T09:41:27Z"));
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .contains("belongs to someone-else");
      google.put(
          KEY,
          key(
              ACCESS_ID,
              "reports-export@acme-prod-1.iam.gserviceaccount.com",
              "2024-01-01T00:00:00Z"));
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .contains("not the credential this event added");
      assertThat(writes()).isZero();
    }

    @Test
    void missingKey_isNotFound_andRefusalsAreClear() {
      google.delete(KEY);
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .startsWith("not found");
      google.refuse(403);
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .startsWith("permission denied")
          .contains("storage.hmacKeys.get");
      google.refuse(429);
      Outcome throttled = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(throttled.detail()).startsWith("throttled");
      assertThat(((Outcome.Failed) throttled).retryable()).isTrue();
    }
  }

  @Nested
  class OsLoginKeys {
    static final String SAMPLE =
        "gcp_oslogin_ssh_key_imported/match/admin-imports-key-for-another-user.json";
    static final String USER = "bob.osei@acme-corp.example";
    static final String FINGERPRINT =
        "25c9b14aa88eecdd4bbb33f312ae2c5449e8ebc64178a5c712cdda38e20352df";
    static final String OLD = "5fdb11ae336ad119618c51de65f8a8076242aa1f65e391c7da08e2159157011b";
    static final String BASE = "/v1/users/bob.osei%40acme-corp.example/sshPublicKeys/";
    Remediator remediator;

    @BeforeEach
    void keys() throws IOException {
      remediator = new GcpRemediator(google.rest());
      google.put(
          BASE + FINGERPRINT,
          "{\"key\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHuhLJDO+5UQLCV2ZgxzVuPAvZXxPL2/ApvdwSyFDNWJ"
              + " backdoor@ops-box\",\"fingerprint\":\""
              + FINGERPRINT
              + "\"}");
      google.put(
          BASE + OLD,
          "{\"key\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO+Qjtx3zKCX2PlYwitrupMBZxzFVLBKZk+j5BFNZ4ym"
              + " old-laptop\",\"fingerprint\":\""
              + OLD
              + "\"}");
    }

    @Test
    void enforce_deletesExactlyThatKey_andRedeliveryIsAlreadyApplied() {
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome).isInstanceOf(Outcome.Applied.class);
      assertThat(outcome.detail()).contains(USER).contains("read back: gone");
      assertThat(google.exists(BASE + FINGERPRINT)).isFalse();
      assertThat(google.exists(BASE + OLD)).isTrue();
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.AlreadyApplied.class);
      assertThat(writes()).isEqualTo(1);
    }

    @Test
    void dryRun_andAnotherKeyUnderThatFingerprint_writeNothing() throws IOException {
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.DRY_RUN))
          .isInstanceOf(Outcome.DryRun.class);
      google.put(BASE + FINGERPRINT, google.resource(BASE + OLD).toString());
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .contains("not the key this event imported");
      assertThat(writes()).isZero();
    }

    @Test
    void permissionDenied_tellsWhoCanRemoveIt() {
      google.refuse(403);
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .startsWith("permission denied")
          .contains("only the key's owner")
          .contains("gcloud compute os-login ssh-keys remove");
    }
  }

  @Nested
  class WorkloadIdentityProviders {
    static final String SAMPLE =
        "gcp_iam_workload_identity_provider_changed/match/oidc-provider-without-attribute-condition.json";
    static final String PROVIDER =
        "/v1/projects/418273645091/locations/global/workloadIdentityPools/ci-pool/providers/gitlab-any";
    static final String OTHER =
        "/v1/projects/418273645091/locations/global/workloadIdentityPools/ci-pool/providers/github";
    Remediator remediator;

    @BeforeEach
    void providers() throws IOException {
      remediator = new GcpRemediator(google.rest());
      google.put(PROVIDER, "{\"state\":\"ACTIVE\",\"disabled\":false,\"attributeCondition\":\"\"}");
      google.put(OTHER, "{\"state\":\"ACTIVE\",\"disabled\":false}");
    }

    @Test
    void enforce_deletesOnlyThatProvider_keptForUndelete_andRedeliveryIsAlreadyApplied() {
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome).isInstanceOf(Outcome.Applied.class);
      assertThat(outcome.detail()).contains("gitlab-any").contains("deleted");
      assertThat(google.calls)
          .filteredOn(call -> !call.startsWith("GET "))
          .singleElement()
          .asString()
          .startsWith("DELETE " + PROVIDER + " Bearer ya29.stand-in");
      assertThat(google.resource(PROVIDER).path("state").asText()).isEqualTo("DELETED");
      assertThat(google.resource(OTHER).path("state").asText()).isEqualTo("ACTIVE");
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.AlreadyApplied.class);
      assertThat(writes()).isEqualTo(1);
      assertThat(plan(SAMPLE).undo()).contains(":undelete").contains("-X POST");
    }

    @Test
    void dryRun_writesNothing_andRefusalsAreClear() {
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.DRY_RUN))
          .isInstanceOf(Outcome.DryRun.class);
      assertThat(writes()).isZero();
      google.delete(PROVIDER);
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .startsWith("not found");
      google.refuse(403);
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE).detail())
          .contains("iam.workloadIdentityPoolProviders.get");
    }

    @Test
    void aNameOfAnotherShape_neverReachesAUrl() {
      RemediationPlan.Act plan = plan(SAMPLE);
      RemediationPlan.Act crafted =
          new RemediationPlan.Act(
              plan.action(),
              plan.account(),
              plan.region(),
              plan.kind(),
              plan.credentialId(),
              plan.target(),
              plan.createdAt(),
              new io.credwatch.respond.RemediationLocator.IdentityProvider(
                  "projects/1/locations/global/workloadIdentityPools/p/providers/../../x"),
              plan.description(),
              plan.undo());
      assertThat(remediator.apply(crafted, RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.Skipped.class);
      assertThat(google.calls).isEmpty();
    }
  }

  @Nested
  class ApiKeys {
    static final String SAMPLE = "gcp_apikeys_key_created/match/user-creates-maps-api-key.json";
    static final String UID = "0b7c2e9a-4f1d-4a63-9e8b-5c2d7f0a3e61";
    static final String KEY = "/v2/projects/418273645091/locations/global/keys/" + UID;
    static final String OTHER = "/v2/projects/418273645091/locations/global/keys/older-key";
    Remediator remediator;

    @BeforeEach
    void keys() throws IOException {
      remediator = new GcpRemediator(google.rest());
      google.put(KEY, "{\"uid\":\"" + UID + "\",\"createTime\":\"2024-12-15T11:12:47.339021Z\"}");
      google.put(OTHER, "{\"uid\":\"older-key\",\"createTime\":\"2023-02-01T00:00:00Z\"}");
    }

    @Test
    void enforce_deletesThatKey_andRedeliveryIsAlreadyApplied() {
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome).isInstanceOf(Outcome.Applied.class);
      assertThat(outcome.detail()).contains(UID).contains("undeletable for 30 days");
      assertThat(outcome.undo()).contains("gcloud services api-keys undelete");
      assertThat(google.resource(KEY).has("deleteTime")).isTrue();
      assertThat(google.resource(OTHER).has("deleteTime")).isFalse();
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.AlreadyApplied.class);
      assertThat(writes()).isEqualTo(1);
    }

    @Test
    void aKeyCreatedAtAnotherTime_isLeftAlone_andDryRunWritesNothing() throws IOException {
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.DRY_RUN))
          .isInstanceOf(Outcome.DryRun.class);
      google.put(KEY, "{\"uid\":\"" + UID + "\",\"createTime\":\"2022-01-01T00:00:00Z\"}");
      assertThat(remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE))
          .isInstanceOf(Outcome.Skipped.class);
      assertThat(writes()).isZero();
    }

    @Test
    void throttling_isRetryable() {
      google.refuse(429);
      Outcome outcome = remediator.apply(plan(SAMPLE), RemediationMode.ENFORCE);
      assertThat(outcome.detail()).startsWith("throttled").contains(UID);
      assertThat(((Outcome.Failed) outcome).retryable()).isTrue();
    }
  }
}
