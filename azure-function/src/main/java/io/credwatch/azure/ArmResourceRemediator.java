package io.credwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationChecks;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Deletes exactly the Azure resource an ARM event wrote: a managed identity's federated credential,
 * or (opt-in) an SSH public key resource or a VM access extension. Checked first: the resource id
 * has the shape of that action's resource type, the resource exists, and it was last written at the
 * event's time (its {@code systemData}). Read back after; ARM may finish a delete in the
 * background, which the outcome says.
 */
final class ArmResourceRemediator implements Remediator {
  private static final String SEGMENT = "[^/?#]+";
  private static final String GROUP = "/subscriptions/" + SEGMENT + "/resourceGroups/" + SEGMENT;

  /** Per action: the resource id shape it may delete, and the API version to call it with. */
  private record Target(Pattern shape, String apiVersion) {}

  private static final Map<String, Target> TARGETS =
      Map.of(
          RemediationActions.AZURE_DELETE_MANAGED_IDENTITY_FEDERATED_CREDENTIAL,
          new Target(
              Pattern.compile(
                  GROUP
                      + "/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/"
                      + SEGMENT
                      + "/federatedIdentityCredentials/"
                      + SEGMENT,
                  Pattern.CASE_INSENSITIVE),
              "2023-01-31"),
          RemediationActions.AZURE_DELETE_SSH_PUBLIC_KEY,
          new Target(
              Pattern.compile(
                  GROUP + "/providers/Microsoft\\.Compute/sshPublicKeys/" + SEGMENT,
                  Pattern.CASE_INSENSITIVE),
              "2024-07-01"),
          RemediationActions.AZURE_DELETE_VM_EXTENSION,
          new Target(
              Pattern.compile(
                  GROUP
                      + "/providers/Microsoft\\.Compute/(virtualMachines|virtualMachineScaleSets)/"
                      + SEGMENT
                      + "/extensions/"
                      + SEGMENT,
                  Pattern.CASE_INSENSITIVE),
              "2024-07-01"));

  private final BearerRest arm;

  ArmResourceRemediator(BearerRest arm) {
    this.arm = arm;
  }

  @Override
  public Set<String> actions() {
    return TARGETS.keySet();
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    Target target = TARGETS.get(plan.action().name());
    String resourceId = plan.parameter("resourceId");
    if (target == null || !target.shape().matcher(resourceId).matches()) {
      return new Outcome.Skipped(
          "the event names no resource id of the kind " + plan.action().name() + " deletes");
    }
    String permissions = String.join(" and ", plan.action().permissions());
    String what = plan.kind().description() + " " + resourceId;
    URI resource =
        arm.uri(
            Arrays.stream(resourceId.split("/"))
                    .map(part -> part.isEmpty() ? part : BearerRest.segment(part))
                    .collect(Collectors.joining("/"))
                + "?api-version="
                + target.apiVersion());
    Optional<JsonNode> found;
    try {
      found = arm.getIfExists(resource);
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "read " + what, permissions);
    }
    if (found.isEmpty()) {
      return new Outcome.AlreadyApplied(what + " no longer exists (already deleted)", plan.undo());
    }
    JsonNode systemData = found.get().path("systemData");
    String written =
        systemData.path("lastModifiedAt").asText(systemData.path("createdAt").asText(""));
    var mismatch = RemediationChecks.notCreatedByThisEvent(what, written, plan.createdAt());
    if (mismatch.isPresent()) {
      return mismatch.get();
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: "
              + what
              + " exists and was written at the event's time; enforce mode would"
              + " delete it");
    }
    try {
      arm.delete(resource);
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "delete " + what, permissions);
    }
    try {
      Optional<JsonNode> after = arm.getIfExists(resource);
      if (after.isEmpty()) {
        return new Outcome.Applied("deleted " + what + "; read back: gone", plan.undo());
      }
      String state = after.get().path("properties").path("provisioningState").asText("");
      if (state.equalsIgnoreCase("Deleting")) {
        return new Outcome.Applied(
            "deleting " + what + "; read back: Deleting (Azure finishes it in the background)",
            plan.undo());
      }
      return new Outcome.Failed("deleted " + what + ", but reading it back shows it still", true);
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "read back " + what, permissions);
    }
  }
}
