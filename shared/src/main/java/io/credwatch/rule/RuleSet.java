package io.credwatch.rule;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A validated set of rules, indexed by credential kind. */
public final class RuleSet {
  private final List<Rule> rules;
  private final Map<CredentialKind, List<Rule>> byKind = new EnumMap<>(CredentialKind.class);

  private RuleSet(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    for (Rule rule : this.rules) {
      for (CredentialKind kind : rule.kinds()) {
        byKind.computeIfAbsent(kind, ignored -> new ArrayList<>()).add(rule);
      }
    }
  }

  /** Checks that ids and names are unique across the set. */
  public static RuleSet of(List<Rule> rules) {
    Map<String, Rule> ids = new HashMap<>();
    Map<String, Rule> names = new HashMap<>();
    for (Rule rule : rules) {
      Rule sameId = ids.putIfAbsent(rule.id(), rule);
      if (sameId != null) {
        throw new RuleDefinitionException(
            rule.file(), "id", "id " + rule.id() + " is also used by " + sameId.file());
      }
      Rule sameName = names.putIfAbsent(rule.name(), rule);
      if (sameName != null) {
        throw new RuleDefinitionException(
            rule.file(), "name", "name " + rule.name() + " is also used by " + sameName.file());
      }
    }
    return new RuleSet(rules);
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The rules whose cloud, kinds and operations cover the event. */
  public List<Rule> applicableTo(CredentialEvent event) {
    List<Rule> candidates = byKind.getOrDefault(event.credential().kind(), List.of());
    List<Rule> applicable = new ArrayList<>(candidates.size());
    for (Rule rule : candidates) {
      if (rule.appliesTo(event)) {
        applicable.add(rule);
      }
    }
    return applicable;
  }

  public int size() {
    return rules.size();
  }
}
