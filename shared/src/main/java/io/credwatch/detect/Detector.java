package io.credwatch.detect;

import io.credwatch.alert.AnalyticFields;
import io.credwatch.alert.Severity;
import io.credwatch.event.CredentialEvent;
import io.credwatch.rule.ContextFlag;
import io.credwatch.rule.Rule;
import io.credwatch.rule.RuleSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Evaluates the rules against normalized events: computes the context flags once per event, keeps
 * the rules whose match tree holds, sets severity from the rule's base and modifiers (recording
 * why), and applies suppressions.
 */
public final class Detector {
  private final RuleSet rules;
  private final Suppressions suppressions;
  private final Clock clock;

  public Detector(RuleSet rules, Suppressions suppressions, Clock clock) {
    this.rules = rules;
    this.suppressions = suppressions;
    this.clock = clock;
  }

  public RuleSet rules() {
    return rules;
  }

  /** Every finding for the event; usually one, none when no rule matches. */
  public List<Finding> detect(CredentialEvent event) {
    List<Rule> applicable = rules.applicableTo(event);
    if (applicable.isEmpty()) {
      return List.of();
    }
    Set<ContextFlag> flags = ContextFlags.compute(event);
    LocalDate today = LocalDate.now(clock);
    List<Finding> findings = new ArrayList<>(1);
    for (Rule rule : applicable) {
      if (!rule.match().test(event, flags)) {
        continue;
      }
      Severity severity = rule.severity().base();
      List<String> reasons = new ArrayList<>();
      reasons.add(severity.id() + ": " + rule.severity().because());
      for (Rule.Modifier modifier : rule.severity().modifiers()) {
        if (modifier.when().test(event, flags)) {
          Severity before = severity;
          severity = modifier.adjustment().apply(severity);
          String verb =
              severity == before
                  ? "stays "
                  : severity.atLeast(before) ? "raised to " : "lowered to ";
          reasons.add(verb + severity.id() + ": " + modifier.because());
        }
      }
      for (ContextFlag flag : flags) {
        if (flag.effect() == ContextFlag.Effect.EXPLAINS && !mentions(rule, flag)) {
          reasons.add("note: " + flag.explanation());
        }
      }
      AnalyticFields.of(event).ifPresent(analytic -> reasons.addAll(analytic.reasons()));
      if (!event.attribute(CredentialEvent.DEGRADED_INPUT).isEmpty()) {
        reasons.add(
            "note: part of the record could not be read and was left out: "
                + event.attribute(CredentialEvent.DEGRADED_INPUT));
      }
      Suppressions.Decision decision = suppressions.decide(rule, event, today);
      List<String> notes = new ArrayList<>();
      for (Suppression expired : decision.expired()) {
        notes.add(
            "suppression "
                + expired.describe()
                + " (owner "
                + expired.owner()
                + ") expired on "
                + expired.expires()
                + " and no longer applies: renew or remove it");
      }
      findings.add(new Finding(rule, event, severity, reasons, flags, decision.active(), notes));
    }
    return findings;
  }

  private static boolean mentions(Rule rule, ContextFlag flag) {
    return rule.severity().modifiers().stream().anyMatch(m -> m.when().flagsUsed().contains(flag));
  }
}
