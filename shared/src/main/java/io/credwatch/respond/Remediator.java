package io.credwatch.respond;

import java.util.Set;

/**
 * Port: a cloud adapter that disables or removes exactly one credential. Each cloud has one, which
 * switches over its cloud's actions, so the compiler checks that every action is handled, and runs
 * each through {@link VerifiedRemediation}: find the credential, check it is the one the event
 * added, act only in enforce mode, read the result back, report how to undo it. Cloud errors
 * (access denied, not found, throttling) are {@link Outcome.Failed} values with a clear detail.
 */
public interface Remediator {

  /** The actions this remediator runs. */
  Set<? extends RemediationAction> actions();

  Outcome apply(RemediationPlan.Act plan, RemediationMode mode);
}
