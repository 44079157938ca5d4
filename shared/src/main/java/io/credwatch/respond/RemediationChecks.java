package io.credwatch.respond;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The checks and failure outcomes that remediators calling a cloud's REST API share. */
public final class RemediationChecks {
  /** A credential's creation time and the audit entry's timestamp differ by a second or so. */
  public static final Duration CREATION_TOLERANCE = Duration.ofMinutes(2);

  private RemediationChecks() {}

  /**
   * Why CredWatch must leave a credential alone when it was not created at the event's time (a
   * replayed or forged event naming an older, legitimate credential), or empty when the times
   * agree.
   *
   * @param foundTime the credential's creation time as the cloud reports it (ISO-8601)
   */
  public static Optional<Outcome> notCreatedByThisEvent(
      String what, String foundTime, Optional<Instant> eventTime) {
    Instant found;
    try {
      found = Instant.parse(foundTime);
    } catch (DateTimeParseException noTime) {
      return Optional.of(
          new Outcome.Skipped(what + " has no creation time to check against the event"));
    }
    if (eventTime.isPresent()
        && Duration.between(eventTime.get(), found).abs().compareTo(CREATION_TOLERANCE) > 0) {
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

  /**
   * A clear outcome for a refused call: permission denied (with what to grant), not found,
   * throttled (retryable) or other.
   *
   * @param status the HTTP status, 0 when there was no answer
   * @param message the API's own explanation, already made safe to show
   * @param what what CredWatch tried, for example "disable key K of service account A"
   * @param missing who needs what, for example "the function's service account needs X"
   * @param provider whose API throttled, for example "Google"
   */
  public static Outcome.Failed refused(
      int status, String message, String what, String missing, String provider) {
    return switch (status) {
      case 401, 403 ->
          new Outcome.Failed(
              "permission denied: could not " + what + "; " + missing + " (" + message + ")",
              false);
      case 404 -> new Outcome.Failed("not found: could not " + what + " (" + message + ")", false);
      case 429 ->
          new Outcome.Failed(
              "throttled by " + provider + ": could not " + what + "; try again (" + message + ")",
              true);
      default ->
          new Outcome.Failed("could not " + what + ": " + message, status == 0 || status >= 500);
    };
  }
}
