package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Disables exactly the workload (or workforce) identity pool provider an event created or changed:
 * PATCH {@code disabled=true} with an update mask naming only that field, so nothing else about the
 * provider changes. Checked first: the provider exists under that exact name and is not deleted.
 * Google keeps no creation time on providers, and an update event names an existing provider on
 * purpose. Read back after. Reversible: PATCH {@code disabled=false}.
 */
final class WorkloadIdentityProviderRemediator implements Remediator {
  static final Set<String> ACTIONS =
      Set.of(RemediationActions.GCP_DISABLE_WORKLOAD_IDENTITY_PROVIDER);

  private final BearerRest rest;

  WorkloadIdentityProviderRemediator(BearerRest rest) {
    this.rest = rest;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    String name = plan.parameter("providerName");
    Optional<String> path =
        GoogleResourceName.path(name, GoogleResourceName.WORKLOAD_IDENTITY_PROVIDER);
    if (path.isEmpty()) {
      return new Outcome.Skipped(
          "the event names no workload identity provider in the expected form"
              + " projects/P/locations/L/workloadIdentityPools/POOL/providers/ID");
    }
    String what = "workload identity provider " + name;
    URI provider = rest.uri("/v1/" + path.get());
    JsonNode found;
    try {
      found = rest.get(provider);
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(
          failed, "read " + what, "iam.workloadIdentityPoolProviders.get");
    }
    if (found.path("state").asText("").equals("DELETED")) {
      return new Outcome.AlreadyApplied(what + " is already deleted", plan.undo());
    }
    if (found.path("disabled").asBoolean(false)) {
      return new Outcome.AlreadyApplied(what + " is already disabled", plan.undo());
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: " + what + " exists and is enabled; enforce mode would disable it");
    }
    JsonNode operation;
    try {
      operation = rest.patch(URI.create(provider + "?updateMask=disabled"), "{\"disabled\":true}");
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(
          failed, "disable " + what, "iam.workloadIdentityPoolProviders.update");
    }
    try {
      if (rest.get(provider).path("disabled").asBoolean(false)) {
        return new Outcome.Applied("disabled " + what + "; read back: disabled", plan.undo());
      }
    } catch (BearerRest.CallFailed failed) {
      return GoogleOutcomes.failure(
          failed, "read back " + what, "iam.workloadIdentityPoolProviders.get");
    }
    if (!operation.path("done").asBoolean(true)) {
      return new Outcome.Applied(
          "asked Google to disable "
              + what
              + "; operation "
              + operation.path("name").asText("")
              + " is still running",
          plan.undo());
    }
    return new Outcome.Failed("disabled " + what + ", but reading it back shows it enabled", true);
  }
}
