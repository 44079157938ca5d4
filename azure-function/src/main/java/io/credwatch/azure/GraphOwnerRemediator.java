package io.credwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.net.URI;
import java.util.Set;

/**
 * Removes exactly the owner an event added to an application or service principal (an owner can add
 * credentials at will). Opt-in: the policy runs it only for a rule switched to enforce by name.
 * Checked first: the object lists that owner. Read back after.
 */
final class GraphOwnerRemediator implements Remediator {
  static final Set<String> ACTIONS = Set.of(RemediationActions.AZURE_REMOVE_OWNER);

  private final BearerRest graph;

  GraphOwnerRemediator(BearerRest graph) {
    this.graph = graph;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    String objectType = plan.parameter("objectType");
    String objectId = plan.parameter("objectId");
    String ownerId = plan.parameter("ownerId");
    if (!Set.of("applications", "servicePrincipals").contains(objectType)
        || !GraphKeyRemediator.GUID.matcher(objectId).matches()
        || !GraphKeyRemediator.GUID.matcher(ownerId).matches()) {
      return new Outcome.Skipped("the event names no object id and owner id (GUIDs)");
    }
    String what = "owner " + ownerId + " of " + objectType + " " + objectId;
    String object = "/v1.0/" + objectType + "/" + BearerRest.segment(objectId);
    URI owners = graph.uri(object + "/owners?$select=id");
    try {
      if (!lists(graph.get(owners), ownerId)) {
        return new Outcome.AlreadyApplied(what + " is no longer an owner", plan.undo());
      }
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(
          failed, "read the owners of " + objectId, "Application.ReadWrite.All (Microsoft Graph)");
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun("verified: " + what + " is an owner; enforce mode would remove it");
    }
    try {
      graph.delete(graph.uri(object + "/owners/" + BearerRest.segment(ownerId) + "/$ref"));
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(
          failed, "remove " + what, "Application.ReadWrite.All (Microsoft Graph)");
    }
    try {
      if (!lists(graph.get(owners), ownerId)) {
        return new Outcome.Applied("removed " + what + "; read back: not an owner", plan.undo());
      }
      return new Outcome.Failed("removed " + what + ", but it is still listed", true);
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(
          failed,
          "read back the owners of " + objectId,
          "Application.ReadWrite.All (Microsoft Graph)");
    }
  }

  private static boolean lists(JsonNode owners, String ownerId) {
    for (JsonNode owner : owners.path("value")) {
      if (owner.path("id").asText("").equalsIgnoreCase(ownerId)) {
        return true;
      }
    }
    return false;
  }
}
