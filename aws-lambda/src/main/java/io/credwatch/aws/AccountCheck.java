package io.credwatch.aws;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationPlan;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Remediation acts only in the function's own account: with events forwarded from other accounts
 * (an organisation bus), a user name alone could name a different user here.
 */
final class AccountCheck {
  private AccountCheck() {}

  static Optional<Outcome> otherAccount(RemediationPlan.Act plan, Supplier<String> ownAccount) {
    String own;
    try {
      own = ownAccount.get();
    } catch (RuntimeException unknown) {
      return Optional.of(
          new Outcome.Failed(
              "could not tell which account this function runs in ("
                  + unknown.getClass().getSimpleName()
                  + "), so it does not act",
              true));
    }
    if (plan.account().equals(own)) {
      return Optional.empty();
    }
    if (plan.account().isEmpty()) {
      return Optional.of(
          new Outcome.Skipped(
              "the event names no account, so CredWatch cannot be sure where to act"));
    }
    return Optional.of(
        new Outcome.Skipped(
            "the credential is in account "
                + plan.account()
                + " but this function runs in "
                + own
                + " and acts only there; deploy CredWatch in "
                + plan.account()
                + " (StackSets) to remediate there"));
  }
}
