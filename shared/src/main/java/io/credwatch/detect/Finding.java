package io.credwatch.detect;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertIds;
import io.credwatch.alert.AnalyticFields;
import io.credwatch.alert.ConsoleLinks;
import io.credwatch.alert.Severity;
import io.credwatch.event.CredentialEvent;
import io.credwatch.rule.ContextFlag;
import io.credwatch.rule.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A rule matched an event.
 *
 * @param rule the rule
 * @param event the event
 * @param severity after the rule's modifiers
 * @param reasons why this severity, in order
 * @param flags the event's context flags
 * @param suppression the active suppression, if one covers the finding
 * @param notes remarks for people (expired suppressions)
 */
public record Finding(
    Rule rule,
    CredentialEvent event,
    Severity severity,
    List<String> reasons,
    Set<ContextFlag> flags,
    Optional<Suppression> suppression,
    List<String> notes) {

  public Finding {
    reasons = List.copyOf(reasons);
    flags = Set.copyOf(flags);
    notes = List.copyOf(notes);
  }

  public boolean suppressed() {
    return suppression.isPresent();
  }

  /** The alert document for this finding, with what was done about it. */
  public Alert toAlert(Alert.Remediation remediation, Instant detectedAt, boolean withInput) {
    List<String> allNotes = new ArrayList<>(notes);
    if (!rule.remediationNote().isEmpty()) {
      allNotes.add(rule.remediationNote());
    }
    return new Alert(
        AlertIds.of(event),
        rule.id(),
        rule.name(),
        rule.title(),
        severity,
        event.cloud(),
        event.account(),
        event.region(),
        event.actor(),
        event.target(),
        event.credential(),
        event.eventTime(),
        detectedAt,
        reasons,
        remediation,
        ConsoleLinks.of(event),
        new Alert.EventFacts(
            event.source().id(),
            event.eventId(),
            event.correlationId(),
            event.operation().qualified(),
            event.outcome().success(),
            event.outcome().errorCode()),
        rule.triage(),
        allNotes,
        suppression.map(
            s ->
                new Alert.SuppressionFacts(
                    s.describe(), s.owner(), s.reason(), s.expires().toString())),
        withInput ? Optional.of(event.location()) : Optional.empty(),
        rule.techniques(),
        AnalyticFields.of(event),
        Optional.empty());
  }
}
