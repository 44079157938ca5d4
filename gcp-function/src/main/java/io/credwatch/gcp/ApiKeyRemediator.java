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
import java.util.Optional;
import java.util.Set;

/**
 * Deletes exactly the API key an event created. API keys have no disabled state, so this is opt-in
 * (the action is registered as such: the policy runs it only for a rule a security team switched to
 * enforce). Google keeps a deleted key for 30 days, when it can be undeleted. Checked first: the
 * key exists under that name with that uid and was created at the event's time. Read back after.
 */
final class ApiKeyRemediator implements Remediator {
  static final Set<String> ACTIONS = Set.of(RemediationActions.GCP_DELETE_API_KEY);

  private final BearerRest rest;

  ApiKeyRemediator(BearerRest rest) {
    this.rest = rest;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    String uid = plan.parameter("keyId");
    String name = plan.parameter("keyName");
    if (name.isEmpty() && !uid.isEmpty()) {
      name = "projects/" + plan.parameter("project") + "/locations/global/keys/" + uid;
    }
    Optional<String> path = GoogleResourceName.path(name, GoogleResourceName.API_KEY);
    if (uid.isEmpty() || path.isEmpty()) {
      return new Outcome.Skipped(
          "the event names no API key in the expected form projects/P/locations/L/keys/ID");
    }
    String what = "API key " + uid;
    URI key = rest.uri("/v2/" + path.get());
    Optional<JsonNode> found;
    try {
      found = rest.getIfExists(key);
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "read " + what, "apikeys.keys.get");
    }
    if (found.isEmpty() || found.get().hasNonNull("deleteTime")) {
      return new Outcome.AlreadyApplied(what + " is already deleted", plan.undo());
    }
    String foundUid = found.get().path("uid").asText("");
    if (!foundUid.isEmpty() && !foundUid.equals(uid)) {
      return new Outcome.Skipped(
          "the key named "
              + name
              + " has uid "
              + foundUid
              + ", not "
              + uid
              + ": CredWatch leaves it alone");
    }
    var mismatch =
        RemediationChecks.notCreatedByThisEvent(
            what, found.get().path("createTime").asText(""), plan.createdAt());
    if (mismatch.isPresent()) {
      return mismatch.get();
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: "
              + what
              + " exists and was created at the event's time; enforce mode would delete it"
              + " (undeletable for 30 days)");
    }
    try {
      rest.delete(key);
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "delete " + what, "apikeys.keys.delete");
    }
    try {
      Optional<JsonNode> after = rest.getIfExists(key);
      if (after.isEmpty() || after.get().hasNonNull("deleteTime")) {
        return new Outcome.Applied(
            "deleted " + what + " (undeletable for 30 days); read back: deleted", plan.undo());
      }
      return new Outcome.Failed("deleted " + what + ", but reading it back shows it live", true);
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "read back " + what, "apikeys.keys.get");
    }
  }
}
