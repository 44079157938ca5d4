package io.credwatch.gcp;

import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationChecks;

/** Failure outcomes of Google calls, worded for the function's service account. */
final class GcpErrors {
  private GcpErrors() {}

  static Outcome.Failed failure(BearerRest.CallFailed failed, String what, String permission) {
    return RemediationChecks.refused(
        failed.status,
        String.valueOf(failed.getMessage()),
        what,
        "the function's service account needs " + permission,
        "Google");
  }
}
