package io.credwatch.respond;

import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.TargetKind;
import java.util.Optional;

/**
 * Turns a finding into the plan for its rule's remediation action: the checks every action shares
 * (root credentials, a credential the record names), then the action's own planning. Pure code: no
 * cloud calls.
 */
public final class RemediationPlanner {

  public RemediationPlan plan(Finding finding) {
    Optional<String> actionId = finding.rule().remediation();
    if (actionId.isEmpty()) {
      return new RemediationPlan.None(
          finding.rule().remediationNote().isEmpty()
              ? "alert only: no automatic remediation for this credential"
              : "alert only");
    }
    RemediationAction action =
        RemediationActions.find(actionId.get())
            .orElseThrow(
                () ->
                    new IllegalStateException("rule names unregistered action " + actionId.get()));
    CredentialEvent event = finding.event();
    if (event.target().kind() == TargetKind.ROOT_USER) {
      return new RemediationPlan.None(
          "root credentials are alert-only: only the root user (or centralised root access) can"
              + " act on them");
    }
    if (event.eventTime().isEmpty()) {
      // Without a time nothing ties the credential found to this event: a forged or replayed
      // record could name any existing credential.
      return new RemediationPlan.None(
          "the record has no event time, so CredWatch cannot confirm the credential it finds is"
              + " the one this event added, and never acts on such a record");
    }
    if (!event.attribute(CredentialEvent.DEGRADED_INPUT).isEmpty()) {
      // A field was set aside as unreadable: what remains may not say what the cloud did.
      return new RemediationPlan.None(
          "part of the record could not be read ("
              + event.attribute(CredentialEvent.DEGRADED_INPUT)
              + "), so CredWatch alerts but never acts on it");
    }
    if (event.credential().id().isEmpty() && action.spec().needsCredentialId()) {
      return new RemediationPlan.None(
          "the record does not name the new "
              + event.credential().kind().description()
              + ", so nothing can be disabled safely");
    }
    return action.plan(new Planning(action, event));
  }
}
