package io.credwatch.respond;

import io.credwatch.event.CredentialKind;
import io.credwatch.event.Target;
import java.time.Instant;
import java.util.Optional;

/** What remediation would do for a finding, before policy and before any cloud call. */
public sealed interface RemediationPlan permits RemediationPlan.Act, RemediationPlan.None {

  /**
   * Disable or remove exactly one credential.
   *
   * @param action the action
   * @param account the account, subscription or project
   * @param region the region (EC2 key pairs), or ""
   * @param kind the credential kind
   * @param credentialId the exact id of the credential to act on
   * @param target the identity or resource that holds it
   * @param createdAt when the event says it was created: remediators check the credential they find
   *     was created then, so a replayed or forged event cannot disable an older, legitimate
   *     credential
   * @param locator where the credential is, of the action's locator type
   * @param description what will be done, in words
   * @param undo how to undo it (a command, with every value shell-quoted)
   */
  record Act(
      RemediationAction action,
      String account,
      String region,
      CredentialKind kind,
      String credentialId,
      Target target,
      Optional<Instant> createdAt,
      RemediationLocator locator,
      String description,
      String undo)
      implements RemediationPlan {

    public Act {
      if (!action.locatorType().isInstance(locator)) {
        throw new IllegalArgumentException(
            action.id()
                + " plans carry a "
                + action.locatorType().getSimpleName()
                + ", not a "
                + locator.getClass().getSimpleName());
      }
    }

    /** The locator, as the type the action declares (its remediator asks for exactly that). */
    public <T extends RemediationLocator> T locator(Class<T> type) {
      return type.cast(locator);
    }
  }

  /** Nothing can or may be done, and why. */
  record None(String reason) implements RemediationPlan {}
}
