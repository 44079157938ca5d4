package io.credwatch.respond;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.Target;
import io.credwatch.event.TargetKind;

/**
 * One action planning for one event: what the event says, and the two ways a plan ends, acting on a
 * located credential or doing nothing, with the reason. Pure code: no cloud calls.
 */
public final class Planning {
  private final RemediationAction action;
  private final CredentialEvent event;

  Planning(RemediationAction action, CredentialEvent event) {
    this.action = action;
    this.event = event;
  }

  public CredentialEvent event() {
    return event;
  }

  /** The id of the new credential, as the event names it. */
  public String id() {
    return event.credential().id();
  }

  /** The identity or resource that holds it. */
  public Target target() {
    return event.target();
  }

  /** The name of that identity or resource. */
  public String targetName() {
    return event.target().name();
  }

  /** The IAM user that holds the credential, or "" when the target is not one. */
  String iamUser() {
    return event.target().kind() == TargetKind.IAM_USER ? targetName() : "";
  }

  /** Nothing can or may be done, and why. */
  public RemediationPlan none(String reason) {
    return new RemediationPlan.None(reason);
  }

  /** Act on exactly the credential the locator names. */
  public RemediationPlan act(RemediationLocator locator, String description, String undo) {
    return new RemediationPlan.Act(
        action,
        event.account(),
        event.region(),
        event.credential().kind(),
        event.credential().id(),
        event.target(),
        event.credential().createdAt().or(event::eventTime),
        locator,
        description,
        undo);
  }
}
