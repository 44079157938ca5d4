package io.credwatch.gcp;

import io.credwatch.respond.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The checks and failure outcomes every Google remediator shares. */
final class GoogleOutcomes {
  /** A resource's creation time and the audit entry's timestamp differ by a second or so. */
  static final Duration TOLERANCE = Duration.ofMinutes(2);

  private GoogleOutcomes() {}

  /**
   * Why CredWatch must leave a credential alone when it was not created at the event's time (a
   * replayed or forged event naming an older, legitimate credential), or empty when the times
   * agree.
   */
  static Optional<Outcome> notCreatedByThisEvent(
      String what, String foundTime, Optional<Instant> eventTime) {
    Instant found;
    try {
      found = Instant.parse(foundTime);
    } catch (DateTimeParseException noTime) {
      return Optional.of(
          new Outcome.Skipped(what + " has no creation time to check against the event"));
    }
    if (eventTime.isPresent()
        && Duration.between(eventTime.get(), found).abs().compareTo(TOLERANCE) > 0) {
      return Optional.of(
          new Outcome.Skipped(
              what
                  + " was created at "
                  + found
                  + ", not at the event's time "
                  + eventTime.get()
                  + ": it is not the credential this event added (a replayed or forged event?),"
                  + " so CredWatch leaves it alone"));
    }
    return Optional.empty();
  }

  /** A clear outcome for a refused call: permission denied, not found, throttled or other. */
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
