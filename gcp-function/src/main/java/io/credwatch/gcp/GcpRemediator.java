package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.alert.AlertJson;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.GcpAction;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationLocator;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import io.credwatch.respond.RestSteps;
import io.credwatch.respond.VerifiedRemediation;
import io.credwatch.respond.VerifiedRemediation.StepFailed;
import io.credwatch.source.SshFingerprints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every Google Cloud action over REST, each through {@link VerifiedRemediation}: a
 * service-account key disabled, an HMAC key set INACTIVE, an OS Login key deleted by fingerprint, a
 * workload identity provider disabled, an API key deleted (opt-in). Names from the event are
 * checked against their expected shape before any request is built from them.
 *
 * <p>Longer than most classes on purpose: the switch and every Google credential's steps live here
 * together, so that adding an action touches this file, its {@link GcpAction} constant and its
 * test.
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
      case DELETE_WORKLOAD_IDENTITY_PROVIDER -> identityProvider(plan, mode);
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

  /**
   * The steps of the Google remediations: how each Google API finds, shows and changes one
   * credential. Every request is built from segments percent-encoded one by one, after the event's
   * names were checked against their expected shape.
   */
  static final class GoogleSteps {
    private GoogleSteps() {}

    /** Absent means it never was, or was deleted since: not something CredWatch did. */
    static Outcome notFound(String what) {
      return new Outcome.Failed(
          "not found: " + what + " does not exist (deleted since, or not in this project)", false);
    }

    /** A user-managed key of a service account, disabled (reversibly). */
    static final class ServiceAccountKey extends RestSteps {
      private final RemediationLocator.ServiceAccountKey key;

      ServiceAccountKey(BearerRest iam, RemediationLocator.ServiceAccountKey key) {
        super(
            iam,
            iam.uri(
                "/v1/projects/-/serviceAccounts/"
                    + BearerRest.segment(key.serviceAccount())
                    + "/keys/"
                    + BearerRest.segment(key.keyId())),
            "iam.serviceAccountKeys.get",
            GcpErrors::failure);
        this.key = key;
      }

      @Override
      public String what() {
        return "key " + key.keyId() + " of service account " + key.serviceAccount();
      }

      @Override
      public Outcome absent() {
        return notFound(what());
      }

      @Override
      public Optional<Outcome> notThisOne(JsonNode found) {
        if (!"USER_MANAGED".equals(found.path("keyType").asText("USER_MANAGED"))) {
          return Optional.of(
              new Outcome.Skipped(
                  what() + " is managed by Google, not a user: CredWatch leaves it alone"));
        }
        return Optional.empty();
      }

      @Override
      public Optional<String> createdAt(JsonNode found) {
        return Optional.of(found.path("validAfterTime").asText(""));
      }

      @Override
      public boolean alreadyDone(JsonNode found) {
        return found.path("disabled").asBoolean(false);
      }

      @Override
      public String doneState(JsonNode found) {
        return "disabled";
      }

      @Override
      public String verified(JsonNode found) {
        return "exists, is user-managed, was created at "
            + found.path("validAfterTime").asText("")
            + " and is enabled";
      }

      @Override
      public String wouldDo() {
        return "disable it";
      }

      @Override
      public Optional<String> act(JsonNode found) throws StepFailed {
        try {
          rest.post(URI.create(uri + ":disable"), "{}");
        } catch (BearerRest.CallFailed failed) {
          throw failed(failed, "disable " + what(), "iam.serviceAccountKeys.disable");
        }
        return Optional.empty();
      }

      @Override
      public String did() {
        return "disabled " + what();
      }

      @Override
      public String readBack(Optional<JsonNode> after) {
        return after.isEmpty() ? "it gone" : confirmed(after) ? "disabled" : "it enabled";
      }
    }

    /** A Cloud Storage HMAC key, set INACTIVE with its etag. */
    static final class HmacKey extends RestSteps {
      private final RemediationLocator.HmacKey key;

      HmacKey(BearerRest storage, RemediationLocator.HmacKey key) {
        super(
            storage,
            storage.uri(
                "/storage/v1/projects/"
                    + BearerRest.segment(key.project())
                    + "/hmacKeys/"
                    + BearerRest.segment(key.accessId())),
            "storage.hmacKeys.get",
            GcpErrors::failure);
        this.key = key;
      }

      @Override
      public String what() {
        return "HMAC key " + key.accessId() + " of " + key.serviceAccount();
      }

      @Override
      public Outcome absent() {
        return notFound(what());
      }

      @Override
      public Optional<Outcome> notThisOne(JsonNode found) {
        String owner = found.path("serviceAccountEmail").asText("");
        if (!owner.equals(key.serviceAccount())) {
          return Optional.of(
              new Outcome.Skipped(
                  "HMAC key "
                      + key.accessId()
                      + " belongs to "
                      + owner
                      + ", not to "
                      + key.serviceAccount()
                      + " as the event says: CredWatch leaves it alone"));
        }
        return Optional.empty();
      }

      @Override
      public Optional<String> createdAt(JsonNode found) {
        return Optional.of(found.path("timeCreated").asText(""));
      }

      @Override
      public boolean alreadyDone(JsonNode found) {
        return !found.path("state").asText("").equals("ACTIVE");
      }

      @Override
      public String doneState(JsonNode found) {
        return found.path("state").asText("");
      }

      @Override
      public String verified(JsonNode found) {
        return "exists, was created at the event's time and is ACTIVE";
      }

      @Override
      public String wouldDo() {
        return "set it INACTIVE";
      }

      @Override
      public Optional<String> act(JsonNode found) throws StepFailed {
        Map<String, String> update = new LinkedHashMap<>();
        update.put("state", "INACTIVE");
        update.put("etag", found.path("etag").asText(""));
        try {
          rest.put(uri, AlertJson.json(update));
        } catch (BearerRest.CallFailed failed) {
          throw failed(failed, "deactivate " + what(), "storage.hmacKeys.update");
        }
        return Optional.empty();
      }

      @Override
      public String did() {
        return "set " + what() + " to INACTIVE";
      }

      @Override
      public boolean confirmed(Optional<JsonNode> after) {
        return after.map(k -> k.path("state").asText("").equals("INACTIVE")).orElse(false);
      }

      @Override
      public String readBack(Optional<JsonNode> after) {
        return after.map(k -> k.path("state").asText("")).orElse("it gone");
      }
    }

    /**
     * An OS Login SSH key, deleted by OS Login's fingerprint once the key under it is the very key
     * the event imported (the same SHA-256 fingerprint).
     */
    static final class OsLoginKey extends RestSteps.Removal {
      private final RemediationLocator.OsLoginKey key;
      private final RemediationPlan.Act plan;

      OsLoginKey(BearerRest osLogin, RemediationLocator.OsLoginKey key, RemediationPlan.Act plan) {
        super(
            osLogin,
            osLogin.uri(
                "/v1/users/"
                    + BearerRest.segment(key.user())
                    + "/sshPublicKeys/"
                    + BearerRest.segment(key.osLoginFingerprint())),
            "OS Login access",
            "OS Login access",
            OsLoginKey::failure);
        this.key = key;
        this.plan = plan;
      }

      @Override
      public String what() {
        return "OS Login key " + key.sha256Fingerprint() + " of " + key.user();
      }

      @Override
      public Outcome absent() {
        return new Outcome.AlreadyApplied(
            what() + " is no longer on the profile (already deleted)", plan.undo());
      }

      @Override
      public Optional<Outcome> notThisOne(JsonNode found) {
        String onProfile = SshFingerprints.sha256(found.path("key").asText("")).orElse("");
        // Public-key fingerprints are not secrets; the constant-time comparison only keeps the
        // timing-attack check quiet without a suppression.
        if (!MessageDigest.isEqual(
            onProfile.getBytes(StandardCharsets.UTF_8),
            key.sha256Fingerprint().getBytes(StandardCharsets.UTF_8))) {
          return Optional.of(
              new Outcome.Skipped(
                  "the key under OS Login fingerprint "
                      + key.osLoginFingerprint()
                      + " of "
                      + key.user()
                      + " is "
                      + (onProfile.isEmpty() ? "unreadable" : onProfile)
                      + ", not the key this event imported ("
                      + key.sha256Fingerprint()
                      + "): CredWatch leaves it alone"));
        }
        return Optional.empty();
      }

      @Override
      public Optional<String> createdAt(JsonNode found) {
        // OS Login keeps no creation time; the fingerprint check above names the very key.
        return Optional.empty();
      }

      @Override
      public String verified(JsonNode found) {
        return "is on the profile";
      }

      @Override
      public String readBack(Optional<JsonNode> after) {
        return after.isEmpty() ? "gone" : "it still on the profile";
      }

      /**
       * Google lets only a key's owner, or a Workspace administrator, manage the OS Login keys of a
       * person, and no IAM role changes that: a refusal there is expected, so the outcome says who
       * can remove the key instead of naming a permission to grant.
       */
      private static Outcome.Failed failure(
          BearerRest.CallFailed failed, String doing, String permission) {
        if (failed.status != 403) {
          return GcpErrors.failure(failed, doing, permission);
        }
        return new Outcome.Failed(
            "permission denied: could not "
                + doing
                + "; only the key's owner or a Workspace administrator can manage a person's OS"
                + " Login keys: have the owner run gcloud compute os-login ssh-keys remove ("
                + failed.getMessage()
                + ")",
            false);
      }
    }

    /**
     * A workload or workforce identity pool provider, deleted: IAM keeps it 30 days in state
     * DELETED, from which {@code :undelete} restores it as it was. Deleting needs only the delete
     * permission; disabling would need the update permission, with which a compromised function
     * could rewrite any provider's issuer.
     */
    static final class IdentityProvider extends RestSteps.Removal {
      private final String name;
      private boolean seenDeleted;

      IdentityProvider(BearerRest iam, String name, String path) {
        super(
            iam,
            iam.uri("/v1/" + path),
            "iam.workloadIdentityPoolProviders.get",
            "iam.workloadIdentityPoolProviders.delete",
            GcpErrors::failure);
        this.name = name;
      }

      @Override
      public String what() {
        return "workload identity provider " + name;
      }

      @Override
      protected boolean gone(JsonNode found) {
        boolean deleted = found.path("state").asText("").equals("DELETED");
        seenDeleted |= deleted;
        return deleted;
      }

      @Override
      public Outcome absent() {
        return seenDeleted
            ? new Outcome.AlreadyApplied(
                what() + " is already deleted (restorable with :undelete for 30 days)", "")
            : notFound(what());
      }

      @Override
      public Optional<String> createdAt(JsonNode found) {
        // Providers carry no creation time: a delete is reversible with one undelete.
        return Optional.empty();
      }

      @Override
      public String verified(JsonNode found) {
        return "exists";
      }
    }

    /** An API key, deleted (there is no disabled state; Google keeps it undeletable 30 days). */
    static final class ApiKey extends RestSteps.Removal {
      private final String uid;
      private final String name;
      private final RemediationPlan.Act plan;

      ApiKey(BearerRest apiKeys, String uid, String name, String path, RemediationPlan.Act plan) {
        super(
            apiKeys,
            apiKeys.uri("/v2/" + path),
            "apikeys.keys.get",
            "apikeys.keys.delete",
            GcpErrors::failure);
        this.uid = uid;
        this.name = name;
        this.plan = plan;
      }

      @Override
      public String what() {
        return "API key " + uid;
      }

      @Override
      protected boolean gone(JsonNode found) {
        return found.hasNonNull("deleteTime");
      }

      @Override
      public Outcome absent() {
        return new Outcome.AlreadyApplied(what() + " is already deleted", plan.undo());
      }

      @Override
      public Optional<Outcome> notThisOne(JsonNode found) {
        String foundUid = found.path("uid").asText("");
        if (!foundUid.isEmpty() && !foundUid.equals(uid)) {
          return Optional.of(
              new Outcome.Skipped(
                  "the key named "
                      + name
                      + " has uid "
                      + foundUid
                      + ", not "
                      + uid
                      + ": CredWatch leaves it alone"));
        }
        return Optional.empty();
      }

      @Override
      public Optional<String> createdAt(JsonNode found) {
        return Optional.of(found.path("createTime").asText(""));
      }

      @Override
      public String verified(JsonNode found) {
        return "exists and was created at the event's time";
      }

      @Override
      public String wouldDo() {
        return "delete it (undeletable for 30 days)";
      }

      @Override
      public String did() {
        return "deleted " + what() + " (undeletable for 30 days)";
      }

      @Override
      public String readBack(Optional<JsonNode> after) {
        return after.isEmpty() ? "deleted" : "it live";
      }
    }
  }
}
