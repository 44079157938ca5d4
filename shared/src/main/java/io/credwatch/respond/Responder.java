package io.credwatch.respond;

import io.credwatch.alert.Alert;
import io.credwatch.alert.Severity;
import io.credwatch.detect.Finding;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    this.policy = policy;
    this.remediator = remediator;
    this.sinks = List.copyOf(sinks);
    this.minSeverity = minSeverity;
    this.budget = budget;
    this.clock = clock;
  }

  /** What became of one finding. */
  public record Handled(
      Finding finding,
      Alert alert,
      Outcome outcome,
      boolean sent,
      List<String> failures,
      boolean retryable) {
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
    List<Handled> handled = new ArrayList<>(findings.size());
    int enforced = 0;
    for (Finding finding : findings) {
      RemediationPlan plan = planner.plan(finding);
      RemediationPolicy.Decision decision = policy.decide(finding, plan, enforced);
      Outcome outcome;
      RemediationMode mode;
      if (decision instanceof RemediationPolicy.Decision.Act act) {
        mode = act.mode();
        if (mode == RemediationMode.ENFORCE) {
          enforced++;
        }
        outcome = runWithinBudget((RemediationPlan.Act) plan, mode);
      } else {
        RemediationPolicy.Decision.Skip skip = (RemediationPolicy.Decision.Skip) decision;
        mode = skip.mode();
        outcome = new Outcome.Skipped(skip.reason());
      }
      Alert alert = finding.toAlert(remediationFacts(plan, mode, outcome), clock.instant(), false);
      handled.add(deliver(finding, alert, outcome));
    }
    return new Result(handled);
  }

  private Handled deliver(Finding finding, Alert alert, Outcome outcome) {
    if (finding.suppressed() || !alert.severity().atLeast(minSeverity)) {
      return new Handled(finding, alert, outcome, false, List.of(), false);
    }
    List<String> failures = new ArrayList<>();
    boolean retryable = false;
    for (AlertSink sink : sinks) {
      try {
        sink.send(alert);
      } catch (AlertDeliveryException failure) {
        failures.add(sink.name() + ": " + failure.getMessage());
        retryable |= failure.retryable();
      } catch (RuntimeException bug) {
        failures.add(sink.name() + ": " + bug);
        retryable = true;
      }
    }
    return new Handled(finding, alert, outcome, true, failures, retryable);
  }

  private Outcome runWithinBudget(RemediationPlan.Act plan, RemediationMode mode) {
    if (!remediator.actions().contains(plan.action())) {
      return new Outcome.Skipped("no remediator for " + plan.action().id() + " is deployed here");
    }
    Future<Outcome> attempt = executor.submit(() -> remediator.apply(plan, mode));
    try {
      return attempt.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      attempt.cancel(true);
      return new Outcome.Failed(
          "timed out after "
              + budget.toMillis()
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
