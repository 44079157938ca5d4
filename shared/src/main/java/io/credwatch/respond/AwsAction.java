package io.credwatch.respond;

import static io.credwatch.event.CredentialKind.ACCESS_KEY;
import static io.credwatch.event.CredentialKind.EC2_KEY_PAIR;
import static io.credwatch.event.CredentialKind.FEDERATION_TOKEN;
import static io.credwatch.event.CredentialKind.IAM_SSH_KEY;
import static io.credwatch.event.CredentialKind.LOGIN_PROFILE;
import static io.credwatch.event.CredentialKind.SERVICE_SPECIFIC_CREDENTIAL;
import static io.credwatch.event.CredentialKind.SIGNING_CERTIFICATE;
import static io.credwatch.respond.ShellWords.quote;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.TargetKind;
import io.credwatch.respond.RemediationLocator.Ec2KeyPair;
import io.credwatch.respond.RemediationLocator.FederationTokenDeny;
import io.credwatch.respond.RemediationLocator.IamCredential;
import io.credwatch.respond.RemediationLocator.IamLoginProfile;

/** The AWS remediations: IAM credentials set Inactive or deleted, EC2 key pairs, token denies. */
// The spec is an immutable record of immutable copies, and every planner a stateless method
// reference or lambda: Error Prone cannot see either.
@SuppressWarnings("ImmutableEnumChecker")
public enum AwsAction implements RemediationAction {
  DEACTIVATE_ACCESS_KEY(
      aws("aws.iam.deactivate-access-key", IamCredential.class, ACCESS_KEY)
          .withPermissions("iam:ListAccessKeys", "iam:UpdateAccessKey")
          .asReversible()
          .withCaveat(
              "sessions already minted with the key (GetSessionToken, GetFederationToken) stay"
                  + " valid until they expire")
          .planning(
              p -> statusCredential(p, "access key", "update-access-key", "--access-key-id"))),

  DELETE_LOGIN_PROFILE(
      aws("aws.iam.delete-login-profile", IamLoginProfile.class, LOGIN_PROFILE)
          .withPermissions("iam:GetLoginProfile", "iam:GetUser", "iam:DeleteLoginProfile")
          .withoutCredentialId()
          .withCaveat(
              "console sessions already signed in stay valid until they expire; the user loses"
                  + " console sign-in until a new password is set")
          .planning(AwsAction::loginProfile)),

  DEACTIVATE_SSH_PUBLIC_KEY(
      aws("aws.iam.deactivate-ssh-public-key", IamCredential.class, IAM_SSH_KEY)
          .withPermissions("iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey")
          .asReversible()
          .planning(
              p ->
                  statusCredential(
                      p, "CodeCommit SSH key", "update-ssh-public-key", "--ssh-public-key-id"))),

  DEACTIVATE_SIGNING_CERTIFICATE(
      aws("aws.iam.deactivate-signing-certificate", IamCredential.class, SIGNING_CERTIFICATE)
          .withPermissions("iam:ListSigningCertificates", "iam:UpdateSigningCertificate")
          .asReversible()
          .planning(
              p ->
                  statusCredential(
                      p, "signing certificate", "update-signing-certificate", "--certificate-id"))),

  DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL(
      aws(
              "aws.iam.deactivate-service-specific-credential",
              IamCredential.class,
              SERVICE_SPECIFIC_CREDENTIAL)
          .withPermissions(
              "iam:ListServiceSpecificCredentials", "iam:UpdateServiceSpecificCredential")
          .asReversible()
          .planning(
              p ->
                  statusCredential(
                      p,
                      "service-specific credential",
                      "update-service-specific-credential",
                      "--service-specific-credential-id"))),

  DELETE_EC2_KEY_PAIR(
      aws("aws.ec2.delete-key-pair", RemediationLocator.Ec2KeyPair.class, EC2_KEY_PAIR)
          .withPermissions("ec2:DescribeKeyPairs", "ec2:DeleteKeyPair")
          .withCaveat(
              "instances already launched with the key pair keep trusting it in authorized_keys")
          .planning(AwsAction::ec2KeyPair)),

  DENY_FEDERATION_TOKENS(
      aws("aws.iam.deny-federation-tokens", FederationTokenDeny.class, FEDERATION_TOKEN)
          .withPermissions("iam:ListAttachedUserPolicies", "iam:AttachUserPolicy")
          .asReversible()
          .withoutCredentialId()
          .withCaveat(
              "a federation token cannot be revoked; the deny on the issuing user covers every"
                  + " federated session of the user, including new ones, until it is detached")
          .planning(AwsAction::federationTokens));

  private final ActionSpec spec;

  AwsAction(ActionSpec spec) {
    this.spec = spec;
  }

  @Override
  public ActionSpec spec() {
    return spec;
  }

  private static ActionSpec aws(
      String id, Class<? extends RemediationLocator> locator, CredentialKind kind) {
    return ActionSpec.of(id, Cloud.AWS, locator, kind);
  }

  private static RemediationPlan noIamUser(Planning p) {
    return p.none("the record does not name the IAM user that holds the credential");
  }

  /** A credential with an Active/Inactive status, on the IAM user the event names. */
  private static RemediationPlan statusCredential(
      Planning p, String label, String command, String idOption) {
    String user = p.iamUser();
    if (user.isEmpty()) {
      return noIamUser(p);
    }
    return p.act(
        new IamCredential(user, p.id()),
        "set " + label + " " + p.id() + " of IAM user " + user + " to Inactive",
        "aws iam "
            + command
            + " --user-name "
            + quote(user)
            + " "
            + idOption
            + " "
            + quote(p.id())
            + " --status Active");
  }

  /**
   * An update replaces the password of an existing login profile: its creation date is older than
   * the event, so the remediator checks that the profile predates the event rather than its date.
   */
  private static RemediationPlan loginProfile(Planning p) {
    String user = p.iamUser();
    if (user.isEmpty()) {
      return noIamUser(p);
    }
    return p.act(
        new IamLoginProfile(user, p.event().operation().name().equals("UpdateLoginProfile")),
        "delete the console password (login profile) of IAM user " + user,
        "aws iam create-login-profile --user-name "
            + quote(user)
            + " --password-reset-required --password '<a new password>'");
  }

  private static RemediationPlan ec2KeyPair(Planning p) {
    if (!p.event().operation().service().equals("ec2.amazonaws.com")) {
      return p.none("Lightsail key pairs are alert-only");
    }
    String region = p.event().region();
    String keyName =
        p.event()
            .credential()
            .details()
            .getOrDefault("keyName", p.event().credential().displayName());
    return p.act(
        new Ec2KeyPair(region, keyName, p.id().startsWith("key-") ? p.id() : ""),
        "delete EC2 key pair " + keyName + " (" + p.id() + ") in " + region,
        "aws ec2 import-key-pair --region "
            + quote(region)
            + " --key-name "
            + quote(keyName)
            + " --public-key-material fileb://<the public key>");
  }

  private static RemediationPlan federationTokens(Planning p) {
    if (p.target().kind() != TargetKind.IAM_USER) {
      return p.none("the record names no issuing IAM user to deny federated sessions to");
    }
    String user = p.targetName();
    String policyArn = federationDenyPolicyArn(p.event());
    return p.act(
        new FederationTokenDeny(user, policyArn, p.id()),
        "attach managed policy "
            + FEDERATION_DENY_POLICY_NAME
            + " to IAM user "
            + user
            + ", denying every action to the user's federated sessions",
        "aws iam detach-user-policy --user-name "
            + quote(user)
            + " --policy-arn "
            + quote(policyArn));
  }

  /** The template's deny policy (infra/aws/template.yaml, FederatedSessionsDeny). */
  public static final String FEDERATION_DENY_POLICY_NAME = "CredWatchDenyFederatedSessions";

  public static final String FEDERATION_DENY_POLICY_PATH = "/credwatch/";

  /** The deny policy's ARN in the event's account and partition. */
  static String federationDenyPolicyArn(io.credwatch.event.CredentialEvent event) {
    String principal = event.actor().principal();
    String partition = principal.startsWith("arn:") ? principal.split(":", 3)[1] : "aws";
    return "arn:"
        + partition
        + ":iam::"
        + event.account()
        + ":policy"
        + FEDERATION_DENY_POLICY_PATH
        + FEDERATION_DENY_POLICY_NAME;
  }
}
