package io.credwatch.aws;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Disables exactly the IAM credential an event added: access keys, CodeCommit SSH keys, signing
 * certificates and service-specific credentials are set Inactive (reversible); a console password
 * is deleted (IAM has no way to disable one); federation tokens, which cannot be revoked, are
 * contained by a time-bounded deny on the issuing user.
 *
 * <p>Every action first finds the credential on the named user, checks it was created at the
 * event's time, and reads the result back after acting.
 */
final class IamRemediator implements Remediator {
  /** Sid of the federation-token deny, so that a redelivery recognises its own policy. */
  static final String DENY_SID = "CredWatchDenySessionsIssuedBefore";

  private final IamClient iam;
  private final Supplier<String> ownAccount;
  private final Clock clock;

  IamRemediator(IamClient iam, Supplier<String> ownAccount, Clock clock) {
    this.iam = iam;
    this.ownAccount = ownAccount;
    this.clock = clock;
  }

  static final Set<String> ACTIONS =
      Set.of(
          RemediationActions.AWS_DEACTIVATE_ACCESS_KEY,
          RemediationActions.AWS_DEACTIVATE_SSH_PUBLIC_KEY,
          RemediationActions.AWS_DEACTIVATE_SIGNING_CERTIFICATE,
          RemediationActions.AWS_DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL,
          RemediationActions.AWS_DELETE_LOGIN_PROFILE,
          RemediationActions.AWS_DENY_FEDERATION_TOKENS);

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    Optional<Outcome> elsewhere = AccountCheck.otherAccount(plan, ownAccount);
    if (elsewhere.isPresent()) {
      return elsewhere.get();
    }
    String user = plan.parameter("userName");
    return switch (plan.action().name()) {
      case RemediationActions.AWS_DEACTIVATE_ACCESS_KEY ->
          deactivate(plan, mode, new AccessKeys(user));
      case RemediationActions.AWS_DEACTIVATE_SSH_PUBLIC_KEY ->
          deactivate(plan, mode, new SshPublicKeys(user));
      case RemediationActions.AWS_DEACTIVATE_SIGNING_CERTIFICATE ->
          deactivate(plan, mode, new SigningCertificates(user));
      case RemediationActions.AWS_DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL ->
          deactivate(plan, mode, new ServiceSpecificCredentials(user));
      case RemediationActions.AWS_DELETE_LOGIN_PROFILE -> deleteLoginProfile(plan, mode, user);
      case RemediationActions.AWS_DENY_FEDERATION_TOKENS -> denyFederationTokens(plan, mode, user);
      default -> new Outcome.Skipped("IAM remediator does not run " + plan.action().name());
    };
  }

  // ---- credentials with an Active/Inactive status ----

  /** One credential as listed on its user. */
  record Listed(String id, boolean active, Instant created) {}

  /** How to list and set the status of one kind of credential. */
  private interface StatusCredentials {
    /** For example "access key". */
    String label();

    String user();

    String listPermission();

    String updatePermission();

    List<Listed> list();

    void setStatus(String id, StatusType status);
  }

  private Outcome deactivate(
      RemediationPlan.Act plan, RemediationMode mode, StatusCredentials credentials) {
    String id = plan.credentialId();
    String what = credentials.label() + " " + id + " of IAM user " + credentials.user();
    Optional<Listed> found;
    try {
      found = find(credentials, id);
    } catch (SdkException error) {
      return AwsErrors.failed(
          error,
          "list the " + credentials.label() + "s of IAM user " + credentials.user(),
          credentials.listPermission());
    }
    if (found.isEmpty()) {
      return new Outcome.Failed(
          "not found: IAM user "
              + credentials.user()
              + " has no "
              + credentials.label()
              + " "
              + id
              + " (deleted since, or the event is not from this account)",
          false);
    }
    Optional<Outcome> notThisOne = CreationCheck.mismatch(plan, found.get().created(), what);
    if (notThisOne.isPresent()) {
      return notThisOne.get();
    }
    if (!found.get().active()) {
      return new Outcome.AlreadyApplied(what + " is already Inactive", plan.undo());
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: "
              + what
              + " exists, was created at "
              + found.get().created()
              + " and is Active; enforce mode would set it to Inactive");
    }
    try {
      credentials.setStatus(id, StatusType.INACTIVE);
    } catch (SdkException error) {
      return AwsErrors.failed(
          error, "set " + what + " to Inactive", credentials.updatePermission());
    }
    try {
      Optional<Listed> after = find(credentials, id);
      if (after.isPresent() && !after.get().active()) {
        return new Outcome.Applied(
            "set " + what + " to Inactive; read back: Inactive", plan.undo());
      }
      return new Outcome.Failed(
          "set "
              + what
              + " to Inactive, but reading it back shows it "
              + (after.isEmpty() ? "gone" : "still Active"),
          true);
    } catch (SdkException error) {
      return AwsErrors.failed(error, "read back " + what, credentials.listPermission());
    }
  }

  private static Optional<Listed> find(StatusCredentials credentials, String id) {
    return credentials.list().stream().filter(listed -> listed.id().equals(id)).findFirst();
  }

  private final class AccessKeys implements StatusCredentials {
    private final String user;

    AccessKeys(String user) {
      this.user = user;
    }

    @Override
    public String label() {
      return "access key";
    }

    @Override
    public String user() {
      return user;
    }

    @Override
    public String listPermission() {
      return "iam:ListAccessKeys";
    }

    @Override
    public String updatePermission() {
      return "iam:UpdateAccessKey";
    }

    @Override
    public List<Listed> list() {
      return iam.listAccessKeysPaginator(r -> r.userName(user)).accessKeyMetadata().stream()
          .map(k -> new Listed(k.accessKeyId(), k.status() == StatusType.ACTIVE, k.createDate()))
          .toList();
    }

    @Override
    public void setStatus(String id, StatusType status) {
      iam.updateAccessKey(r -> r.userName(user).accessKeyId(id).status(status));
    }
  }

  private final class SshPublicKeys implements StatusCredentials {
    private final String user;

    SshPublicKeys(String user) {
      this.user = user;
    }

    @Override
    public String label() {
      return "CodeCommit SSH key";
    }

    @Override
    public String user() {
      return user;
    }

    @Override
    public String listPermission() {
      return "iam:ListSSHPublicKeys";
    }

    @Override
    public String updatePermission() {
      return "iam:UpdateSSHPublicKey";
    }

    @Override
    public List<Listed> list() {
      return iam.listSSHPublicKeysPaginator(r -> r.userName(user)).sshPublicKeys().stream()
          .map(k -> new Listed(k.sshPublicKeyId(), k.status() == StatusType.ACTIVE, k.uploadDate()))
          .toList();
    }

    @Override
    public void setStatus(String id, StatusType status) {
      iam.updateSSHPublicKey(r -> r.userName(user).sshPublicKeyId(id).status(status));
    }
  }

  private final class SigningCertificates implements StatusCredentials {
    private final String user;

    SigningCertificates(String user) {
      this.user = user;
    }

    @Override
    public String label() {
      return "signing certificate";
    }

    @Override
    public String user() {
      return user;
    }

    @Override
    public String listPermission() {
      return "iam:ListSigningCertificates";
    }

    @Override
    public String updatePermission() {
      return "iam:UpdateSigningCertificate";
    }

    @Override
    public List<Listed> list() {
      return iam.listSigningCertificatesPaginator(r -> r.userName(user)).certificates().stream()
          .map(c -> new Listed(c.certificateId(), c.status() == StatusType.ACTIVE, c.uploadDate()))
          .toList();
    }

    @Override
    public void setStatus(String id, StatusType status) {
      iam.updateSigningCertificate(r -> r.userName(user).certificateId(id).status(status));
    }
  }

  private final class ServiceSpecificCredentials implements StatusCredentials {
    private final String user;

    ServiceSpecificCredentials(String user) {
      this.user = user;
    }

    @Override
    public String label() {
      return "service-specific credential";
    }

    @Override
    public String user() {
      return user;
    }

    @Override
    public String listPermission() {
      return "iam:ListServiceSpecificCredentials";
    }

    @Override
    public String updatePermission() {
      return "iam:UpdateServiceSpecificCredential";
    }

    @Override
    public List<Listed> list() {
      return iam
          .listServiceSpecificCredentials(r -> r.userName(user))
          .serviceSpecificCredentials()
          .stream()
          .map(
              c ->
                  new Listed(
                      c.serviceSpecificCredentialId(),
                      c.status() == StatusType.ACTIVE,
                      c.createDate()))
          .toList();
    }

    @Override
    public void setStatus(String id, StatusType status) {
      iam.updateServiceSpecificCredential(
          r -> r.userName(user).serviceSpecificCredentialId(id).status(status));
    }
  }

  // ---- console password ----

  private Outcome deleteLoginProfile(RemediationPlan.Act plan, RemediationMode mode, String user) {
    String what = "the console password of IAM user " + user;
    Instant created;
    try {
      created = iam.getLoginProfile(r -> r.userName(user)).loginProfile().createDate();
    } catch (NoSuchEntityException absent) {
      return absentLoginProfile(plan, user);
    } catch (SdkException error) {
      return AwsErrors.failed(error, "read " + what, "iam:GetLoginProfile");
    }
    if (plan.parameter("change").equals("update")) {
      // UpdateLoginProfile keeps the profile's creation date: it must simply predate the event.
      if (plan.createdAt().isPresent()
          && created.isAfter(plan.createdAt().get().plus(CreationCheck.TOLERANCE))) {
        return new Outcome.Skipped(
            what
                + " was created at "
                + created
                + ", after the event's change at "
                + plan.createdAt().get()
                + ": a newer password replaced it, so CredWatch leaves it alone");
      }
    } else {
      Optional<Outcome> notThisOne = CreationCheck.mismatch(plan, created, what);
      if (notThisOne.isPresent()) {
        return notThisOne.get();
      }
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: " + what + " exists (created " + created + "); enforce mode would delete it");
    }
    try {
      iam.deleteLoginProfile(r -> r.userName(user));
    } catch (NoSuchEntityException raced) {
      return new Outcome.AlreadyApplied(what + " was deleted meanwhile", plan.undo());
    } catch (SdkException error) {
      return AwsErrors.failed(error, "delete " + what, "iam:DeleteLoginProfile");
    }
    try {
      iam.getLoginProfile(r -> r.userName(user));
      return new Outcome.Failed("deleted " + what + ", but reading it back still finds it", true);
    } catch (NoSuchEntityException gone) {
      return new Outcome.Applied(
          "deleted " + what + "; read back: no console password", plan.undo());
    } catch (SdkException error) {
      return AwsErrors.failed(error, "read back " + what, "iam:GetLoginProfile");
    }
  }

  /** No profile: already deleted (a redelivery) if the user exists, otherwise not found. */
  private Outcome absentLoginProfile(RemediationPlan.Act plan, String user) {
    try {
      iam.getUser(r -> r.userName(user));
    } catch (NoSuchEntityException noUser) {
      return new Outcome.Failed(
          "not found: there is no IAM user " + user + " in this account", false);
    } catch (SdkException error) {
      return AwsErrors.failed(error, "look up IAM user " + user, "iam:GetUser");
    }
    return new Outcome.AlreadyApplied(
        "IAM user " + user + " has no console password: already deleted", plan.undo());
  }

  // ---- federation tokens ----

  private Outcome denyFederationTokens(
      RemediationPlan.Act plan, RemediationMode mode, String user) {
    String policyName = plan.parameter("policyName");
    Instant issuedBefore;
    try {
      issuedBefore = Instant.parse(plan.parameter("issuedBefore"));
    } catch (RuntimeException missing) {
      return new Outcome.Skipped("the plan has no time to bound the deny by");
    }
    if (issuedBefore.isAfter(clock.instant().plus(Duration.ofMinutes(5)))) {
      return new Outcome.Skipped(
          "the event's time "
              + plan.createdAt().map(Instant::toString).orElse("?")
              + " lies in the future: a deny bounded by it would cut off sessions not yet issued,"
              + " so CredWatch does not write it");
    }
    String what = "inline policy " + policyName + " on IAM user " + user;
    try {
      String existing =
          iam.getUserPolicy(r -> r.userName(user).policyName(policyName)).policyDocument();
      if (java.net.URLDecoder.decode(existing, java.nio.charset.StandardCharsets.UTF_8)
          .contains(DENY_SID)) {
        return new Outcome.AlreadyApplied(
            what + " already denies sessions issued before " + issuedBefore, plan.undo());
      }
      return new Outcome.Skipped(
          what + " exists but was not written by CredWatch: not overwriting it");
    } catch (NoSuchEntityException absent) {
      // the expected case: the policy is not there yet (or the user is missing: found below)
    } catch (SdkException error) {
      return AwsErrors.failed(error, "read " + what, "iam:GetUserPolicy");
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "enforce mode would attach "
              + what
              + ", denying every action to sessions issued before "
              + issuedBefore
              + " (federation token "
              + plan.credentialId()
              + " among them)");
    }
    try {
      iam.putUserPolicy(
          r -> r.userName(user).policyName(policyName).policyDocument(denyDocument(issuedBefore)));
    } catch (SdkException error) {
      return AwsErrors.failed(error, "attach " + what, "iam:PutUserPolicy");
    }
    try {
      iam.getUserPolicy(r -> r.userName(user).policyName(policyName));
      return new Outcome.Applied(
          "attached "
              + what
              + ", denying every action to sessions issued before "
              + issuedBefore
              + "; read back: present",
          plan.undo());
    } catch (SdkException error) {
      return AwsErrors.failed(error, "read back " + what, "iam:GetUserPolicy");
    }
  }

  /**
   * Denies sessions (federation tokens, session tokens) issued up to the event. Long-term keys
   * carry no token issue time, so the condition does not touch the user's own key calls.
   */
  static String denyDocument(Instant issuedBefore) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\""
        + DENY_SID
        + "\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\""
        + issuedBefore
        + "\"}}}]}";
  }
}
