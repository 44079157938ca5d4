package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationChecks;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.net.URI;
import java.util.Set;

/**
 * Disables exactly the service-account key an event created or uploaded. Checked first: the key
 * exists on that service account, is user-managed (Google's system keys are never touched), and
 * became valid at the event's time. Read back after. Disabling is reversible ({@code keys enable}).
 */
final class ServiceAccountKeyRemediator implements Remediator {
  static final Set<String> ACTIONS = Set.of(RemediationActions.GCP_DISABLE_SERVICE_ACCOUNT_KEY);

  private final BearerRest rest;

  ServiceAccountKeyRemediator(BearerRest rest) {
    this.rest = rest;
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
        rest.uri(
            "/v1/projects/-/serviceAccounts/"
                + BearerRest.segment(account)
                + "/keys/"
                + BearerRest.segment(keyId));
    JsonNode found;
    try {
      found = rest.get(key);
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "read " + what, "iam.serviceAccountKeys.get");
    }
    if (!"USER_MANAGED".equals(found.path("keyType").asText("USER_MANAGED"))) {
      return new Outcome.Skipped(
          what + " is managed by Google, not a user: CredWatch leaves it alone");
    }
    String validAfter = found.path("validAfterTime").asText("");
    var mismatch = RemediationChecks.notCreatedByThisEvent(what, validAfter, plan.createdAt());
    if (mismatch.isPresent()) {
      return mismatch.get();
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
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "disable " + what, "iam.serviceAccountKeys.disable");
    }
    try {
      if (rest.get(key).path("disabled").asBoolean(false)) {
        return new Outcome.Applied("disabled " + what + "; read back: disabled", plan.undo());
      }
      return new Outcome.Failed(
          "disabled " + what + ", but reading it back shows it enabled", true);
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "read back " + what, "iam.serviceAccountKeys.get");
    }
  }
}
