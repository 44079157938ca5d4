package io.credwatch.gcp;

import io.credwatch.http.BearerRest;
import io.credwatch.respond.GcpAction;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationLocator;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import io.credwatch.respond.VerifiedRemediation;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every Google Cloud action over REST, each through {@link VerifiedRemediation}: a
 * service-account key disabled, an HMAC key set INACTIVE, an OS Login key deleted by fingerprint, a
 * workload identity provider disabled, an API key deleted (opt-in). Names from the event are
 * checked against their expected shape before any request is built from them.
 */
final class GcpRemediator implements Remediator {
  private final BearerRest iam;
  private final BearerRest storage;
  private final BearerRest osLogin;
  private final BearerRest apiKeys;

  /** One REST client per API, each with its own base URL (the settings' endpoints). */
  GcpRemediator(BearerRest iam, BearerRest storage, BearerRest osLogin, BearerRest apiKeys) {
    this.iam = iam;
    this.storage = storage;
    this.osLogin = osLogin;
    this.apiKeys = apiKeys;
  }

  /** One REST client for every API (a stand-in serving them all). */
  GcpRemediator(BearerRest all) {
    this(all, all, all, all);
  }

  @Override
  public Set<GcpAction> actions() {
    return EnumSet.allOf(GcpAction.class);
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    return switch ((GcpAction) plan.action()) {
      case DISABLE_SERVICE_ACCOUNT_KEY -> serviceAccountKey(plan, mode);
      case DEACTIVATE_HMAC_KEY -> hmacKey(plan, mode);
      case DELETE_OS_LOGIN_KEY -> osLoginKey(plan, mode);
      case DISABLE_WORKLOAD_IDENTITY_PROVIDER -> identityProvider(plan, mode);
      case DELETE_API_KEY -> apiKey(plan, mode);
    };
  }

  private Outcome serviceAccountKey(RemediationPlan.Act plan, RemediationMode mode) {
    var key = plan.locator(RemediationLocator.ServiceAccountKey.class);
    if (key.serviceAccount().isEmpty() || key.keyId().isEmpty()) {
      return new Outcome.Skipped("the event names no service account or key id");
    }
    return VerifiedRemediation.run(plan, mode, new GoogleSteps.ServiceAccountKey(iam, key));
  }

  private Outcome hmacKey(RemediationPlan.Act plan, RemediationMode mode) {
    var key = plan.locator(RemediationLocator.HmacKey.class);
    if (key.project().isEmpty() || key.accessId().isEmpty() || key.serviceAccount().isEmpty()) {
      return new Outcome.Skipped("the event names no project, HMAC access id or service account");
    }
    return VerifiedRemediation.run(plan, mode, new GoogleSteps.HmacKey(storage, key));
  }

  private Outcome osLoginKey(RemediationPlan.Act plan, RemediationMode mode) {
    var key = plan.locator(RemediationLocator.OsLoginKey.class);
    if (key.user().isEmpty()) {
      return new Outcome.Skipped("the event names no OS Login user");
    }
    if (key.osLoginFingerprint().isEmpty()) {
      return new Outcome.Skipped(
          "the audit entry carries no OS Login fingerprint for key "
              + key.sha256Fingerprint()
              + " (the response was not logged): remove it by hand, signed in as "
              + key.user()
              + ", with gcloud compute os-login ssh-keys remove --key-file <the public key>");
    }
    return VerifiedRemediation.run(plan, mode, new GoogleSteps.OsLoginKey(osLogin, key, plan));
  }

  private Outcome identityProvider(RemediationPlan.Act plan, RemediationMode mode) {
    String name = plan.locator(RemediationLocator.IdentityProvider.class).name();
    Optional<String> path =
        GoogleResourceName.path(name, GoogleResourceName.WORKLOAD_IDENTITY_PROVIDER);
    if (path.isEmpty()) {
      return new Outcome.Skipped(
          "the event names no workload identity provider in the expected form"
              + " projects/P/locations/L/workloadIdentityPools/POOL/providers/ID");
    }
    return VerifiedRemediation.run(
        plan, mode, new GoogleSteps.IdentityProvider(iam, name, path.get()));
  }

  private Outcome apiKey(RemediationPlan.Act plan, RemediationMode mode) {
    var key = plan.locator(RemediationLocator.ApiKey.class);
    String name = key.name();
    if (name.isEmpty() && !key.uid().isEmpty()) {
      name = "projects/" + key.project() + "/locations/global/keys/" + key.uid();
    }
    Optional<String> path = GoogleResourceName.path(name, GoogleResourceName.API_KEY);
    if (key.uid().isEmpty() || path.isEmpty()) {
      return new Outcome.Skipped(
          "the event names no API key in the expected form projects/P/locations/L/keys/ID");
    }
    return VerifiedRemediation.run(
        plan, mode, new GoogleSteps.ApiKey(apiKeys, key.uid(), name, path.get(), plan));
  }
}
