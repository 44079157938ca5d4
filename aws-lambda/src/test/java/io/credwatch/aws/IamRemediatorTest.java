package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Each IAM remediation against a real moto server: enforce, dry-run, already-applied, not-found.
 */
class IamRemediatorTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static IamClient iam;
  private static AwsRemediator remediator;

  @BeforeAll
  static void clients() {
    iam = MOTO.iam();
    remediator =
        new AwsRemediator(MOTO.clients().iam(), MOTO.clients().ec2(), () -> MotoServer.ACCOUNT);
  }

  private static String newUser(String name) {
    String user = name + "-" + System.nanoTime();
    iam.createUser(r -> r.userName(user));
    return user;
  }

  // ---- access keys ----

  @Test
  void accessKey_enforce_setsExactlyThatKeyInactiveAndReadsItBack() {
    String user = newUser("bob");
    AccessKey other = iam.createAccessKey(r -> r.userName(user)).accessKey();
    AccessKey added = iam.createAccessKey(r -> r.userName(user)).accessKey();
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.createAccessKey(user, added.accessKeyId(), added.createDate()));

    Outcome outcome = remediator.apply(plan, RemediationMode.ENFORCE);

    assertThat(outcome).isInstanceOf(Outcome.Applied.class);
    assertThat(outcome.detail()).contains(added.accessKeyId()).contains("read back: Inactive");
    assertThat(outcome.undo()).contains("--status Active").contains(added.accessKeyId());
    assertThat(MotoServer.accessKeyStatus(iam, user, added.accessKeyId()))
        .isEqualTo(StatusType.INACTIVE);
    assertThat(MotoServer.accessKeyStatus(iam, user, other.accessKeyId()))
        .isEqualTo(StatusType.ACTIVE);
  }

  @Test
  void accessKey_dryRun_verifiesAndLeavesItActive() {
    String user = newUser("bob");
    AccessKey added = iam.createAccessKey(r -> r.userName(user)).accessKey();
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.createAccessKey(user, added.accessKeyId(), added.createDate()));

    Outcome outcome = remediator.apply(plan, RemediationMode.DRY_RUN);

    assertThat(outcome).isInstanceOf(Outcome.DryRun.class);
    assertThat(outcome.detail()).contains("verified").contains("would set it to Inactive");
    assertThat(MotoServer.accessKeyStatus(iam, user, added.accessKeyId()))
        .isEqualTo(StatusType.ACTIVE);
  }

  @Test
  void accessKey_redelivery_isAlreadyApplied() {
    String user = newUser("bob");
    AccessKey added = iam.createAccessKey(r -> r.userName(user)).accessKey();
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.createAccessKey(user, added.accessKeyId(), added.createDate()));
    assertThat(remediator.apply(plan, RemediationMode.ENFORCE)).isInstanceOf(Outcome.Applied.class);

    Outcome again = remediator.apply(plan, RemediationMode.ENFORCE);

    assertThat(again).isInstanceOf(Outcome.AlreadyApplied.class);
    assertThat(again.detail()).contains("already Inactive");
  }

  @Test
  void accessKey_unknownKeyOrUser_isNotFound() {
    String user = newUser("bob");
    Outcome noKey =
        remediator.apply(
            AwsEvents.plan(AwsEvents.createAccessKey(user, "AKIANOSUCHKEY0000000", Instant.now())),
            RemediationMode.ENFORCE);
    Outcome noUser =
        remediator.apply(
            AwsEvents.plan(
                AwsEvents.createAccessKey(
                    "nobody-" + System.nanoTime(), "AKIANOSUCHKEY0000001", Instant.now())),
            RemediationMode.ENFORCE);

    assertThat(noKey)
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
    assertThat(noKey.detail()).startsWith("not found").contains("AKIANOSUCHKEY0000000");
    assertThat(noUser).isInstanceOf(Outcome.Failed.class);
    assertThat(noUser.detail()).startsWith("not found");
  }

  @Test
  void accessKey_eventTimeDiffersFromTheKeysCreation_leavesTheKeyAlone() {
    String user = newUser("bob");
    AccessKey legitimate = iam.createAccessKey(r -> r.userName(user)).accessKey();
    // A replayed or forged event naming an existing key, with another time.
    Instant forgedTime = legitimate.createDate().minus(3, ChronoUnit.DAYS);
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.createAccessKey(user, legitimate.accessKeyId(), forgedTime));

    Outcome outcome = remediator.apply(plan, RemediationMode.ENFORCE);

    assertThat(outcome).isInstanceOf(Outcome.Skipped.class);
    assertThat(outcome.detail()).contains("not the credential this event added");
    assertThat(MotoServer.accessKeyStatus(iam, user, legitimate.accessKeyId()))
        .isEqualTo(StatusType.ACTIVE);
  }

  @Test
  void anotherAccount_isNotActedOn() {
    AwsRemediator elsewhere =
        new AwsRemediator(MOTO.clients().iam(), MOTO.clients().ec2(), () -> "999999999999");
    String user = newUser("bob");
    AccessKey added = iam.createAccessKey(r -> r.userName(user)).accessKey();
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.createAccessKey(user, added.accessKeyId(), added.createDate()));

    Outcome outcome = elsewhere.apply(plan, RemediationMode.ENFORCE);

    assertThat(outcome).isInstanceOf(Outcome.Skipped.class);
    assertThat(outcome.detail()).contains("acts only there");
    assertThat(MotoServer.accessKeyStatus(iam, user, added.accessKeyId()))
        .isEqualTo(StatusType.ACTIVE);
  }

  // ---- CodeCommit SSH keys ----

  @Test
  void sshPublicKey_enforceThenRedeliveryThenUnknown() throws Exception {
    String user = newUser("dave");
    var key =
        iam.uploadSSHPublicKey(r -> r.userName(user).sshPublicKeyBody(TestKeys.openSshRsa()))
            .sshPublicKey();
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.uploadSshPublicKey(user, key.sshPublicKeyId(), key.uploadDate()));

    assertThat(remediator.apply(plan, RemediationMode.DRY_RUN)).isInstanceOf(Outcome.DryRun.class);
    Outcome applied = remediator.apply(plan, RemediationMode.ENFORCE);
    Outcome again = remediator.apply(plan, RemediationMode.ENFORCE);

    assertThat(applied).isInstanceOf(Outcome.Applied.class);
    assertThat(iam.listSSHPublicKeys(r -> r.userName(user)).sshPublicKeys().get(0).status())
        .isEqualTo(StatusType.INACTIVE);
    assertThat(again).isInstanceOf(Outcome.AlreadyApplied.class);
    assertThat(
            remediator.apply(
                AwsEvents.plan(AwsEvents.uploadSshPublicKey(user, "APKANOSUCHKEY", Instant.now())),
                RemediationMode.ENFORCE))
        .isInstanceOf(Outcome.Failed.class);
  }

  // ---- signing certificates ----

  @Test
  void signingCertificate_enforceDeactivatesItAndDryRunDoesNot() {
    String user = newUser("erin");
    var certificate =
        iam.uploadSigningCertificate(
                r -> r.userName(user).certificateBody(TestKeys.certificatePem()))
            .certificate();
    RemediationPlan.Act plan =
        AwsEvents.plan(
            AwsEvents.uploadSigningCertificate(
                user, certificate.certificateId(), certificate.uploadDate()));

    assertThat(remediator.apply(plan, RemediationMode.DRY_RUN)).isInstanceOf(Outcome.DryRun.class);
    assertThat(iam.listSigningCertificates(r -> r.userName(user)).certificates().get(0).status())
        .isEqualTo(StatusType.ACTIVE);
    assertThat(remediator.apply(plan, RemediationMode.ENFORCE)).isInstanceOf(Outcome.Applied.class);
    assertThat(iam.listSigningCertificates(r -> r.userName(user)).certificates().get(0).status())
        .isEqualTo(StatusType.INACTIVE);
    assertThat(remediator.apply(plan, RemediationMode.ENFORCE))
        .isInstanceOf(Outcome.AlreadyApplied.class);
  }

  // ---- console passwords ----

  @Test
  void loginProfile_enforceDeletesItThenRedeliveryIsAlreadyApplied() {
    String user = newUser("frank");
    Instant created =
        iam.createLoginProfile(r -> r.userName(user).password("Correct-Horse-9!"))
            .loginProfile()
            .createDate();
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.createLoginProfile("CreateLoginProfile", user, created));

    Outcome dryRun = remediator.apply(plan, RemediationMode.DRY_RUN);
    assertThat(dryRun).isInstanceOf(Outcome.DryRun.class);
    assertThat(iam.getLoginProfile(r -> r.userName(user)).loginProfile()).isNotNull();

    Outcome applied = remediator.apply(plan, RemediationMode.ENFORCE);
    assertThat(applied).isInstanceOf(Outcome.Applied.class);
    assertThat(applied.detail()).contains("read back: no console password");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> iam.getLoginProfile(r -> r.userName(user)))
        .isInstanceOf(NoSuchEntityException.class);

    assertThat(remediator.apply(plan, RemediationMode.ENFORCE))
        .isInstanceOf(Outcome.AlreadyApplied.class);
  }

  @Test
  void loginProfile_ofAUserThatDoesNotExist_isNotFound() {
    Outcome outcome =
        remediator.apply(
            AwsEvents.plan(
                AwsEvents.createLoginProfile(
                    "CreateLoginProfile", "ghost-" + System.nanoTime(), Instant.now())),
            RemediationMode.ENFORCE);
    assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    assertThat(outcome.detail()).startsWith("not found").contains("no IAM user");
  }

  @Test
  void loginProfileUpdate_acceptsAnOlderProfile() {
    String user = newUser("grace");
    iam.createLoginProfile(r -> r.userName(user).password("Correct-Horse-9!"));
    // The password was reset later: the profile's creation date predates the event.
    RemediationPlan.Act plan =
        AwsEvents.plan(
            AwsEvents.createLoginProfile(
                "UpdateLoginProfile", user, Instant.now().plus(1, ChronoUnit.MINUTES)));
    assertThat(remediator.apply(plan, RemediationMode.DRY_RUN)).isInstanceOf(Outcome.DryRun.class);
  }

  // ---- federation tokens ----

  @Test
  void federationToken_enforceAttachesTheTemplatesDenyPolicyOnce() {
    String issuer = "alice";
    try {
      iam.createUser(r -> r.userName(issuer));
    } catch (RuntimeException exists) {
      // created by an earlier test run against the same server
    }
    // The policy the template creates (infra/aws/template.yaml, FederatedSessionsDeny).
    try {
      iam.createPolicy(
          r ->
              r.policyName(io.credwatch.respond.AwsAction.FEDERATION_DENY_POLICY_NAME)
                  .path(io.credwatch.respond.AwsAction.FEDERATION_DENY_POLICY_PATH)
                  .policyDocument(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                          + "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                          + "{\"aws:PrincipalType\":\"FederatedUser\"}}}]}"));
    } catch (RuntimeException exists) {
      // created by an earlier test run against the same server
    }
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.getFederationToken("ASIAFEDERATEDTOKEN01", Instant.now()));
    String policyArn =
        plan.locator(io.credwatch.respond.RemediationLocator.FederationTokenDeny.class).policyArn();
    assertThat(policyArn)
        .isEqualTo(
            "arn:aws:iam::"
                + MotoServer.ACCOUNT
                + ":policy/credwatch/"
                + io.credwatch.respond.AwsAction.FEDERATION_DENY_POLICY_NAME);

    Outcome dryRun = remediator.apply(plan, RemediationMode.DRY_RUN);
    assertThat(iam.listAttachedUserPolicies(r -> r.userName(issuer)).attachedPolicies()).isEmpty();
    Outcome applied = remediator.apply(plan, RemediationMode.ENFORCE);
    Outcome again = remediator.apply(plan, RemediationMode.ENFORCE);

    assertThat(dryRun).isInstanceOf(Outcome.DryRun.class);
    assertThat(applied).isInstanceOf(Outcome.Applied.class);
    assertThat(again).isInstanceOf(Outcome.AlreadyApplied.class);
    assertThat(iam.listAttachedUserPolicies(r -> r.userName(issuer)).attachedPolicies())
        .extracting(p -> p.policyArn())
        .containsExactly(policyArn);
    assertThat(plan.undo())
        .isEqualTo("aws iam detach-user-policy --user-name alice --policy-arn " + policyArn);
  }

  @Test
  void federationToken_withoutTheTemplatesPolicy_failsWithoutWritingAnything() {
    String issuer = newUser("fed");
    RemediationPlan.Act plan =
        AwsEvents.plan(AwsEvents.getFederationToken("ASIAFEDERATEDTOKEN02", Instant.now()));
    RemediationPlan.Act missingPolicy =
        new RemediationPlan.Act(
            plan.action(),
            plan.account(),
            plan.region(),
            plan.kind(),
            plan.credentialId(),
            plan.target(),
            plan.createdAt(),
            new io.credwatch.respond.RemediationLocator.FederationTokenDeny(
                issuer, "arn:aws:iam::" + MotoServer.ACCOUNT + ":policy/credwatch/NotThere", ""),
            plan.description(),
            plan.undo());
    assertThat(remediator.apply(missingPolicy, RemediationMode.ENFORCE))
        .isInstanceOf(Outcome.Failed.class);
    assertThat(iam.listAttachedUserPolicies(r -> r.userName(issuer)).attachedPolicies()).isEmpty();
  }
}
