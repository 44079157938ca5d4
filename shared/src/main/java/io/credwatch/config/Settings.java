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
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every setting (architecture §8), read once at start-up from the environment into this immutable
 * record. An invalid value stops start-up with a {@link SettingsException} naming the variable. The
 * core never reads the environment itself: adapters pass {@code System.getenv()} in.
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
    Duration remediationTimeout,
    Optional<Secret> teamsWebhookUrl,
    Optional<String> teamsWebhookSecretArn,
    Optional<String> snsTopicArn,
    Optional<String> pubsubTopic,
    URI pubsubEndpoint,
    URI gcpIamEndpoint,
    URI gcpStorageEndpoint,
    URI gcpOsLoginEndpoint,
    URI gcpApiKeysEndpoint,
    URI graphEndpoint,
    URI armEndpoint,
    Optional<Path> rulesDirectory) {

  public static final String REMEDIATION = "CREDWATCH_REMEDIATION";
  public static final String REMEDIATION_RULES = "CREDWATCH_REMEDIATION_RULES";
  public static final String MIN_SEVERITY = "CREDWATCH_MIN_SEVERITY";
  public static final String REMEDIATION_MIN_SEVERITY = "CREDWATCH_REMEDIATION_MIN_SEVERITY";
  public static final String SUPPRESSIONS = "CREDWATCH_SUPPRESSIONS";
  public static final String PROTECTED = "CREDWATCH_PROTECTED";
  public static final String ALLOWED_ACTORS = "CREDWATCH_ALLOWED_ACTORS";
  public static final String MAX_REMEDIATIONS = "CREDWATCH_MAX_REMEDIATIONS";
  public static final String REMEDIATION_TIMEOUT_MS = "CREDWATCH_REMEDIATION_TIMEOUT_MS";
  public static final String TEAMS_WEBHOOK_URL = "CREDWATCH_TEAMS_WEBHOOK_URL";

  /** AWS: a Secrets Manager secret holding the Teams webhook URL, read when first needed. */
  public static final String TEAMS_WEBHOOK_SECRET_ARN = "CREDWATCH_TEAMS_WEBHOOK_SECRET_ARN";

  public static final String SNS_TOPIC_ARN = "CREDWATCH_SNS_TOPIC_ARN";
  public static final String PUBSUB_TOPIC = "CREDWATCH_PUBSUB_TOPIC";
  public static final String PUBSUB_ENDPOINT = "CREDWATCH_PUBSUB_ENDPOINT";
  public static final String GCP_IAM_ENDPOINT = "CREDWATCH_GCP_IAM_ENDPOINT";
  public static final String GCP_STORAGE_ENDPOINT = "CREDWATCH_GCP_STORAGE_ENDPOINT";
  public static final String GCP_OSLOGIN_ENDPOINT = "CREDWATCH_GCP_OSLOGIN_ENDPOINT";
  public static final String GCP_APIKEYS_ENDPOINT = "CREDWATCH_GCP_APIKEYS_ENDPOINT";
  public static final String GRAPH_ENDPOINT = "CREDWATCH_GRAPH_ENDPOINT";
  public static final String ARM_ENDPOINT = "CREDWATCH_ARM_ENDPOINT";
  public static final String RULES_DIR = "CREDWATCH_RULES_DIR";

  private static final Pattern PUBSUB_TOPIC_NAME =
      Pattern.compile("projects/[a-z][a-z0-9.:-]{3,62}/topics/[A-Za-z][A-Za-z0-9._~%+-]{2,254}");
  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
  private static final Pattern SNS_ARN =
      Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

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
    Reader env = new Reader(environment);
    return new Settings(
        env.mode(REMEDIATION, RemediationMode.DRY_RUN),
        env.ruleModes(REMEDIATION_RULES),
        env.severity(MIN_SEVERITY, Severity.LOW),
        env.severity(REMEDIATION_MIN_SEVERITY, Severity.HIGH),
        env.suppressions(SUPPRESSIONS),
        env.list(PROTECTED),
        env.list(ALLOWED_ACTORS),
        env.integer(MAX_REMEDIATIONS, 10, 0, 1000),
        Duration.ofMillis(env.integer(REMEDIATION_TIMEOUT_MS, 5000, 100, 600_000)),
        env.get(TEAMS_WEBHOOK_URL).map(url -> new Secret(env.webhook(TEAMS_WEBHOOK_URL, url))),
        env.matching(
            TEAMS_WEBHOOK_SECRET_ARN,
            SECRET_ARN,
            "a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"),
        env.matching(SNS_TOPIC_ARN, SNS_ARN, "an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"),
        env.matching(
            PUBSUB_TOPIC,
            PUBSUB_TOPIC_NAME,
            "a Pub/Sub topic name projects/PROJECT/topics/TOPIC: a project id of 4 to 63"
                + " lowercase letters, digits and hyphens, starting with a letter, and a topic of 3 to"
                + " 255 characters, starting with a letter"),
        env.endpoint(PUBSUB_ENDPOINT, "https://pubsub.googleapis.com"),
        env.endpoint(GCP_IAM_ENDPOINT, "https://iam.googleapis.com"),
        env.endpoint(GCP_STORAGE_ENDPOINT, "https://storage.googleapis.com"),
        env.endpoint(GCP_OSLOGIN_ENDPOINT, "https://oslogin.googleapis.com"),
        env.endpoint(GCP_APIKEYS_ENDPOINT, "https://apikeys.googleapis.com"),
        env.endpoint(GRAPH_ENDPOINT, "https://graph.microsoft.com"),
        env.endpoint(ARM_ENDPOINT, "https://management.azure.com"),
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

  /** Reads and validates raw values. */
  private static final class Reader {
    private final Map<String, String> environment;

    Reader(Map<String, String> environment) {
      this.environment = environment;
    }

    Optional<String> get(String name) {
      String value = environment.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    RemediationMode mode(String name, RemediationMode fallback) {
      return get(name).map(text -> parseMode(name, text)).orElse(fallback);
    }

    private static RemediationMode parseMode(String name, String text) {
      return RemediationMode.fromId(text)
          .orElseThrow(
              () ->
                  new SettingsException(
                      name, "'" + text + "' is not a mode (off, dry-run, enforce)"));
    }

    Map<String, RemediationMode> ruleModes(String name) {
      Map<String, RemediationMode> modes = new LinkedHashMap<>();
      for (String entry : list(name)) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
          throw new SettingsException(
              name,
              "'"
                  + entry
                  + "' should be rule_name=mode, for example aws_iam_access_key_created=enforce");
        }
        modes.put(entry.substring(0, equals).trim(), parseMode(name, entry.substring(equals + 1)));
      }
      return modes;
    }

    Severity severity(String name, Severity fallback) {
      return get(name)
          .map(
              text ->
                  Severity.fromId(text)
                      .orElseThrow(
                          () ->
                              new SettingsException(
                                  name,
                                  "'" + text + "' is not a severity (" + Severity.choices() + ")")))
          .orElse(fallback);
    }

    int integer(String name, int fallback, int min, int max) {
      Optional<String> text = get(name);
      if (text.isEmpty()) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(text.get());
        if (value < min || value > max) {
          throw new SettingsException(name, value + " is outside " + min + ".." + max);
        }
        return value;
      } catch (NumberFormatException notANumber) {
        throw new SettingsException(name, "'" + text.get() + "' is not a whole number");
      }
    }

    List<String> list(String name) {
      List<String> values = new ArrayList<>();
      get(name)
          .ifPresent(
              text -> {
                for (String part : text.split(",", -1)) {
                  if (!part.isBlank()) {
                    values.add(part.trim());
                  }
                }
              });
      return values;
    }

    Suppressions suppressions(String name) {
      Optional<String> value = get(name);
      if (value.isEmpty()) {
        return Suppressions.none();
      }
      String json = value.get();
      if (json.startsWith("file:")) {
        Path file = Path.of(json.substring("file:".length()));
        try {
          json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
          throw new SettingsException(
              name, "cannot read " + file + ": " + IoReasons.of(unreadable));
        }
      }
      try {
        return Suppressions.parse(json);
      } catch (IllegalArgumentException invalid) {
        throw new SettingsException(name, String.valueOf(invalid.getMessage()));
      }
    }

    Optional<String> matching(String name, Pattern pattern, String expected) {
      Optional<String> value = get(name);
      if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
        throw new SettingsException(name, "'" + value.get() + "' is not " + expected);
      }
      return value;
    }

    URI endpoint(String name, String fallback) {
      String text = get(name).orElse(fallback);
      URI uri = uri(name, text, "a base URL such as " + fallback);
      if (uri.getQuery() != null || uri.getFragment() != null) {
        throw new SettingsException(name, "a base URL takes no query or fragment");
      }
      String stripped = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
      return URI.create(stripped);
    }

    /** Validates a webhook URL without ever repeating it: it carries its own signature. */
    String webhook(String name, String text) {
      URI uri = uri(name, text, "an https URL (the value is not shown: it is a secret)");
      boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
      if (!"https".equals(uri.getScheme()) && !(loopback && "http".equals(uri.getScheme()))) {
        throw new SettingsException(
            name, "must be an https URL (the value is not shown: it is a secret)");
      }
      return text;
    }

    private static URI uri(String name, String text, String expected) {
      try {
        URI uri = new URI(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
          throw new SettingsException(name, "must be " + expected);
        }
        return uri;
      } catch (URISyntaxException invalid) {
        throw new SettingsException(name, "must be " + expected);
      }
    }

    Path directory(String name, String text) {
      Path path = Path.of(text);
      if (!Files.isDirectory(path)) {
        throw new SettingsException(name, text + " is not a directory");
      }
      return path;
    }
  }
}
