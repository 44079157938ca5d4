package io.credwatch.detect;

import static io.credwatch.testing.Fixtures.finding;
import static io.credwatch.testing.Fixtures.findings;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.Severity;
import io.credwatch.rule.ContextFlag;
import io.credwatch.testing.CloudTrailRecords;
import org.junit.jupiter.api.Test;

class DetectorTest {

  @Test
  void reasons_explainBaseAndEveryChange_inOrder() {
    String json =
        CloudTrailRecords.createAccessKey(
                CloudTrailRecords.iamUser("user/alice", "alice"), "svc-backup")
            .replace("\"aws-cli/2\"", "\"stratus-red-team_1234\"");
    Finding finding = finding(json);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.reasons())
        .containsExactly(
            "high: a new access key is a long-lived way in that survives password changes",
            "raised to critical: the user agent is that of a known attack or attack-simulation tool",
            "note: " + ContextFlag.SERVICE_NAME_HINT.explanation());
  }

  @Test
  void nameHints_raiseOrExplainButNeverLower() {
    // A target named like a service account gets no discount: the intruder chooses names.
    Finding plain =
        finding(
            CloudTrailRecords.createAccessKey(
                CloudTrailRecords.iamUser("user/alice", "alice"), "bob"));
    Finding svc =
        finding(
            CloudTrailRecords.createAccessKey(
                CloudTrailRecords.iamUser("user/alice", "alice"), "svc-deploy-bot"));
    assertThat(svc.severity()).isEqualTo(plain.severity());
    assertThat(svc.flags()).contains(ContextFlag.SERVICE_NAME_HINT);
    Finding bedrock =
        finding(
            CloudTrailRecords.createAccessKey(
                CloudTrailRecords.iamUser("user/alice", "alice"), "BedrockAPIKey-x1"));
    assertThat(bedrock.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void iacUserAgent_doesNotLowerTheSeverity() {
    Finding plain =
        finding(
            CloudTrailRecords.createAccessKey(
                CloudTrailRecords.iamUser("user/alice", "alice"), "bob"));
    Finding terraform =
        finding(
            CloudTrailRecords.createAccessKey(
                    CloudTrailRecords.iamUser("user/alice", "alice"), "bob")
                .replace("\"aws-cli/2\"", "\"Terraform/1.9.0 (+https://www.terraform.io)\""));
    assertThat(terraform.flags()).contains(ContextFlag.IAC_CLIENT);
    assertThat(terraform.severity()).isEqualTo(plain.severity());
  }

  @Test
  void failedCall_isInfo() {
    String failed =
        CloudTrailRecords.createAccessKey(CloudTrailRecords.iamUser("user/alice", "alice"), "bob")
            .replace("\"eventID\":\"e1\"", "\"eventID\":\"e1\",\"errorCode\":\"AccessDenied\"");
    assertThat(finding(failed).severity()).isEqualTo(Severity.INFO);
  }

  @Test
  void entraManagedIdentityRollover_isInfo_butTheSameDisplayNameAloneIsNot() {
    String app = "a70a7931-c387-4dce-9f35-fbf95bdcc91e";
    String rollover =
        """
        {"activityDisplayName":"Add service principal credentials","result":"success",
         "initiatedBy":{"app":{"displayName":"Managed Service Identity","servicePrincipalId":"sp-msi"}},
         "targetResources":[{"id":"sp-1","displayName":"mi","type":"ServicePrincipal","modifiedProperties":[
          {"displayName":"KeyDescription","oldValue":"[]","newValue":"[\\"[KeyIdentifier=k-1,KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=%s]\\"]"},
          {"displayName":"TargetId.ServicePrincipalNames","oldValue":null,"newValue":"\\"%s;https://identity.azure.net/abc=\\""}]}]}"""
            .formatted(app, app);
    Finding platform = finding(rollover);
    assertThat(platform.flags()).contains(ContextFlag.PLATFORM_ACTOR);
    assertThat(platform.severity()).isEqualTo(Severity.INFO);
    // An app an intruder named "Managed Service Identity" that adds a secret to an ordinary SP.
    Finding impostor =
        finding(
            rollover
                .replace("KeyType=AsymmetricX509Cert", "KeyType=Password")
                .replace("https://identity.azure.net/abc=", "https://contoso.example/app"));
    assertThat(impostor.flags()).doesNotContain(ContextFlag.PLATFORM_ACTOR);
    assertThat(impostor.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void irrelevantKind_givesNoFinding() {
    assertThat(
            findings(
                "{\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",\"userIdentity\":{}}"))
        .isEmpty();
  }
}
