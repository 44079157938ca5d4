package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.alert.AlertJson;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationChecks;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sets exactly the Cloud Storage HMAC key an event created to INACTIVE (Storage JSON API). Checked
 * first: the key exists in that project, belongs to the service account the event names, and was
 * created at the event's time. The update carries the key's etag, so a concurrent change is not
 * overwritten. Read back after. Reversible: {@code gcloud storage hmac update --activate}.
 */
final class HmacKeyRemediator implements Remediator {
  static final Set<String> ACTIONS = Set.of(RemediationActions.GCP_DEACTIVATE_HMAC_KEY);

  private final BearerRest rest;

  HmacKeyRemediator(BearerRest rest) {
    this.rest = rest;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    String project = plan.parameter("project");
    String accessId = plan.parameter("accessId");
    String account = plan.target().id();
    if (project.isEmpty() || accessId.isEmpty() || account.isEmpty()) {
      return new Outcome.Skipped("the event names no project, HMAC access id or service account");
    }
    String what = "HMAC key " + accessId + " of " + account;
    URI key =
        rest.uri(
            "/storage/v1/projects/"
                + BearerRest.segment(project)
                + "/hmacKeys/"
                + BearerRest.segment(accessId));
    JsonNode found;
    try {
      found = rest.get(key);
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "read " + what, "storage.hmacKeys.get");
    }
    String owner = found.path("serviceAccountEmail").asText("");
    if (!owner.equals(account)) {
      return new Outcome.Skipped(
          "HMAC key "
              + accessId
              + " belongs to "
              + owner
              + ", not to "
              + account
              + " as the event says: CredWatch leaves it alone");
    }
    var mismatch =
        RemediationChecks.notCreatedByThisEvent(
            what, found.path("timeCreated").asText(""), plan.createdAt());
    if (mismatch.isPresent()) {
      return mismatch.get();
    }
    String state = found.path("state").asText("");
    if (!state.equals("ACTIVE")) {
      return new Outcome.AlreadyApplied(what + " is already " + state, plan.undo());
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: "
              + what
              + " exists, was created at the event's time and is ACTIVE; enforce mode would set it"
              + " INACTIVE");
    }
    Map<String, String> update = new LinkedHashMap<>();
    update.put("state", "INACTIVE");
    update.put("etag", found.path("etag").asText(""));
    try {
      rest.put(key, AlertJson.json(update));
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "deactivate " + what, "storage.hmacKeys.update");
    }
    try {
      String readBack = rest.get(key).path("state").asText("");
      if (readBack.equals("INACTIVE")) {
        return new Outcome.Applied(
            "set " + what + " to INACTIVE; read back: INACTIVE", plan.undo());
      }
      return new Outcome.Failed(
          "set " + what + " to INACTIVE, but reading it back shows " + readBack, true);
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(failed, "read back " + what, "storage.hmacKeys.get");
    }
  }
}
