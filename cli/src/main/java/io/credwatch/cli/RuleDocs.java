package io.credwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.event.Operation;
import io.credwatch.json.JsonLimits;
import io.credwatch.respond.RemediationAction;
import io.credwatch.respond.RemediationActions;
import io.credwatch.rule.Rule;
import io.credwatch.rule.RuleSet;
import java.util.stream.Collectors;

/** The rule reference (docs/rules.md), generated from the rules' own metadata. */
final class RuleDocs {
  private static final ObjectMapper JSON = JsonLimits.defaultMapper();

  private RuleDocs() {}

  /** Every rule, as one JSON document: an array of one object per rule. */
  static String jsonArray(RuleSet rules) {
    ArrayNode array = JSON.createArrayNode();
    for (Rule rule : rules.rules()) {
      ObjectNode node = array.addObject();
      node.put("id", rule.id());
      node.put("name", rule.name());
      node.put("title", rule.title());
      node.put("cloud", rule.cloud().id());
      node.put("severity", rule.severity().base().id());
      rule.kinds().stream().map(k -> k.id()).sorted().forEach(node.putArray("kinds")::add);
      node.put("remediation", rule.remediation().orElse(""));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  static String markdown(RuleSet rules) {
    StringBuilder md = new StringBuilder();
    md.append("# Detection rules\n\n")
        .append("Generated from the rule files in `shared/src/main/resources/rules` by\n")
        .append(
            "`./credwatch rules --format markdown > docs/rules.md`; a test keeps it current.\n\n")
        .append("| rule | cloud | credential kinds | base severity | remediation |\n")
        .append("|---|---|---|---|---|\n");
    for (Rule rule : rules.rules()) {
      md.append("| [`")
          .append(rule.name())
          .append("`](#")
          .append(rule.name())
          .append(") | ")
          .append(rule.cloud().id())
          .append(" | ")
          .append(rule.kinds().stream().map(k -> k.id()).sorted().collect(Collectors.joining(", ")))
          .append(" | ")
          .append(rule.severity().base().id())
          .append(" | ")
          .append(rule.remediation().map(a -> "`" + a + "`").orElse("alert only"))
          .append(" |\n");
    }
    for (Rule rule : rules.rules()) {
      md.append("\n## ").append(rule.name()).append("\n\n");
      md.append("**")
          .append(rule.title())
          .append("** (")
          .append(rule.status())
          .append(", id `")
          .append(rule.id())
          .append("`)\n\n");
      md.append(rule.description()).append("\n\n");
      md.append("- Operations: ")
          .append(
              rule.operations().isEmpty()
                  ? "any operation yielding the kinds below"
                  : rule.operations().stream()
                      .map(Operation::qualified)
                      .sorted()
                      .map(o -> "`" + o + "`")
                      .collect(Collectors.joining(", ")))
          .append("\n");
      md.append("- Credential kinds: ")
          .append(
              rule.kinds().stream()
                  .map(k -> "`" + k.id() + "`")
                  .sorted()
                  .collect(Collectors.joining(", ")))
          .append("\n");
      md.append("- Severity: ")
          .append(rule.severity().base().id())
          .append(", because ")
          .append(rule.severity().because())
          .append("\n");
      for (Rule.Modifier modifier : rule.severity().modifiers()) {
        md.append("  - ")
            .append(describe(modifier.adjustment()))
            .append(" when ")
            .append(modifier.because())
            .append("\n");
      }
      if (rule.remediation().isPresent()) {
        RemediationAction action = RemediationActions.find(rule.remediation().get()).orElseThrow();
        md.append("- Remediation: `")
            .append(action.id())
            .append("`")
            .append(action.optIn() ? " (only when the rule is switched on explicitly)" : "")
            .append("; permissions: ")
            .append(String.join(", ", action.permissions()))
            .append("\n");
      }
      if (!rule.remediationNote().isEmpty()) {
        md.append("- Response: ").append(rule.remediationNote()).append("\n");
      }
      if (!rule.falsePositives().isEmpty()) {
        md.append("- Known benign causes: ")
            .append(String.join("; ", rule.falsePositives()))
            .append("\n");
      }
      md.append("- ATT&CK: ").append(String.join(", ", rule.tags())).append("\n");
      if (!rule.triage().isEmpty()) {
        md.append("- First steps:\n");
        rule.triage().forEach(step -> md.append("  1. ").append(step).append("\n"));
      }
      md.append("- References: ").append(String.join(" ", rule.references())).append("\n");
    }
    return md.toString();
  }

  private static String describe(Rule.Adjustment adjustment) {
    if (adjustment instanceof Rule.Adjustment.SetTo set) {
      return "set to " + set.severity().id();
    }
    if (adjustment instanceof Rule.Adjustment.Raise raise) {
      return "raised " + raise.steps() + (raise.steps() == 1 ? " level" : " levels");
    }
    Rule.Adjustment.Lower lower = (Rule.Adjustment.Lower) adjustment;
    return "lowered " + lower.steps() + (lower.steps() == 1 ? " level" : " levels");
  }
}
