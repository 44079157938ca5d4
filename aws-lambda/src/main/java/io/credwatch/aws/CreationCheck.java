package io.credwatch.aws;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks that the credential found is the one the event created: a replayed or forged event naming
 * an older, legitimate credential must not disable it (architecture §6).
 */
final class CreationCheck {
  /** CloudTrail's eventTime and IAM's CreateDate of the same call differ by a second or two. */
  static final Duration TOLERANCE = Duration.ofMinutes(2);

  private CreationCheck() {}

  /** Empty when the credential was created at the event's time (or the event gives none). */
  static Optional<Outcome> mismatch(RemediationPlan.Act plan, Instant created, String what) {
    if (plan.createdAt().isEmpty()) {
      return Optional.empty();
    }
    Instant expected = plan.createdAt().get();
    if (Duration.between(expected, created).abs().compareTo(TOLERANCE) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Outcome.Skipped(
            what
                + " was created at "
                + created
                + ", not at the event's time "
                + expected
                + ": it is not the credential this event added (a replayed or forged event?), so"
                + " CredWatch leaves it alone"));
  }
}
