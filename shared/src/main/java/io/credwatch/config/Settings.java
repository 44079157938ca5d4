package io.credwatch.config;

import io.credwatch.alert.Severity;
import io.credwatch.detect.Detector;
import io.credwatch.detect.Suppressions;
import io.credwatch.log.JsonLog;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPolicy;
import io.credwatch.rule.RuleLoader;
import io.credwatch.rule.RuleSet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings every function and the scanner share (architecture §8), read once at start-up from
 * the environment into this immutable record; each cloud module reads its own (topics, endpoints)
 * the same way, with {@link SettingsReader}. An invalid value stops start-up with a {@link
 * SettingsException} naming the variable. The core never reads the environment itself: adapters
 * pass {@code System.getenv()} in.
 */
public record Settings(
    RemediationMode remediation,
    Map<String, RemediationMode> ruleModes,
    Severity minSeverity,
    Severity remediationMinSeverity,
    Suppressions suppressions,
    List<String> protectedIdentities,
    List<String> allowedActors,
    int maxRemediations,
    int maxActionsPerHour,
    Duration remediationTimeout,
    boolean actWithoutConfirmation,
    Duration confirmWithin,
    boolean firstUseWatch,
    io.credwatch.alert.AlertFormat alertFormat,
    Optional<Secret> teamsWebhookUrl,
    Optional<Path> rulesDirectory) {

  public static final String REMEDIATION = "CREDWATCH_REMEDIATION";
  public static final String REMEDIATION_RULES = "CREDWATCH_REMEDIATION_RULES";
  public static final String MIN_SEVERITY = "CREDWATCH_MIN_SEVERITY";
  public static final String REMEDIATION_MIN_SEVERITY = "CREDWATCH_REMEDIATION_MIN_SEVERITY";
  public static final String SUPPRESSIONS = "CREDWATCH_SUPPRESSIONS";
  public static final String PROTECTED = "CREDWATCH_PROTECTED";
  public static final String ALLOWED_ACTORS = "CREDWATCH_ALLOWED_ACTORS";
  public static final String MAX_REMEDIATIONS = "CREDWATCH_MAX_REMEDIATIONS";
  public static final String MAX_ACTIONS_PER_HOUR = "CREDWATCH_MAX_ACTIONS_PER_HOUR";
  public static final String REMEDIATION_TIMEOUT_MS = "CREDWATCH_REMEDIATION_TIMEOUT_MS";
  public static final String ACT_WITHOUT_CONFIRMATION = "CREDWATCH_ACT_WITHOUT_CONFIRMATION";
  public static final String CONFIRM_WITHIN_MINUTES = "CREDWATCH_CONFIRM_WITHIN_MINUTES";
  public static final String FIRST_USE_WATCH = "CREDWATCH_FIRST_USE_WATCH";
  public static final String ALERT_FORMAT = "CREDWATCH_ALERT_FORMAT";
  public static final String TEAMS_WEBHOOK_URL = "CREDWATCH_TEAMS_WEBHOOK_URL";

  public static final String RULES_DIR = "CREDWATCH_RULES_DIR";

  public Settings {
    ruleModes = Map.copyOf(ruleModes);
    protectedIdentities = List.copyOf(protectedIdentities);
    allowedActors = List.copyOf(allowedActors);
  }

  /** The defaults: what an empty environment gives. */
  public static Settings defaults() {
    return from(Map.of());
  }

  public static Settings from(Map<String, String> environment) {
    SettingsReader env = new SettingsReader(environment);
    return new Settings(
        env.mode(REMEDIATION, RemediationMode.DRY_RUN),
        env.ruleModes(REMEDIATION_RULES),
        env.severity(MIN_SEVERITY, Severity.LOW),
        env.severity(REMEDIATION_MIN_SEVERITY, Severity.HIGH),
        env.suppressions(SUPPRESSIONS),
        env.list(PROTECTED),
        env.list(ALLOWED_ACTORS),
        env.integer(MAX_REMEDIATIONS, 10, 0, 1000),
        env.integer(MAX_ACTIONS_PER_HOUR, 20, 0, 10_000),
        Duration.ofMillis(env.integer(REMEDIATION_TIMEOUT_MS, 5000, 100, 600_000)),
        env.bool(ACT_WITHOUT_CONFIRMATION, false),
        Duration.ofMinutes(env.integer(CONFIRM_WITHIN_MINUTES, 60, 1, 1440)),
        env.bool(FIRST_USE_WATCH, true),
        env.alertFormat(ALERT_FORMAT, io.credwatch.alert.AlertFormat.CREDWATCH),
        env.get(TEAMS_WEBHOOK_URL).map(url -> new Secret(env.webhook(TEAMS_WEBHOOK_URL, url))),
        env.get(RULES_DIR).map(dir -> env.directory(RULES_DIR, dir)));
  }

  /**
   * The detector these settings describe: the built-in rules, and those of {@link #RULES_DIR}
   * (logged when one replaces a built-in rule), with the suppressions.
   */
  public Detector detector(Clock clock, JsonLog log) {
    RuleSet rules = new RuleLoader(new RemediationActions()).load(rulesDirectory);
    for (RuleSet.Replacement replaced : rules.replacedBuiltIns()) {
      log.warn(
          "a rule file replaces a built-in rule",
          Map.of("rule", replaced.builtInName(), "id", replaced.id(), "file", replaced.file()));
    }
    return new Detector(rules, suppressions, clock);
  }

  /** The remediation policy, protecting also the given identities (the function's own). */
  public RemediationPolicy policy(List<String> alsoProtected) {
    List<String> protectedAll = new ArrayList<>(protectedIdentities);
    protectedAll.addAll(alsoProtected);
    return new RemediationPolicy(
        remediation,
        ruleModes,
        remediationMinSeverity,
        protectedAll,
        allowedActors,
        maxRemediations);
  }
}
