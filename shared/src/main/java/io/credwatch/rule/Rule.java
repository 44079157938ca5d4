package io.credwatch.rule;

import io.credwatch.alert.Severity;
import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.Operation;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A detection rule, loaded from a YAML file under {@code rules/}.
 *
 * @param id immutable UUID
 * @param name snake_case name, equal to the file name
 * @param title a short headline for the alert
 * @param status {@code stable}, {@code test} or {@code experimental}
 * @param description what the rule detects and why it matters
 * @param cloud which cloud
 * @param kinds the credential kinds it applies to
 * @param operations the operations it applies to; empty means every operation yielding the kinds
 * @param match further conditions over normalized fields
 * @param severity base severity and context-driven modifiers
 * @param remediation the registered remediation action, if any
 * @param remediationNote what an on-call engineer should know about undoing this credential
 * @param tags Sigma-style tags, including {@code attack.t1098.001}
 * @param falsePositives known benign causes
 * @param references sources
 * @param triage first steps for the on-call engineer
 * @param file where the rule was loaded from
 */
public record Rule(
    String id,
    String name,
    String title,
    String status,
    String description,
    Cloud cloud,
    Set<CredentialKind> kinds,
    Set<Operation> operations,
    Condition match,
    SeverityPolicy severity,
    Optional<String> remediation,
    String remediationNote,
    List<String> tags,
    List<String> falsePositives,
    List<String> references,
    List<String> triage,
    String file) {

  public Rule {
    kinds = Set.copyOf(kinds);
    operations = Set.copyOf(operations);
    tags = List.copyOf(tags);
    falsePositives = List.copyOf(falsePositives);
    references = List.copyOf(references);
    triage = List.copyOf(triage);
  }

  /** True when the rule is about this kind of event (before its match conditions). */
  public boolean appliesTo(CredentialEvent event) {
    return event.cloud() == cloud
        && kinds.contains(event.credential().kind())
        && (operations.isEmpty() || operations.contains(event.operation()));
  }

  /** Base severity and the modifiers applied in order. */
  public record SeverityPolicy(Severity base, String because, List<Modifier> modifiers) {
    public SeverityPolicy {
      modifiers = List.copyOf(modifiers);
    }
  }

  /** When {@code when} holds, adjust the severity, for the stated reason. */
  public record Modifier(Condition when, Adjustment adjustment, String because) {}

  /** How a modifier changes the severity. */
  public sealed interface Adjustment {
    Severity apply(Severity current);

    /** Set it outright. */
    record SetTo(Severity severity) implements Adjustment {
      @Override
      public Severity apply(Severity current) {
        return severity;
      }
    }

    /** Raise it by some levels. */
    record Raise(int steps) implements Adjustment {
      @Override
      public Severity apply(Severity current) {
        return current.raise(steps);
      }
    }

    /** Lower it by some levels. */
    record Lower(int steps) implements Adjustment {
      @Override
      public Severity apply(Severity current) {
        return current.lower(steps);
      }
    }
  }

  /** The ATT&amp;CK techniques the rule's tags name ({@code attack.t1098.003} → T1098.003). */
  public List<String> techniques() {
    return tags.stream()
        .filter(tag -> tag.startsWith("attack.t") && tag.length() > "attack.t".length())
        .map(tag -> tag.substring("attack.".length()).toUpperCase(java.util.Locale.ROOT))
        .toList();
  }
}
