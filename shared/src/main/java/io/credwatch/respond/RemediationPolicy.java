package io.credwatch.respond;

import io.credwatch.alert.Severity;
import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.rule.Globs;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a planned remediation may run (architecture §6): modes with per-rule overrides, opt-in
 * actions, root credentials, protected identities, allow-listed actors, a minimum severity and a
 * per-invocation cap.
 *
 * @param mode the global mode
 * @param ruleModes per-rule overrides, by rule name
 * @param minSeverity findings below this are never remediated (self-service rotations are low)
 * @param protectedIdentities ids, ARNs, names or emails (globs allowed) never remediated
 * @param allowedActors callers whose additions are alerted but never undone
 * @param maxPerInvocation enforce actions allowed per invocation
 */
public record RemediationPolicy(
    RemediationMode mode,
    Map<String, RemediationMode> ruleModes,
    Severity minSeverity,
    List<String> protectedIdentities,
    List<String> allowedActors,
    int maxPerInvocation) {

  public RemediationPolicy {
    ruleModes = Map.copyOf(ruleModes);
    protectedIdentities = List.copyOf(protectedIdentities);
    allowedActors = List.copyOf(allowedActors);
  }

  /** The safe default: dry-run, high and above, nobody protected, at most 10 actions. */
  public static RemediationPolicy dryRun() {
    return new RemediationPolicy(
        RemediationMode.DRY_RUN, Map.of(), Severity.HIGH, List.of(), List.of(), 10);
  }

  /** The policy's verdict. */
  public sealed interface Decision permits Decision.Act, Decision.Skip {
    /** Run the plan in this mode ({@code dry-run} or {@code enforce}). */
    record Act(RemediationMode mode) implements Decision {}

    /** Do not run it, and why. */
    record Skip(RemediationMode mode, String reason) implements Decision {}
  }

  /** The mode that applies to a rule. */
  public RemediationMode modeFor(String ruleName) {
    return ruleModes.getOrDefault(ruleName, mode);
  }

  public Decision decide(Finding finding, RemediationPlan plan, int enforcedSoFar) {
    String rule = finding.rule().name();
    RemediationMode ruleMode = modeFor(rule);
    CredentialEvent event = finding.event();
    if (plan instanceof RemediationPlan.None none) {
      return new Decision.Skip(ruleMode, none.reason());
    }
    RemediationPlan.Act act = (RemediationPlan.Act) plan;
    if (finding.suppressed()) {
      return new Decision.Skip(
          ruleMode, "suppressed: " + finding.suppression().map(s -> s.reason()).orElse(""));
    }
    if (!event.outcome().success()) {
      return new Decision.Skip(ruleMode, "the call failed, so there is nothing to undo");
    }
    if (ruleMode == RemediationMode.OFF) {
      return new Decision.Skip(ruleMode, "remediation is off");
    }
    if (act.action().optIn() && !ruleModes.containsKey(rule)) {
      return new Decision.Skip(
          ruleMode,
          act.action().id()
              + " runs only when rule "
              + rule
              + " is switched on explicitly (CREDWATCH_REMEDIATION_RULES="
              + rule
              + "=enforce)");
    }
    Optional<String> protectedMatch =
        firstMatch(
            protectedIdentities,
            List.of(event.target().id(), event.target().name(), event.credential().id()));
    if (protectedMatch.isPresent()) {
      return new Decision.Skip(
          ruleMode,
          event.target().displayName()
              + " is protected (CREDWATCH_PROTECTED: "
              + protectedMatch.get()
              + ")");
    }
    Optional<String> allowed =
        firstMatch(
            allowedActors,
            List.of(
                event.actor().principal(),
                event.actor().id(),
                event.actor().name(),
                event.actor().sessionIssuer()));
    if (allowed.isPresent()) {
      return new Decision.Skip(
          ruleMode, "the caller is allow-listed (CREDWATCH_ALLOWED_ACTORS: " + allowed.get() + ")");
    }
    if (!finding.severity().atLeast(minSeverity)) {
      return new Decision.Skip(
          ruleMode,
          "severity "
              + finding.severity().id()
              + " is below "
              + minSeverity.id()
              + " (CREDWATCH_REMEDIATION_MIN_SEVERITY)");
    }
    if (ruleMode == RemediationMode.ENFORCE && enforcedSoFar >= maxPerInvocation) {
      return new Decision.Skip(
          ruleMode,
          "the cap of "
              + maxPerInvocation
              + " actions per invocation is reached (CREDWATCH_MAX_REMEDIATIONS)");
    }
    return new Decision.Act(ruleMode);
  }

  private static Optional<String> firstMatch(List<String> globs, List<String> values) {
    for (String glob : globs) {
      for (String value : values) {
        if (!value.isEmpty() && Globs.matches(glob, value, true)) {
          return Optional.of(glob);
        }
      }
    }
    return Optional.empty();
  }
}
