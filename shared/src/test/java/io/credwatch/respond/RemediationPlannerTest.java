package io.credwatch.respond;

import static io.credwatch.testing.Fixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.testing.CloudTrailRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RemediationPlannerTest {
  private final RemediationPlanner planner = new RemediationPlanner();

  @Test
  void accessKey_plansExactlyThatKeyWithAnUndo() {
    RemediationPlan plan =
        planner.plan(
            finding(
                CloudTrailRecords.createAccessKey(
                    CloudTrailRecords.iamUser("user/alice", "alice"), "bob")));
    assertThat(plan)
        .isInstanceOfSatisfying(
            RemediationPlan.Act.class,
            act -> {
              assertThat(act.action()).isEqualTo(AwsAction.DEACTIVATE_ACCESS_KEY);
              assertThat(act.locator(RemediationLocator.IamCredential.class))
                  .isEqualTo(new RemediationLocator.IamCredential("bob", "AKIANEW"));
              assertThat(act.credentialId()).isEqualTo("AKIANEW");
              assertThat(act.createdAt()).isPresent();
              assertThat(act.undo())
                  .isEqualTo(
                      "aws iam update-access-key --user-name bob --access-key-id AKIANEW --status Active");
              assertThat(act.action().permissions())
                  .containsExactly("iam:ListAccessKeys", "iam:UpdateAccessKey");
            });
  }

  @Test
  void undoCommand_quotesHostileValues() {
    String hostile =
        CloudTrailRecords.createAccessKey(
            CloudTrailRecords.iamUser("user/alice", "alice"), "bob$(rm -rf ~)'x");
    RemediationPlan.Act act = (RemediationPlan.Act) planner.plan(finding(hostile));
    assertThat(act.undo()).contains("--user-name 'bob$(rm -rf ~)'\\''x'");
  }

  @Test
  void rootTarget_isAlertOnly() {
    String root =
        "{\"type\":\"Root\",\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\",\"accountId\":\"111122223333\"}";
    assertThat(planner.plan(finding(CloudTrailRecords.createAccessKey(root, ""))))
        .isInstanceOfSatisfying(
            RemediationPlan.None.class,
            none -> assertThat(none.reason()).startsWith("root credentials are alert-only"));
  }

  @Test
  void unnamedCredential_isNotPlanned() {
    String noId =
        CloudTrailRecords.createAccessKey(CloudTrailRecords.iamUser("user/alice", "alice"), "bob")
            .replace("\"accessKeyId\":\"AKIANEW\",", "");
    assertThat(planner.plan(finding(noId)))
        .isInstanceOfSatisfying(
            RemediationPlan.None.class,
            none -> assertThat(none.reason()).contains("does not name the new access key"));
  }

  @Test
  void alertOnlyRule_saysSo() {
    String push =
        """
        {"eventSource":"ec2-instance-connect.amazonaws.com","eventName":"SendSerialConsoleSSHPublicKey","eventTime":"2026-11-20T10:15:01Z","awsRegion":"us-east-1",
         "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},"recipientAccountId":"111122223333",
         "requestParameters":{"instanceId":"i-1","serialPort":0,"sSHPublicKey":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINnNrCoRSpEDQZ3sx52Hyf5nYGqlGQALWR+d1MdO3Ne4"},"responseElements":{"success":true}}""";
    assertThat(planner.plan(finding(push)))
        .isInstanceOfSatisfying(
            RemediationPlan.None.class, none -> assertThat(none.reason()).startsWith("alert only"));
  }

  @Test
  void everyRegisteredAction_hasAPlanner_forItsMatchSamples() throws Exception {
    // Every rule's match samples with a remediation action give either a plan for that action or
    // a reason; never an unknown action.
    Path samples = Path.of("src/test/resources/samples");
    int planned = 0;
    try (Stream<Path> files = Files.walk(samples)) {
      for (Path file :
          files
              .filter(
                  f ->
                      f.toString().contains("/match/")
                          && f.toString().endsWith(".json")
                          && !f.toString().endsWith(".expect.json"))
              .toList()) {
        for (var finding : io.credwatch.testing.Fixtures.findings(Files.readString(file))) {
          RemediationPlan plan = planner.plan(finding);
          if (plan instanceof RemediationPlan.Act act) {
            assertThat(act.action().id())
                .as(file.toString())
                .isEqualTo(finding.rule().remediation().orElseThrow());
            assertThat(act.locator()).as(file.toString()).isInstanceOf(act.action().locatorType());
            assertThat(act.description()).as(file.toString()).isNotBlank();
            assertThat(act.undo()).as(file.toString()).isNotBlank();
            planned++;
          } else {
            assertThat(((RemediationPlan.None) plan).reason()).as(file.toString()).isNotBlank();
          }
        }
      }
    }
    assertThat(planned).isGreaterThan(50);
    assertThat(RemediationActions.all())
        .allSatisfy(action -> assertThat(action.permissions()).isNotEmpty());
  }

  @Test
  void aSubjectCarryingJson_cannotAddAnIssuerToTheUndoCommand() throws Exception {
    Path sample =
        io.credwatch.testing.Fixtures.repositoryRoot()
            .resolve(
                "shared/src/test/resources/samples/entra_application_federated_credential_added/match/github-federated-credential-subject-repointed-to-other-repository.json");
    String record = Files.readString(sample);
    String genuineSubject =
        io.credwatch.testing.Fixtures.findings(record)
            .get(0)
            .event()
            .credential()
            .details()
            .get("subject");
    String injected = "x\\\\\\\",\\\\\\\"issuer\\\\\\\":\\\\\\\"https://evil.example";
    String hostile = record.replace(genuineSubject, injected);
    var finding = io.credwatch.testing.Fixtures.findings(hostile).get(0);
    assertThat(finding.event().credential().details().get("subject"))
        .isEqualTo("x\",\"issuer\":\"https://evil.example");

    RemediationPlan.Act act = (RemediationPlan.Act) planner.plan(finding);

    String quoted =
        act.undo().substring(act.undo().indexOf("--parameters ") + "--parameters ".length());
    assertThat(quoted).startsWith("'").endsWith("'");
    String definition = quoted.substring(1, quoted.length() - 1).replace("'\\''", "'");
    var strict =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    var parsed = strict.readTree(definition);
    assertThat(parsed.path("issuer").asText()).isEqualTo(finding.event().credential().issuer());
    assertThat(parsed.path("issuer").asText()).doesNotContain("evil.example");
    assertThat(parsed.path("subject").asText()).isEqualTo("x\",\"issuer\":\"https://evil.example");
  }
}
