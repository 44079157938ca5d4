package io.credwatch.respond;

import static io.credwatch.testing.Fixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.Severity;
import io.credwatch.detect.Finding;
import io.credwatch.testing.CloudTrailRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediationPolicyTest {
  private static final Finding OTHER_USER_KEY =
      finding(
          CloudTrailRecords.createAccessKey(
              CloudTrailRecords.iamUser("user/alice", "alice"), "bob"));
  private static final Finding SELF_KEY =
      finding(
          CloudTrailRecords.createAccessKey(
              CloudTrailRecords.iamUser("user/alice", "alice"), "alice"));
  private final RemediationPlanner planner = new RemediationPlanner();

  private static RemediationPolicy policy(RemediationMode mode) {
    return new RemediationPolicy(mode, Map.of(), Severity.HIGH, List.of(), List.of(), 2);
  }

  private RemediationPolicy.Decision decide(RemediationPolicy policy, Finding finding, int done) {
    return policy.decide(finding, planner.plan(finding), done);
  }

  private static String skipReason(RemediationPolicy.Decision decision) {
    assertThat(decision).isInstanceOf(RemediationPolicy.Decision.Skip.class);
    return ((RemediationPolicy.Decision.Skip) decision).reason();
  }

  @Test
  void modes() {
    assertThat(decide(policy(RemediationMode.ENFORCE), OTHER_USER_KEY, 0))
        .isEqualTo(new RemediationPolicy.Decision.Act(RemediationMode.ENFORCE));
    assertThat(decide(policy(RemediationMode.DRY_RUN), OTHER_USER_KEY, 0))
        .isEqualTo(new RemediationPolicy.Decision.Act(RemediationMode.DRY_RUN));
    assertThat(skipReason(decide(policy(RemediationMode.OFF), OTHER_USER_KEY, 0)))
        .isEqualTo("remediation is off");
  }

  @Test
  void perRuleOverride_winsOverTheGlobalMode() {
    RemediationPolicy policy =
        new RemediationPolicy(
            RemediationMode.DRY_RUN,
            Map.of("aws_iam_access_key_created", RemediationMode.ENFORCE),
            Severity.HIGH,
            List.of(),
            List.of(),
            5);
    assertThat(decide(policy, OTHER_USER_KEY, 0))
        .isEqualTo(new RemediationPolicy.Decision.Act(RemediationMode.ENFORCE));
    RemediationPolicy off =
        new RemediationPolicy(
            RemediationMode.ENFORCE,
            Map.of("aws_iam_access_key_created", RemediationMode.OFF),
            Severity.HIGH,
            List.of(),
            List.of(),
            5);
    assertThat(skipReason(decide(off, OTHER_USER_KEY, 0))).isEqualTo("remediation is off");
  }

  @Test
  void lowSeverity_selfServiceRotation_isNeverUndone() {
    assertThat(skipReason(decide(policy(RemediationMode.ENFORCE), SELF_KEY, 0)))
        .contains("severity low is below high");
  }

  @Test
  void protectedIdentity_andAllowListedActor_areSkipped() {
    RemediationPolicy protect =
        new RemediationPolicy(
            RemediationMode.ENFORCE, Map.of(), Severity.HIGH, List.of("BOB"), List.of(), 5);
    assertThat(skipReason(decide(protect, OTHER_USER_KEY, 0)))
        .contains("protected")
        .contains("BOB");
    RemediationPolicy allow =
        new RemediationPolicy(
            RemediationMode.ENFORCE,
            Map.of(),
            Severity.HIGH,
            List.of(),
            List.of("arn:aws:iam::111122223333:user/ali*"),
            5);
    assertThat(skipReason(decide(allow, OTHER_USER_KEY, 0))).contains("allow-listed");
  }

  @Test
  void cap_limitsEnforcedActions() {
    assertThat(skipReason(decide(policy(RemediationMode.ENFORCE), OTHER_USER_KEY, 2)))
        .contains("cap of 2");
    assertThat(decide(policy(RemediationMode.DRY_RUN), OTHER_USER_KEY, 2))
        .as("dry runs change nothing")
        .isInstanceOf(RemediationPolicy.Decision.Act.class);
  }

  @Test
  void failedCall_andSuppressedFinding_areSkipped() {
    Finding failed =
        finding(
            CloudTrailRecords.createAccessKey(
                    CloudTrailRecords.iamUser("user/alice", "alice"), "bob")
                .replace("\"eventID\":\"e1\"", "\"eventID\":\"e1\",\"errorCode\":\"Throttling\""));
    assertThat(skipReason(decide(policy(RemediationMode.ENFORCE), failed, 0)))
        .contains("the call failed");
  }

  @Test
  void optInAction_needsItsRuleSwitchedOnExplicitly() {
    String owner =
        """
        {"activityDisplayName":"Add owner to application","result":"success","activityDateTime":"2026-11-20T09:00:00Z","initiatedBy":{"user":{"id":"u-1","userPrincipalName":"a@contoso.example"}},
         "targetResources":[{"id":"u-9","userPrincipalName":"eve@contoso.example","type":"User"},{"id":"app-1","displayName":"billing","type":"Application"}]}""";
    Finding finding = finding(owner);
    RemediationPolicy global =
        new RemediationPolicy(
            RemediationMode.ENFORCE, Map.of(), Severity.MEDIUM, List.of(), List.of(), 5);
    assertThat(skipReason(decide(global, finding, 0)))
        .contains("CREDWATCH_REMEDIATION_RULES=entra_owner_added=enforce");
    RemediationPolicy explicit =
        new RemediationPolicy(
            RemediationMode.DRY_RUN,
            Map.of("entra_owner_added", RemediationMode.ENFORCE),
            Severity.MEDIUM,
            List.of(),
            List.of(),
            5);
    assertThat(decide(explicit, finding, 0))
        .isEqualTo(new RemediationPolicy.Decision.Act(RemediationMode.ENFORCE));
  }
}
