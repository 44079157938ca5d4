package io.credwatch.respond;

import static io.credwatch.event.CredentialKind.API_KEY;
import static io.credwatch.event.CredentialKind.HMAC_KEY;
import static io.credwatch.event.CredentialKind.OS_LOGIN_SSH_KEY;
import static io.credwatch.event.CredentialKind.SERVICE_ACCOUNT_KEY;
import static io.credwatch.event.CredentialKind.WORKLOAD_IDENTITY_PROVIDER;
import static io.credwatch.respond.ShellWords.quote;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import io.credwatch.respond.RemediationLocator.ApiKey;
import io.credwatch.respond.RemediationLocator.HmacKey;
import io.credwatch.respond.RemediationLocator.IdentityProvider;
import io.credwatch.respond.RemediationLocator.OsLoginKey;
import io.credwatch.respond.RemediationLocator.ServiceAccountKey;

/** The Google Cloud remediations: keys disabled or deleted, providers disabled. */
// The spec is an immutable record of immutable copies, and every planner a stateless method
// reference or lambda: Error Prone cannot see either.
@SuppressWarnings("ImmutableEnumChecker")
public enum GcpAction implements RemediationAction {
  DISABLE_SERVICE_ACCOUNT_KEY(
      gcp("gcp.iam.disable-service-account-key", ServiceAccountKey.class, SERVICE_ACCOUNT_KEY)
          .withPermissions("iam.serviceAccountKeys.get", "iam.serviceAccountKeys.disable")
          .asReversible()
          .withCaveat("short-lived tokens already minted with the key stay valid until they expire")
          .planning(GcpAction::serviceAccountKey)),

  DEACTIVATE_HMAC_KEY(
      gcp("gcp.storage.deactivate-hmac-key", HmacKey.class, HMAC_KEY)
          .withPermissions("storage.hmacKeys.get", "storage.hmacKeys.update")
          .asReversible()
          .planning(GcpAction::hmacKey)),

  DELETE_OS_LOGIN_KEY(
      gcp("gcp.oslogin.delete-ssh-public-key", OsLoginKey.class, OS_LOGIN_SSH_KEY)
          // No IAM role grants managing another person's OS Login keys: the templates cannot
          // grant it, and the remediator reports permission denied with the command the owner
          // can run.
          .withPermissions("the key owner's own OS Login access (no IAM permission grants it)")
          .asReversible()
          .withCaveat(
              "sessions already open stay open; Google lets only the key's owner or a Workspace"
                  + " administrator manage a person's OS Login keys")
          .planning(GcpAction::osLoginKey)),

  DELETE_WORKLOAD_IDENTITY_PROVIDER(
      gcp(
              "gcp.iam.delete-workload-identity-provider",
              IdentityProvider.class,
              WORKLOAD_IDENTITY_PROVIDER)
          .withPermissions(
              "iam.workloadIdentityPoolProviders.get", "iam.workloadIdentityPoolProviders.delete")
          .asReversible()
          .withCaveat(
              "tokens already exchanged stay valid until they expire; the provider can be"
                  + " undeleted, as it was, for 30 days")
          .planning(GcpAction::identityProvider)),

  DELETE_API_KEY(
      gcp("gcp.apikeys.delete-key", ApiKey.class, API_KEY)
          .withPermissions("apikeys.keys.get", "apikeys.keys.delete")
          .asReversible()
          .asOptIn()
          .withCaveat("a deleted API key can be undeleted for 30 days")
          .planning(GcpAction::apiKey));

  private final ActionSpec spec;

  GcpAction(ActionSpec spec) {
    this.spec = spec;
  }

  @Override
  public ActionSpec spec() {
    return spec;
  }

  private static ActionSpec gcp(
      String id, Class<? extends RemediationLocator> locator, CredentialKind kind) {
    return ActionSpec.of(id, Cloud.GCP, locator, kind);
  }

  private static RemediationPlan serviceAccountKey(Planning p) {
    String account = p.target().id();
    if (account.isEmpty()) {
      return p.none("the record names no service account");
    }
    String project = p.event().account();
    return p.act(
        new ServiceAccountKey(project, account, p.id()),
        "disable key " + p.id() + " of service account " + account,
        "gcloud iam service-accounts keys enable "
            + quote(p.id())
            + " --iam-account "
            + quote(account)
            + " --project "
            + quote(project));
  }

  private static RemediationPlan hmacKey(Planning p) {
    String project = p.event().account();
    return p.act(
        new HmacKey(project, p.id(), p.target().id()),
        "set HMAC key " + p.id() + " to INACTIVE",
        "gcloud storage hmac update " + quote(p.id()) + " --activate --project " + quote(project));
  }

  private static RemediationPlan osLoginKey(Planning p) {
    String user = p.target().id();
    return p.act(
        new OsLoginKey(
            user, p.id(), p.event().credential().details().getOrDefault("osLoginFingerprint", "")),
        "delete OS Login SSH key " + p.id() + " of " + user,
        "gcloud compute os-login ssh-keys add --key-file <the public key> (signed in as "
            + user
            + ")");
  }

  private static RemediationPlan identityProvider(Planning p) {
    return p.act(
        new IdentityProvider(p.id()),
        "delete workload identity provider " + p.id() + " (it can be undeleted for 30 days)",
        "curl -X POST -H \"Authorization: Bearer $(gcloud auth print-access-token)\" -H"
            + " 'Content-Type: application/json' "
            + quote("https://iam.googleapis.com/v1/" + p.id() + ":undelete")
            + " -d '{}'");
  }

  private static RemediationPlan apiKey(Planning p) {
    String project = p.event().account();
    return p.act(
        new ApiKey(project, p.id(), p.event().credential().details().getOrDefault("keyName", "")),
        "delete API key " + p.id() + " (it can be undeleted for 30 days)",
        "gcloud services api-keys undelete " + quote(p.id()) + " --project " + quote(project));
  }
}
