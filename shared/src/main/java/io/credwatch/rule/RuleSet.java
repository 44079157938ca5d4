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
  private final List<Replacement> replacedBuiltIns;
  private final Map<CredentialKind, List<Rule>> byKind = new EnumMap<>(CredentialKind.class);

  /** A built-in rule that a rule file of the same id replaced. */
  public record Replacement(String id, String builtInName, String file) {}

  private RuleSet(List<Rule> rules, List<Replacement> replacedBuiltIns) {
    this.rules = List.copyOf(rules);
    this.replacedBuiltIns = List.copyOf(replacedBuiltIns);
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
    return new RuleSet(rules, List.of());
  }

  /**
   * These rules and {@code extra}: an extra rule with the id of one of these takes its place (and
   * is listed in {@link #replacedBuiltIns()}); ids and names stay unique.
   */
  public RuleSet with(List<Rule> extra) {
    Map<String, Rule> byId = new java.util.LinkedHashMap<>();
    rules.forEach(rule -> byId.put(rule.id(), rule));
    List<Replacement> replaced = new ArrayList<>(replacedBuiltIns);
    List<Rule> added = new ArrayList<>();
    for (Rule rule : extra) {
      Rule builtIn = byId.get(rule.id());
      if (builtIn != null && replaced.stream().noneMatch(r -> r.id().equals(rule.id()))) {
        byId.put(rule.id(), rule);
        replaced.add(new Replacement(rule.id(), builtIn.name(), rule.file()));
      } else {
        added.add(rule);
      }
    }
    List<Rule> all = new ArrayList<>(byId.values());
    all.addAll(added);
    return new RuleSet(of(all).rules, replaced);
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The rules of this set that replaced a built-in rule of the same id. */
  public List<Replacement> replacedBuiltIns() {
    return replacedBuiltIns;
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
