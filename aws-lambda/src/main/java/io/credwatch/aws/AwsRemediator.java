package io.credwatch.aws;

import io.credwatch.respond.AwsAction;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationChecks;
import io.credwatch.respond.RemediationLocator;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import io.credwatch.respond.VerifiedRemediation;
import io.credwatch.respond.VerifiedRemediation.StepFailed;
import io.credwatch.respond.VerifiedRemediation.Steps;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs every AWS action, each through {@link VerifiedRemediation}, and only in the function's own
 * account: IAM credentials with a status are set Inactive, a console password is deleted (IAM has
 * no way to disable one), federation tokens, which cannot be revoked, are contained by a
 * time-bounded deny on the issuing user, and EC2 key pairs are deleted in the event's Region.
 *
 * <p>Longer than most classes on purpose: the switch and every AWS credential's steps live here
 * together, so that adding an action touches this file, its {@link AwsAction} constant and its
 * test.
 */
final class AwsRemediator implements Remediator {
  private final Iam iam;
  private final Ec2KeyPairs ec2;
  private final Supplier<String> ownAccount;

  AwsRemediator(Iam iam, Ec2KeyPairs ec2, Supplier<String> ownAccount) {
    this.iam = iam;
    this.ec2 = ec2;
    this.ownAccount = ownAccount;
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
                  iam, plan.locator(RemediationLocator.FederationTokenDeny.class)));
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
    return run(plan, mode, new Ec2KeyPairSteps(ec2, keyPair, plan));
  }

  private static Outcome run(
      RemediationPlan.Act plan, RemediationMode mode, VerifiedRemediation.Steps<?> steps) {
    return VerifiedRemediation.run(plan, mode, steps);
  }

  /** The steps of the IAM remediations: how IAM finds, shows and changes each credential. */
  static final class IamSteps {
    /** Sid of the federation-token deny, so that a redelivery recognises its own policy. */
    private IamSteps() {}

    static Steps<Iam.Listed> accessKey(Iam iam, RemediationLocator.IamCredential key) {
      return new StatusCredential("access key", key, iam, Iam.Kind.ACCESS_KEY);
    }

    static Steps<Iam.Listed> sshPublicKey(Iam iam, RemediationLocator.IamCredential key) {
      return new StatusCredential("CodeCommit SSH key", key, iam, Iam.Kind.SSH_PUBLIC_KEY);
    }

    static Steps<Iam.Listed> signingCertificate(Iam iam, RemediationLocator.IamCredential key) {
      return new StatusCredential("signing certificate", key, iam, Iam.Kind.SIGNING_CERTIFICATE);
    }

    static Steps<Iam.Listed> serviceSpecificCredential(
        Iam iam, RemediationLocator.IamCredential key) {
      return new StatusCredential(
          "service-specific credential", key, iam, Iam.Kind.SERVICE_SPECIFIC_CREDENTIAL);
    }

    /** A credential that IAM lists on its user with an Active or Inactive status. */
    private static final class StatusCredential implements Steps<Iam.Listed> {
      private final String label;
      private final RemediationLocator.IamCredential key;
      private final Iam iam;
      private final Iam.Kind kind;

      StatusCredential(String label, RemediationLocator.IamCredential key, Iam iam, Iam.Kind kind) {
        this.label = label;
        this.key = key;
        this.iam = iam;
        this.kind = kind;
      }

      @Override
      public String what() {
        return label + " " + key.credentialId() + " of IAM user " + key.userName();
      }

      @Override
      public Optional<Iam.Listed> find(String doing) throws StepFailed {
        try {
          return iam.list(kind, key.userName()).stream()
              .filter(l -> l.id().equals(key.credentialId()))
              .findFirst();
        } catch (SdkException error) {
          throw new StepFailed(AwsErrors.failed(error, doing, "iam:" + kind.list));
        }
      }

      @Override
      public Outcome absent() {
        return new Outcome.Failed(
            "not found: IAM user "
                + key.userName()
                + " has no "
                + label
                + " "
                + key.credentialId()
                + " (deleted since, or the event is not from this account)",
            false);
      }

      @Override
      public Optional<String> createdAt(Iam.Listed found) {
        return Optional.of(found.created().toString());
      }

      @Override
      public boolean alreadyDone(Iam.Listed found) {
        return !found.active();
      }

      @Override
      public String doneState(Iam.Listed found) {
        return "Inactive";
      }

      @Override
      public String verified(Iam.Listed found) {
        return "exists, was created at " + found.created() + " and is Active";
      }

      @Override
      public String wouldDo() {
        return "set it to Inactive";
      }

      @Override
      public Optional<String> act(Iam.Listed found) throws StepFailed {
        try {
          iam.deactivate(kind, key.userName(), key.credentialId());
        } catch (SdkException error) {
          throw new StepFailed(
              AwsErrors.failed(error, "set " + what() + " to Inactive", "iam:" + kind.update));
        }
        return Optional.empty();
      }

      @Override
      public String did() {
        return "set " + what() + " to Inactive";
      }

      @Override
      public String readBack(Optional<Iam.Listed> after) {
        return after.map(l -> l.active() ? "it still Active" : "Inactive").orElse("it gone");
      }
    }

    /**
     * The console password. IAM cannot disable one, so it is deleted. A created profile must date
     * from the event; an updated one keeps its creation date and must simply predate the event.
     */
    static final class LoginProfile implements VerifiedRemediation.Removal<Instant> {
      private final Iam iam;
      private final RemediationLocator.IamLoginProfile profile;
      private final RemediationPlan.Act plan;

      LoginProfile(Iam iam, RemediationLocator.IamLoginProfile profile, RemediationPlan.Act plan) {
        this.iam = iam;
        this.profile = profile;
        this.plan = plan;
      }

      @Override
      public String what() {
        return "the console password of IAM user " + profile.userName();
      }

      @Override
      public Optional<Instant> find(String doing) throws StepFailed {
        try {
          return iam.loginProfileCreated(profile.userName());
        } catch (SdkException error) {
          throw new StepFailed(AwsErrors.failed(error, doing, "iam:GetLoginProfile"));
        }
      }

      /** No profile: already deleted (a redelivery) if the user exists, otherwise not found. */
      @Override
      public Outcome absent() throws StepFailed {
        try {
          iam.passwordLastUsed(profile.userName());
        } catch (AwsServiceException error) {
          if (AwsErrors.isNotFound(error)) {
            return new Outcome.Failed(
                "not found: there is no IAM user " + profile.userName() + " in this account",
                false);
          }
          throw new StepFailed(
              AwsErrors.failed(error, "look up IAM user " + profile.userName(), "iam:GetUser"));
        } catch (SdkException error) {
          throw new StepFailed(
              AwsErrors.failed(error, "look up IAM user " + profile.userName(), "iam:GetUser"));
        }
        return new Outcome.AlreadyApplied(
            "IAM user " + profile.userName() + " has no console password: already deleted",
            plan.undo());
      }

      @Override
      public Optional<Outcome> notThisOne(Instant created) {
        if (profile.update()
            && plan.createdAt().isPresent()
            && created.isAfter(plan.createdAt().get().plus(RemediationChecks.CREATION_TOLERANCE))) {
          return Optional.of(
              new Outcome.Skipped(
                  what()
                      + " was created at "
                      + created
                      + ", after the event's change at "
                      + plan.createdAt().get()
                      + ": a newer password replaced it, so CredWatch leaves it alone"));
        }
        return Optional.empty();
      }

      @Override
      public Optional<String> createdAt(Instant created) {
        // UpdateLoginProfile keeps the profile's creation date (checked by notThisOne instead).
        return profile.update() ? Optional.empty() : Optional.of(created.toString());
      }

      @Override
      public String verified(Instant created) {
        return "exists (created " + created + ")";
      }

      @Override
      public Optional<String> act(Instant created) throws StepFailed {
        try {
          iam.deleteLoginProfile(profile.userName());
        } catch (AwsServiceException error) {
          if (!AwsErrors.isNotFound(error)) {
            throw new StepFailed(
                AwsErrors.failed(error, "delete " + what(), "iam:DeleteLoginProfile"));
          }
          // deleted meanwhile: the read-back says so
        } catch (SdkException error) {
          throw new StepFailed(
              AwsErrors.failed(error, "delete " + what(), "iam:DeleteLoginProfile"));
        }
        return Optional.empty();
      }

      @Override
      public String readBack(Optional<Instant> after) {
        return after.isEmpty() ? "no console password" : "it still there";
      }
    }

    /** Whether the deny policy is attached to the user. */
    record Attachment(boolean attached) {}

    /**
     * A federation token cannot be revoked: the template's managed policy, which denies every
     * action to federated-user sessions ({@code aws:PrincipalType} FederatedUser), is attached to
     * the issuing user. The role may attach that one policy and no other ({@code iam:PolicyARN}),
     * so the function cannot grant anything. The user's own keys and role sessions are not touched;
     * new federation tokens of the user are refused until the policy is detached.
     */
    static final class FederationTokenDeny implements Steps<Attachment> {
      private final Iam iam;
      private final RemediationLocator.FederationTokenDeny deny;

      FederationTokenDeny(Iam iam, RemediationLocator.FederationTokenDeny deny) {
        this.iam = iam;
        this.deny = deny;
      }

      @Override
      public String what() {
        return "managed policy " + deny.policyArn() + " on IAM user " + deny.userName();
      }

      @Override
      public Optional<Attachment> find(String doing) throws StepFailed {
        try {
          boolean attached = iam.attachedPolicyArns(deny.userName()).contains(deny.policyArn());
          return Optional.of(new Attachment(attached));
        } catch (AwsServiceException error) {
          if (AwsErrors.isNotFound(error)) {
            return Optional.empty();
          }
          throw new StepFailed(AwsErrors.failed(error, doing, "iam:ListAttachedUserPolicies"));
        } catch (SdkException error) {
          throw new StepFailed(AwsErrors.failed(error, doing, "iam:ListAttachedUserPolicies"));
        }
      }

      @Override
      public Outcome absent() {
        return new Outcome.Skipped(
            "IAM user "
                + deny.userName()
                + " no longer exists: its federation tokens died with it");
      }

      @Override
      public Optional<String> createdAt(Attachment found) {
        return Optional.empty();
      }

      @Override
      public boolean alreadyDone(Attachment found) {
        return found.attached();
      }

      @Override
      public String doneState(Attachment found) {
        return "attached, denying every federated session of the user";
      }

      @Override
      public String verified(Attachment found) {
        return "is not attached yet";
      }

      @Override
      public String wouldDo() {
        return "attach it, denying every action to the user's federated sessions (federation"
            + " token "
            + deny.tokenAccessKeyId()
            + " among them)";
      }

      @Override
      public Optional<String> act(Attachment found) throws StepFailed {
        try {
          iam.attachUserPolicy(deny.userName(), deny.policyArn());
        } catch (SdkException error) {
          throw new StepFailed(AwsErrors.failed(error, "attach " + what(), "iam:AttachUserPolicy"));
        }
        return Optional.empty();
      }

      @Override
      public String did() {
        return "attached " + what() + ", denying every action to the user's federated sessions";
      }

      @Override
      public String readBack(Optional<Attachment> after) {
        return confirmed(after) ? "attached" : "it not attached";
      }
    }
  }

  /**
   * An EC2 key pair, deleted in the event's Region. Instances already launched with it keep the key
   * in authorized_keys (the action's caveat says so).
   */
  static final class Ec2KeyPairSteps implements VerifiedRemediation.Removal<Ec2KeyPairs.KeyPair> {
    private final Ec2KeyPairs ec2;
    private final RemediationLocator.Ec2KeyPair keyPair;
    private final RemediationPlan.Act plan;

    Ec2KeyPairSteps(
        Ec2KeyPairs ec2, RemediationLocator.Ec2KeyPair keyPair, RemediationPlan.Act plan) {
      this.ec2 = ec2;
      this.keyPair = keyPair;
      this.plan = plan;
    }

    @Override
    public String what() {
      return "EC2 key pair " + keyPair.keyName() + " in " + keyPair.region();
    }

    @Override
    public Optional<Ec2KeyPairs.KeyPair> find(String doing) throws StepFailed {
      try {
        return ec2.find(keyPair.region(), keyPair.keyName());
      } catch (SdkException error) {
        throw new StepFailed(AwsErrors.failed(error, doing, "ec2:DescribeKeyPairs"));
      }
    }

    @Override
    public Outcome absent() {
      return new Outcome.AlreadyApplied("there is no " + what() + ": already deleted", plan.undo());
    }

    @Override
    public Optional<Outcome> notThisOne(Ec2KeyPairs.KeyPair found) {
      if (!keyPair.keyPairId().isEmpty() && !keyPair.keyPairId().equals(found.keyPairId())) {
        return Optional.of(
            new Outcome.Skipped(
                what()
                    + " now has id "
                    + found.keyPairId()
                    + ", not the event's "
                    + keyPair.keyPairId()
                    + ": it was deleted and re-created since, so CredWatch leaves it alone"));
      }
      return Optional.empty();
    }

    @Override
    public Optional<String> createdAt(Ec2KeyPairs.KeyPair found) {
      return found.created().map(Object::toString);
    }

    @Override
    public String verified(Ec2KeyPairs.KeyPair found) {
      return (found.keyPairId().isEmpty() ? "" : "(" + found.keyPairId() + ") ") + "exists";
    }

    @Override
    public Optional<String> act(Ec2KeyPairs.KeyPair found) throws StepFailed {
      try {
        // By name: just verified to be this key pair (moto ignores KeyPairId on delete).
        ec2.delete(keyPair.region(), keyPair.keyName());
      } catch (SdkException error) {
        throw new StepFailed(AwsErrors.failed(error, "delete " + what(), "ec2:DeleteKeyPair"));
      }
      return Optional.empty();
    }
  }
}
