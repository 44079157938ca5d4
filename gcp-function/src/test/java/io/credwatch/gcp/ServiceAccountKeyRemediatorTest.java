package io.credwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.detect.Finding;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.RemediationPlanner;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service-account key remediator against stand-ins for the IAM API and the metadata server. */
class ServiceAccountKeyRemediatorTest {
  private GoogleApiStandIn google;
  private GcpRemediator remediator;

  @BeforeEach
  void start() throws IOException {
    google = GoogleApiStandIn.withServiceAccountKey();
    remediator = new GcpRemediator(google.rest());
  }

  @AfterEach
  void stop() {
    google.close();
  }

  static RemediationPlan.Act plan(String keyId) {
    String entry =
        Fixtures.resource(
            "samples/gcp_iam_service_account_key_created/match/user-creates-key-for-etl-runner.json");
    Finding finding = Fixtures.finding(entry.replace(GoogleApiStandIn.KEY, keyId));
    return (RemediationPlan.Act) new RemediationPlanner().plan(finding);
  }

  @Test
  void enforce_disablesThatKeyWithTheMetadataToken_thenRedeliveryIsAlreadyApplied() {
    Outcome applied = remediator.apply(plan(GoogleApiStandIn.KEY), RemediationMode.ENFORCE);
    assertThat(applied).isInstanceOf(Outcome.Applied.class);
    assertThat(applied.detail()).contains(GoogleApiStandIn.KEY).contains("read back: disabled");
    assertThat(google.keyDisabled()).isTrue();
    assertThat(google.calls)
        .anyMatch(
            call -> call.startsWith("POST ") && call.contains(":disable Bearer ya29.stand-in"));

    assertThat(remediator.apply(plan(GoogleApiStandIn.KEY), RemediationMode.ENFORCE))
        .isInstanceOf(Outcome.AlreadyApplied.class);
  }

  @Test
  void dryRun_readsButDoesNotDisable() {
    assertThat(remediator.apply(plan(GoogleApiStandIn.KEY), RemediationMode.DRY_RUN))
        .isInstanceOf(Outcome.DryRun.class);
    assertThat(google.keyDisabled()).isFalse();
    assertThat(google.calls).noneMatch(call -> call.contains(":disable"));
  }

  @Test
  void unknownKey_isNotFound_andGoogleManagedKeysAreLeftAlone() throws IOException {
    assertThat(
            remediator
                .apply(plan("0000000000000000000000000000000000000000"), RemediationMode.ENFORCE)
                .detail())
        .startsWith("not found");
    google.serviceAccountKey("SYSTEM_MANAGED");
    assertThat(remediator.apply(plan(GoogleApiStandIn.KEY), RemediationMode.ENFORCE))
        .isInstanceOf(Outcome.Skipped.class);
    assertThat(google.keyDisabled()).isFalse();
  }

  @Test
  void permissionDenied_namesThePermission() {
    google.refuse(403);
    Outcome outcome = remediator.apply(plan(GoogleApiStandIn.KEY), RemediationMode.ENFORCE);
    assertThat(outcome.detail())
        .startsWith("permission denied")
        .contains("iam.serviceAccountKeys.get");
  }
}
