package io.credwatch.respond;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertIds;
import io.credwatch.alert.Severity;
import io.credwatch.detect.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the response for each finding (architecture §1): plan, policy, remediation under a time
 * budget, then the alert, which is always sent, also when remediation fails or times out, so that
 * it says what was done. Used by every cloud adapter.
 */
public final class Responder implements AutoCloseable {
  private final RemediationPlanner planner = new RemediationPlanner();
  private final RemediationPolicy policy;
  private final Remediator remediator;
  private final List<AlertSink> sinks;
  private final Severity minSeverity;
  private final Duration budget;
  private final Clock clock;
  private final ActionLedger ledger;
  private final Confirmation confirmation;

  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "credwatch-remediation");
            thread.setDaemon(true);
            return thread;
          });

  public Responder(
      RemediationPolicy policy,
      Remediator remediator,
      List<AlertSink> sinks,
      Severity minSeverity,
      Duration budget,
      Clock clock) {
    this(
        policy,
        remediator,
        sinks,
        minSeverity,
        budget,
        clock,
        ActionLedger.NONE,
        Confirmation.waived());
  }

  public Responder(
      RemediationPolicy policy,
      Remediator remediator,
      List<AlertSink> sinks,
      Severity minSeverity,
      Duration budget,
      Clock clock,
      ActionLedger ledger,
      Confirmation confirmation) {
    this.policy = policy;
    this.remediator = remediator;
    this.sinks = List.copyOf(sinks);
    this.minSeverity = minSeverity;
    this.budget = budget;
    this.clock = clock;
    this.ledger = ledger;
    this.confirmation = confirmation;
  }

  /**
   * What became of one finding.
   *
   * @param checkAgainIn when the event waits for the cloud's log: how soon to deliver it again
   */
  public record Handled(
      Finding finding,
      Alert alert,
      Outcome outcome,
      boolean sent,
      List<String> failures,
      boolean retryable,
      Optional<Duration> checkAgainIn) {
    public Handled {
      failures = List.copyOf(failures);
    }

    public boolean delivered() {
      return failures.isEmpty();
    }
  }

  /** Everything one invocation did. */
  public record Result(List<Handled> handled) {
    public Result {
      handled = List.copyOf(handled);
    }

    /** True when some alert could not be delivered: the platform must retry or dead-letter. */
    public boolean deliveryFailed() {
      return handled.stream().anyMatch(h -> !h.delivered());
    }
  }

  public Result handle(List<Finding> findings) {
    return handle(findings, Deadline.NONE);
  }

  /**
   * Handles the findings within the invocation's deadline: a finding reached when no time is left
   * is neither acted on nor alerted, but marked for the platform's retry, with the others.
   */
  public Result handle(List<Finding> findings, Deadline deadline) {
    List<Handled> handled = new ArrayList<>(findings.size());
    int enforced = 0;
    for (Finding finding : findings) {
      RemediationPlan plan = planner.plan(finding);
      String alertId = AlertIds.of(finding.event());
      if (deadline.passed()) {
        handled.add(outOfTime(finding, plan));
        continue;
      }
      Optional<ActionLedger.Entry> before = Optional.empty();
      String storeProblem = "";
      try {
        before = ledger.previous(alertId);
      } catch (RuntimeException unreadable) {
        storeProblem = String.valueOf(unreadable.getMessage());
      }
      boolean handledBefore = before.isPresent() && before.get().acted();
      Optional<Instant> pendingSince =
          before.filter(ActionLedger.Entry::pending).map(ActionLedger.Entry::at);
      RemediationPolicy.Decision decision = policy.decide(finding, plan, enforced);
      Outcome outcome;
      RemediationMode mode;
      String pause = "";
      Optional<Duration> checkAgain = Optional.empty();
      if (decision instanceof RemediationPolicy.Decision.Act act) {
        mode = act.mode();
        RemediationPlan.Act action = (RemediationPlan.Act) plan;
        if (!storeProblem.isEmpty()) {
          outcome = storeFailed(storeProblem);
        } else if (handledBefore) {
          outcome = alreadyHandled(action, before.get(), deadline);
        } else if (mode == RemediationMode.ENFORCE) {
          Instant now = clock.instant();
          Confirmation.Check check =
              confirmation.check(
                  finding.event(), pendingSince.orElse(now), now, ledger != ActionLedger.NONE);
          if (check instanceof Confirmation.Refuse refuse) {
            outcome = refuse.outcome();
          } else if (check instanceof Confirmation.Wait wait) {
            outcome = wait.outcome();
            checkAgain = Optional.of(wait.checkAgainIn());
          } else {
            String confirmedIn = ((Confirmation.Act) check).confirmedIn();
            ActionLedger.Budget spent = ActionLedger.Budget.GRANTED;
            String budgetProblem = "";
            try {
              // Every enforced attempt takes from the budget, a retry of a failed one too.
              spent = ledger.take(now);
            } catch (RuntimeException unwritable) {
              budgetProblem = String.valueOf(unwritable.getMessage());
            }
            if (!budgetProblem.isEmpty()) {
              storeProblem = budgetProblem;
              outcome = storeFailed(budgetProblem);
            } else if (spent == ActionLedger.Budget.GRANTED) {
              enforced++;
              outcome =
                  Confirmation.confirmedIn(runWithinBudget(action, mode, deadline), confirmedIn);
            } else {
              outcome =
                  new Outcome.Skipped(
                      "remediation paused: the circuit breaker's budget ("
                          + ledger.limit()
                          + ") is spent, so CredWatch only alerts until the window ends");
              if (spent == ActionLedger.Budget.PAUSED_NOW) {
                pause =
                    "CredWatch paused remediation: "
                        + ledger.limit()
                        + " were taken. A burst like this is what a flood of forged or replayed"
                        + " events looks like; review the recent alerts. Alerts go on.";
              }
            }
          }
        } else {
          outcome = runWithinBudget(action, mode, deadline);
        }
      } else {
        RemediationPolicy.Decision.Skip skip = (RemediationPolicy.Decision.Skip) decision;
        mode = skip.mode();
        outcome = new Outcome.Skipped(skip.reason());
      }
      Alert alert = finding.toAlert(remediationFacts(plan, mode, outcome), clock.instant(), false);
      if (!pause.isEmpty()) {
        alert = alert.withNote(pause);
      }
      boolean sentBefore = before.map(ActionLedger.Entry::alertSent).orElse(false);
      // An alert already sent is not sent again, unless what CredWatch did has changed since (a
      // confirmation came, or failed to come): then the same alert id says so, as a follow-up.
      boolean followUp =
          sentBefore && !handledBefore && !before.get().outcome().equals(outcome.id());
      if (followUp) {
        alert =
            alert.withNote(
                "Follow-up to the alert sent at "
                    + before.get().at()
                    + ", whose remediation was "
                    + before.get().outcome()
                    + ": it is now "
                    + outcome.id()
                    + ".");
      }
      Handled result =
          deliver(
              finding,
              alert,
              outcome,
              sentBefore && !followUp && pause.isEmpty(),
              checkAgain,
              deadline);
      handled.add(result);
      boolean alertSent = (sentBefore && !followUp) || (result.sent() && result.delivered());
      ActionLedger.Entry entry =
          handledBefore
              ? new ActionLedger.Entry(before.get().outcome(), before.get().at(), alertSent)
              : new ActionLedger.Entry(
                  outcome.id(),
                  outcome instanceof Outcome.Pending
                      ? pendingSince.orElse(clock.instant())
                      : clock.instant(),
                  alertSent);
      if (storeProblem.isEmpty() && (before.isEmpty() || !before.get().equals(entry))) {
        try {
          ledger.record(alertId, entry);
        } catch (RuntimeException unwritable) {
          // The alert went out; a replay will find no entry, and the breaker still bounds it.
        }
      }
    }
    return new Result(handled);
  }

  static final String OUT_OF_TIME =
      "the invocation's time ran out before this alert was sent; the platform retries the event";

  /** A finding reached with no time left: nothing done, the platform retries its event. */
  private Handled outOfTime(Finding finding, RemediationPlan plan) {
    Outcome outcome = new Outcome.Skipped("not attempted: " + OUT_OF_TIME);
    Alert alert =
        finding.toAlert(
            remediationFacts(plan, policy.modeFor(finding.rule().name()), outcome),
            clock.instant(),
            false);
    return new Handled(
        finding, alert, outcome, false, List.of(OUT_OF_TIME), true, Optional.empty());
  }

  private static Outcome storeFailed(String problem) {
    // Without the store CredWatch cannot tell a replay from a first delivery: no action.
    return new Outcome.Skipped(
        "the state store failed ("
            + io.credwatch.alert.UntrustedText.plain(problem, 200)
            + "), so CredWatch cannot tell whether it acted on this event before, and"
            + " does not act");
  }

  /**
   * A redelivered or replayed event whose credential CredWatch already acted on: never again. A
   * dry-run look says whether a person has undone the action since (the credential is active
   * again), which the alert reports, and which CredWatch respects.
   */
  private Outcome alreadyHandled(
      RemediationPlan.Act plan, ActionLedger.Entry entry, Deadline deadline) {
    Outcome now = runWithinBudget(plan, RemediationMode.DRY_RUN, deadline);
    String handled = "already handled at " + entry.at() + " (" + entry.outcome() + ")";
    if (now instanceof Outcome.DryRun) {
      return new Outcome.Skipped(
          handled
              + "; the credential was re-enabled since, by someone who undid the action:"
              + " CredWatch does not act on it again");
    }
    if (now instanceof Outcome.AlreadyApplied) {
      return new Outcome.Skipped(handled + "; it still is");
    }
    return new Outcome.Skipped(handled + "; now: " + now.detail());
  }

  private Handled deliver(
      Finding finding,
      Alert alert,
      Outcome outcome,
      boolean sentBefore,
      Optional<Duration> checkAgain,
      Deadline deadline) {
    if (finding.suppressed() || !alert.severity().atLeast(minSeverity) || sentBefore) {
      // A redelivered event's alert already reached every sink: not sent twice.
      return new Handled(finding, alert, outcome, false, List.of(), false, checkAgain);
    }
    List<String> failures = new ArrayList<>();
    boolean retryable = send(alert, deadline, failures);
    return new Handled(finding, alert, outcome, true, failures, retryable, checkAgain);
  }

  /** Sends a follow-up alert to every sink; what failed, empty when all took it. */
  List<String> sendToSinks(Alert alert, Deadline deadline) {
    List<String> failures = new ArrayList<>();
    send(alert, deadline, failures);
    return failures;
  }

  /** Sends to every sink, adding what failed to {@code failures}; true when a retry may help. */
  private boolean send(Alert alert, Deadline deadline, List<String> failures) {
    boolean retryable = false;
    for (AlertSink sink : sinks) {
      if (deadline.passed()) {
        failures.add(sink.name() + ": " + OUT_OF_TIME);
        retryable = true;
        continue;
      }
      try {
        sink.send(alert, deadline);
      } catch (AlertDeliveryException failure) {
        failures.add(sink.name() + ": " + failure.getMessage());
        retryable |= failure.retryable();
      } catch (RuntimeException bug) {
        // Only the type: a message may quote a URL with its signature, or hostile text.
        failures.add(sink.name() + ": failed (" + bug.getClass().getSimpleName() + ")");
        retryable = true;
      }
    }
    return retryable;
  }

  private Outcome runWithinBudget(
      RemediationPlan.Act plan, RemediationMode mode, Deadline deadline) {
    if (!remediator.actions().contains(plan.action())) {
      return new Outcome.Skipped("no remediator for " + plan.action().id() + " is deployed here");
    }
    Duration allowed = deadline.within(budget);
    Future<Outcome> attempt = executor.submit(() -> remediator.apply(plan, mode));
    try {
      return attempt.get(allowed.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      attempt.cancel(true);
      return new Outcome.Failed(
          "timed out after "
              + allowed.toMillis()
              + " ms; the action may still complete: check "
              + plan.credentialId(),
          true);
    } catch (ExecutionException crashed) {
      return new Outcome.Failed("remediator error: " + crashed.getCause(), true);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Outcome.Failed("interrupted", true);
    }
  }

  /** The alert's remediation block. */
  public static Alert.Remediation remediationFacts(
      RemediationPlan plan, RemediationMode mode, Outcome outcome) {
    if (plan instanceof RemediationPlan.Act act) {
      String undo =
          outcome.undo().isEmpty() && outcome instanceof Outcome.Applied
              ? act.undo()
              : outcome.undo();
      String detail = outcome.detail();
      if (!act.action().caveat().isEmpty()
          && (outcome instanceof Outcome.Applied || outcome instanceof Outcome.DryRun)) {
        detail += " (note: " + act.action().caveat() + ")";
      }
      return new Alert.Remediation(
          mode.id(), act.action().id(), outcome.id(), detail, undo, act.action().permissions());
    }
    return new Alert.Remediation(mode.id(), "", outcome.id(), outcome.detail(), "", List.of());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
