package io.credwatch.testing;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationAction;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A {@link Remediator} that records every plan and answers as told: by default it reports a dry run
 * or an applied action, as a well-behaved remediator would.
 */
public final class RecordingRemediator implements Remediator {
  /** One call. */
  public record Call(RemediationPlan.Act plan, RemediationMode mode) {}

  private final Set<RemediationAction> actions;
  private final List<Call> calls = new ArrayList<>();
  private BiFunction<RemediationPlan.Act, RemediationMode, Outcome> answer =
      (plan, mode) ->
          mode == RemediationMode.ENFORCE
              ? new Outcome.Applied("did: " + plan.description(), plan.undo())
              : new Outcome.DryRun("would: " + plan.description());
  private Duration delay = Duration.ZERO;

  public RecordingRemediator(Set<? extends RemediationAction> actions) {
    this.actions = Set.copyOf(actions);
  }

  public RecordingRemediator answering(
      BiFunction<RemediationPlan.Act, RemediationMode, Outcome> answer) {
    this.answer = answer;
    return this;
  }

  /** Every call sleeps this long first (to exercise time budgets). */
  public RecordingRemediator slow(Duration delay) {
    this.delay = delay;
    return this;
  }

  @Override
  public Set<RemediationAction> actions() {
    return actions;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    synchronized (this) {
      calls.add(new Call(plan, mode));
    }
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return new Outcome.Failed("interrupted", true);
      }
    }
    return answer.apply(plan, mode);
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }
}
