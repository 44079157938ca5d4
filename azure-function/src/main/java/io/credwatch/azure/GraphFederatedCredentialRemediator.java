package io.credwatch.azure;

import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.net.URI;
import java.util.Set;

/**
 * Deletes exactly the federated identity credential an event added to (or repointed on) an
 * application, through Microsoft Graph. Checked first: the application holds a credential with that
 * id. Graph keeps no creation time on these, and a repointed credential is old on purpose, so the
 * id is the check. Read back after. Reversible: the alert's undo recreates it with the same issuer
 * and subject.
 */
final class GraphFederatedCredentialRemediator implements Remediator {
  static final Set<String> ACTIONS =
      Set.of(RemediationActions.AZURE_DELETE_APP_FEDERATED_CREDENTIAL);

  private final BearerRest graph;

  GraphFederatedCredentialRemediator(BearerRest graph) {
    this.graph = graph;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    String application = plan.parameter("applicationObjectId");
    String credentialId = plan.parameter("federatedCredentialId");
    if (!GraphKeyRemediator.GUID.matcher(application).matches() || credentialId.isEmpty()) {
      return new Outcome.Skipped(
          "the event names no application object id and federated credential id");
    }
    String what =
        "federated identity credential " + credentialId + " of application " + application;
    URI credential =
        graph.uri(
            "/v1.0/applications/"
                + BearerRest.segment(application)
                + "/federatedIdentityCredentials/"
                + BearerRest.segment(credentialId));
    try {
      if (graph.getIfExists(credential).isEmpty()) {
        return new Outcome.AlreadyApplied(
            what + " is no longer there (already deleted)", plan.undo());
      }
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "read " + what, AzureOutcomes.GRAPH_APPLICATIONS);
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: " + what + " exists; enforce mode would delete it and nothing else");
    }
    try {
      graph.delete(credential);
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "delete " + what, AzureOutcomes.GRAPH_APPLICATIONS);
    }
    try {
      if (graph.getIfExists(credential).isEmpty()) {
        return new Outcome.Applied("deleted " + what + "; read back: gone", plan.undo());
      }
      return new Outcome.Failed("deleted " + what + ", but reading it back shows it still", true);
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "read back " + what, AzureOutcomes.GRAPH_APPLICATIONS);
    }
  }
}
