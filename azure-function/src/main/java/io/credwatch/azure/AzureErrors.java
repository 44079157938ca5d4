package io.credwatch.azure;

import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationChecks;

/** Failure outcomes of Graph and ARM calls, worded for the function's managed identity. */
final class AzureErrors {
  static final String GRAPH_APPLICATIONS =
      "the Microsoft Graph application permission Application.ReadWrite.OwnedBy (for applications"
          + " it owns) or Application.ReadWrite.All (infra/azure/grant-graph-permissions.sh)";

  private AzureErrors() {}

  static Outcome.Failed failure(BearerRest.CallFailed failed, String what, String permission) {
    return RemediationChecks.refused(
        failed.status,
        String.valueOf(failed.getMessage()),
        what,
        "the function app's managed identity needs " + permission,
        "Azure");
  }
}
