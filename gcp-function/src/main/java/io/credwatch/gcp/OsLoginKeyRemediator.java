package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import io.credwatch.source.SshFingerprints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes exactly the OS Login SSH key an event imported, by OS Login's fingerprint. Checked first:
 * the key on the user's profile under that fingerprint is the very key the event imported (its
 * SHA256 fingerprint matches). OS Login keeps no creation time, so that match is the check. Read
 * back after: the key is gone. Not reversible by CredWatch: the owner imports the key again.
 */
final class OsLoginKeyRemediator implements Remediator {
  static final Set<String> ACTIONS = Set.of(RemediationActions.GCP_DELETE_OS_LOGIN_KEY);

  private final BearerRest rest;

  OsLoginKeyRemediator(BearerRest rest) {
    this.rest = rest;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    String user = plan.parameter("user");
    String fingerprint = plan.parameter("osLoginFingerprint");
    String sha256 = plan.credentialId();
    if (user.isEmpty()) {
      return new Outcome.Skipped("the event names no OS Login user");
    }
    if (fingerprint.isEmpty()) {
      return new Outcome.Skipped(
          "the audit entry carries no OS Login fingerprint for key "
              + sha256
              + " (the response was not logged): remove it by hand, signed in as "
              + user
              + ", with gcloud compute os-login ssh-keys remove --key-file <the public key>");
    }
    String what = "OS Login key " + sha256 + " of " + user;
    URI key =
        rest.uri(
            "/v1/users/"
                + BearerRest.segment(user)
                + "/sshPublicKeys/"
                + BearerRest.segment(fingerprint));
    Optional<JsonNode> found;
    try {
      found = rest.getIfExists(key);
    } catch (BearerRest.CallFailed failed) {
      return failure(failed, "read " + what);
    }
    if (found.isEmpty()) {
      return new Outcome.AlreadyApplied(
          what + " is no longer on the profile (already deleted)", plan.undo());
    }
    String onProfile = SshFingerprints.sha256(found.get().path("key").asText("")).orElse("");
    // Public-key fingerprints are not secrets; the constant-time comparison only keeps the
    // timing-attack check quiet without a suppression.
    if (!MessageDigest.isEqual(
        onProfile.getBytes(StandardCharsets.UTF_8), sha256.getBytes(StandardCharsets.UTF_8))) {
      return new Outcome.Skipped(
          "the key under OS Login fingerprint "
              + fingerprint
              + " of "
              + user
              + " is "
              + (onProfile.isEmpty() ? "unreadable" : onProfile)
              + ", not the key this event imported ("
              + sha256
              + "): CredWatch leaves it alone");
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: " + what + " is on the profile; enforce mode would delete it");
    }
    try {
      rest.delete(key);
    } catch (BearerRest.CallFailed failed) {
      return failure(failed, "delete " + what);
    }
    try {
      if (rest.getIfExists(key).isEmpty()) {
        return new Outcome.Applied("deleted " + what + "; read back: gone", plan.undo());
      }
      return new Outcome.Failed("deleted " + what + ", but it is still on the profile", true);
    } catch (BearerRest.CallFailed failed) {
      return failure(failed, "read back " + what);
    }
  }

  /**
   * Google lets only a key's owner, or a Workspace administrator, manage the OS Login keys of a
   * person, and no IAM role changes that: a refusal there is expected, so the outcome says who can
   * remove the key instead of naming a permission to grant.
   */
  private static Outcome failure(BearerRest.CallFailed failed, String what) {
    if (failed.status != 403) {
      return GoogleOutcomes.failure(failed, what, "OS Login access");
    }
    return new Outcome.Failed(
        "permission denied: could not "
            + what
            + "; only the key's owner or a Workspace administrator can manage a person's OS Login"
            + " keys: have the owner run gcloud compute os-login ssh-keys remove ("
            + failed.getMessage()
            + ")",
        false);
  }
}
