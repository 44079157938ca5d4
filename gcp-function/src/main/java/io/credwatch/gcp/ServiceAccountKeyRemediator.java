package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Disables exactly the service-account key an event created or uploaded. Checked first: the key
 * exists on that service account, is user-managed (Google's system keys are never touched), and
 * became valid at the event's time. Read back after. Disabling is reversible ({@code keys enable}).
 */
final class ServiceAccountKeyRemediator implements Remediator {
  static final Set<String> ACTIONS = Set.of(RemediationActions.GCP_DISABLE_SERVICE_ACCOUNT_KEY);

  /** A key's validAfterTime and the audit entry's timestamp differ by a second or so. */
  static final Duration TOLERANCE = Duration.ofMinutes(2);

  private final GoogleRest rest;
  private final URI iam;

  ServiceAccountKeyRemediator(GoogleRest rest, URI iam) {
    this.rest = rest;
    this.iam = iam;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    String account = plan.parameter("serviceAccount");
    String keyId = plan.parameter("keyId");
    if (account.isEmpty() || keyId.isEmpty()) {
      return new Outcome.Skipped("the event names no service account or key id");
    }
    String what = "key " + keyId + " of service account " + account;
    URI key =
        URI.create(
            iam
                + "/v1/projects/-/serviceAccounts/"
                + URLEncoder.encode(account, StandardCharsets.UTF_8)
                + "/keys/"
                + URLEncoder.encode(keyId, StandardCharsets.UTF_8));
    JsonNode found;
    try {
      found = rest.get(key);
    } catch (GoogleRest.CallFailed failed) {
      return failure(failed, "read " + what, "iam.serviceAccountKeys.get");
    }
    if (!"USER_MANAGED".equals(found.path("keyType").asText("USER_MANAGED"))) {
      return new Outcome.Skipped(
          what + " is managed by Google, not a user: CredWatch leaves it alone");
    }
    Instant validAfter;
    try {
      validAfter = Instant.parse(found.path("validAfterTime").asText(""));
    } catch (DateTimeParseException noTime) {
      return new Outcome.Skipped(what + " has no creation time to check against the event");
    }
    if (plan.createdAt().isPresent()
        && Duration.between(plan.createdAt().get(), validAfter).abs().compareTo(TOLERANCE) > 0) {
      return new Outcome.Skipped(
          what
              + " was created at "
              + validAfter
              + ", not at the event's time "
              + plan.createdAt().get()
              + ": it is not the key this event added (a replayed or forged event?), so CredWatch"
              + " leaves it alone");
    }
    if (found.path("disabled").asBoolean(false)) {
      return new Outcome.AlreadyApplied(what + " is already disabled", plan.undo());
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: "
              + what
              + " exists, is user-managed, was created at "
              + validAfter
              + " and is enabled; enforce mode would disable it");
    }
    try {
      rest.post(URI.create(key + ":disable"), "{}");
    } catch (GoogleRest.CallFailed failed) {
      return failure(failed, "disable " + what, "iam.serviceAccountKeys.disable");
    }
    try {
      if (rest.get(key).path("disabled").asBoolean(false)) {
        return new Outcome.Applied("disabled " + what + "; read back: disabled", plan.undo());
      }
      return new Outcome.Failed(
          "disabled " + what + ", but reading it back shows it enabled", true);
    } catch (GoogleRest.CallFailed failed) {
      return failure(failed, "read back " + what, "iam.serviceAccountKeys.get");
    }
  }

  static Outcome.Failed failure(GoogleRest.CallFailed failed, String what, String permission) {
    return switch (failed.status) {
      case 403 ->
          new Outcome.Failed(
              "permission denied: could not "
                  + what
                  + "; the function's service account needs "
                  + permission
                  + " ("
                  + failed.getMessage()
                  + ")",
              false);
      case 404 ->
          new Outcome.Failed(
              "not found: could not " + what + " (" + failed.getMessage() + ")", false);
      case 429 ->
          new Outcome.Failed("throttled by Google: could not " + what + "; try again", true);
      default ->
          new Outcome.Failed("could not " + what + ": " + failed.getMessage(), failed.retryable());
    };
  }
}
