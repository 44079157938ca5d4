package io.credwatch.respond;

import java.util.Set;

/**
 * Port: a cloud adapter that disables or removes exactly one credential.
 *
 * <p>Contract: before acting, check that the credential exists on the plan's target and was created
 * at the plan's time; in {@link RemediationMode#DRY_RUN} stop there and report what would be done;
 * in {@link RemediationMode#ENFORCE} act, read the result back, and report how to undo it. A
 * credential already in the wanted state is {@link Outcome.AlreadyApplied}. Cloud errors (access
 * denied, not found, throttling) are {@link Outcome.Failed} values with a clear detail.
 */
public interface Remediator {

  /** The action names this remediator runs. */
  Set<String> actions();

  Outcome apply(RemediationPlan.Act plan, RemediationMode mode);
}
