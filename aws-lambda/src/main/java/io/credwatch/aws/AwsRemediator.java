package io.credwatch.aws;

import io.credwatch.respond.AwsAction;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationLocator;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import io.credwatch.respond.VerifiedRemediation;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Runs every AWS action, each through {@link VerifiedRemediation}, and only in the function's own
 * account: IAM credentials with a status are set Inactive, a console password is deleted (IAM has
 * no way to disable one), federation tokens, which cannot be revoked, are contained by a
 * time-bounded deny on the issuing user, and EC2 key pairs are deleted in the event's Region.
 */
final class AwsRemediator implements Remediator {
  private final IamClient iam;
  private final Function<String, Ec2Client> ec2ByRegion;
  private final Supplier<String> ownAccount;
  private final Clock clock;

  AwsRemediator(
      IamClient iam,
      Function<String, Ec2Client> ec2ByRegion,
      Supplier<String> ownAccount,
      Clock clock) {
    this.iam = iam;
    this.ec2ByRegion = ec2ByRegion;
    this.ownAccount = ownAccount;
    this.clock = clock;
  }

  @Override
  public Set<AwsAction> actions() {
    return EnumSet.allOf(AwsAction.class);
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    Optional<Outcome> elsewhere = AccountCheck.otherAccount(plan, ownAccount);
    if (elsewhere.isPresent()) {
      return elsewhere.get();
    }
    return switch ((AwsAction) plan.action()) {
      case DEACTIVATE_ACCESS_KEY -> run(plan, mode, IamSteps.accessKey(iam, iamCredential(plan)));
      case DEACTIVATE_SSH_PUBLIC_KEY ->
          run(plan, mode, IamSteps.sshPublicKey(iam, iamCredential(plan)));
      case DEACTIVATE_SIGNING_CERTIFICATE ->
          run(plan, mode, IamSteps.signingCertificate(iam, iamCredential(plan)));
      case DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL ->
          run(plan, mode, IamSteps.serviceSpecificCredential(iam, iamCredential(plan)));
      case DELETE_LOGIN_PROFILE ->
          run(
              plan,
              mode,
              new IamSteps.LoginProfile(
                  iam, plan.locator(RemediationLocator.IamLoginProfile.class), plan));
      case DENY_FEDERATION_TOKENS ->
          run(
              plan,
              mode,
              new IamSteps.FederationTokenDeny(
                  iam, plan.locator(RemediationLocator.FederationTokenDeny.class), plan, clock));
      case DELETE_EC2_KEY_PAIR -> keyPair(plan, mode);
    };
  }

  private static RemediationLocator.IamCredential iamCredential(RemediationPlan.Act plan) {
    return plan.locator(RemediationLocator.IamCredential.class);
  }

  private Outcome keyPair(RemediationPlan.Act plan, RemediationMode mode) {
    RemediationLocator.Ec2KeyPair keyPair = plan.locator(RemediationLocator.Ec2KeyPair.class);
    if (keyPair.region().isEmpty() || keyPair.keyName().isEmpty()) {
      return new Outcome.Skipped("the event names no key pair name or region");
    }
    return run(plan, mode, new Ec2KeyPairSteps(ec2ByRegion.apply(keyPair.region()), keyPair, plan));
  }

  private static Outcome run(
      RemediationPlan.Act plan, RemediationMode mode, VerifiedRemediation.Steps<?> steps) {
    return VerifiedRemediation.run(plan, mode, steps);
  }
}
