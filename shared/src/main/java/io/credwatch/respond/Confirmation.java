package io.credwatch.respond;

import io.credwatch.alert.UntrustedText;
import io.credwatch.event.CredentialEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether CredWatch may act on an event now (architecture §6): only once the cloud's own log
 * confirms it ({@link Provenance}). While the log lags, the event waits, with a follow-up; when the
 * log says otherwise, or stays silent too long, nothing is touched.
 *
 * @param provenance the cloud's log
 * @param required false only when an operator accepts acting on unconfirmed events
 * @param within how long to wait for the log, from the event's first delivery
 */
public record Confirmation(Provenance provenance, boolean required, Duration within) {

  /** The reason every unconfirmed event gives, as operators search for it. */
  public static final String NOT_CONFIRMED = "not confirmed by the cloud's log";

  /** No confirmation: for tests of the remediation itself. */
  public static Confirmation waived() {
    return new Confirmation(Provenance.NONE, false, Duration.ofHours(1));
  }

  /** What the log's answer means now. */
  public sealed interface Check permits Act, Wait, Refuse {}

  /**
   * Act.
   *
   * @param confirmedIn the log that confirmed the event, or "" when confirmation is waived
   */
  public record Act(String confirmedIn) implements Check {}

  /** Wait for the log, and look again after the delay. */
  public record Wait(Outcome.Pending outcome, Duration checkAgainIn) implements Check {}

  /** Never act on this event. */
  public record Refuse(Outcome.Skipped outcome) implements Check {}

  /**
   * Asks the log about one event.
   *
   * @param firstSeen when the event was first delivered (the wait counts from there)
   * @param canWait false when nothing can bring the event back later (no state store)
   */
  public Check check(CredentialEvent event, Instant firstSeen, Instant now, boolean canWait) {
    if (!required) {
      return new Act("");
    }
    Provenance.Answer answer = ask(event);
    if (answer instanceof Provenance.Confirmed confirmed) {
      return new Act(confirmed.log());
    }
    if (answer instanceof Provenance.Contradicted contradicted) {
      return new Refuse(
          new Outcome.Skipped(NOT_CONFIRMED + ": " + contradicted.why() + "; nothing was touched"));
    }
    String why = ((Provenance.NotYet) answer).why();
    if (!canWait) {
      return new Refuse(
          new Outcome.Skipped(
              NOT_CONFIRMED
                  + ": "
                  + why
                  + "; without a state store CredWatch cannot look again later, so it does not"
                  + " act"));
    }
    if (now.isAfter(firstSeen.plus(within))) {
      return new Refuse(
          new Outcome.Skipped(
              NOT_CONFIRMED
                  + " within "
                  + within.toMinutes()
                  + " minutes of the first delivery ("
                  + why
                  + "); nothing was touched"));
    }
    return new Wait(
        new Outcome.Pending(
            "remediation pending confirmation by "
                + provenance.log()
                + ": "
                + why
                + ". CredWatch looks again for up to "
                + within.toMinutes()
                + " minutes, then acts or gives up, and says which in a follow-up alert with"
                + " this alert's id"),
        backoff(Duration.between(firstSeen, now)));
  }

  private Provenance.Answer ask(CredentialEvent event) {
    try {
      return provenance.confirm(event);
    } catch (RuntimeException failed) {
      return new Provenance.NotYet(
          provenance.log()
              + " could not be read ("
              + UntrustedText.plain(String.valueOf(failed.getMessage()), 200)
              + ")");
    }
  }

  /**
   * When to look again: as long as the event has waited so far, between one and fifteen minutes
   * (the longest delay an SQS message takes), so that the looks thin out as the log lags longer.
   */
  static Duration backoff(Duration waited) {
    Duration atLeast = Duration.ofMinutes(1);
    Duration atMost = Duration.ofMinutes(15);
    if (waited.compareTo(atLeast) < 0) {
      return atLeast;
    }
    return waited.compareTo(atMost) > 0 ? atMost : waited;
  }

  /** The outcome, saying which log confirmed the event it acted on. */
  static Outcome confirmedIn(Outcome outcome, String log) {
    if (log.isEmpty()) {
      return outcome;
    }
    String confirmed = "; the event was confirmed in " + log + " first";
    if (outcome instanceof Outcome.Applied applied) {
      return new Outcome.Applied(applied.detail() + confirmed, applied.undo());
    }
    if (outcome instanceof Outcome.AlreadyApplied already) {
      return new Outcome.AlreadyApplied(already.detail() + confirmed, already.undo());
    }
    return outcome;
  }
}
