package io.credwatch.cli;

import io.credwatch.alert.AlertFormat;
import io.credwatch.alert.Severity;
import io.credwatch.alert.UntrustedText;
import io.credwatch.config.IoReasons;
import io.credwatch.config.Settings;
import io.credwatch.config.SettingsException;
import io.credwatch.detect.Detector;
import io.credwatch.respond.RemediationActions;
import io.credwatch.rule.Rule;
import io.credwatch.rule.RuleDefinitionException;
import io.credwatch.rule.RuleLoader;
import io.credwatch.rule.RuleSet;
import io.credwatch.source.EventReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code credwatch}: the offline scanner and small helpers. The cloud invokers ({@code aws-invoke},
 * {@code gcp-invoke}, {@code azure-invoke}) live in the cloud modules; the launcher script routes
 * to them.
 */
public final class CredWatchCli {
  static final int OK = 0;
  static final int FINDINGS = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      usage: credwatch COMMAND [options]

      commands:
        scan [options] PATH...        scan exported audit logs: files, folders (recursively) or -
                                      for standard input
        rules [--format F]            list the detection rules: text (default), json (one JSON
                                      document) or markdown (docs/rules.md)
        aws-invoke FILE               run the AWS Lambda function once on FILE (an EventBridge
                                      event or an SQS batch), through Lambda's runtime client
        gcp-invoke FILE               run the Google Cloud Run function once on FILE (a CloudEvent
                                      or a Pub/Sub push body)
        azure-invoke FILE             run the Azure functions once on FILE (Event Hubs bodies or
                                      Event Grid events)
        local aws|gcp|azure           start a local cloud for the *-invoke commands: emulators and
                                      stand-ins, seeded with the bundled examples; Ctrl-C stops it
        bench [--mb N] [--rounds N]   measure scan throughput against a Jackson parse of the same
                                      bytes (a generated firehose of N MiB); with --write FILE,
                                      only write that firehose to FILE
        bench archive [--files N]     the scan of a generated CloudTrail archive (N gzip log
                                      files) against DuckDB and zcat on the same files
        spark --input P --output D    the Spark job in local mode (SPARK_MASTER, default
                                      local[*]): alerts as JSON lines in D/alerts, OCSF
                                      findings as Parquet in D/ocsf
        fuzz [--records N] [--seed S] mutate N records (default 1,000,000) of the examples and
                                      samples through every reading path; count crashes, hangs
                                      and lost records (exit 1 when there is any)
        help                          this text

      scan options (each also as --option=value; -- ends the options):
        --format text|jsonl|ocsf  text for people (default), one alert document per line, or
                                one OCSF 1.1.0 Detection Finding (class 2004) per line
        --min-severity S        show findings at or above S: info, low (default), medium, high, critical
        --fail-on S             exit 1 when a shown finding reaches S
        --suppressions FILE     suppression list (JSON); default: $CREDWATCH_SUPPRESSIONS
        --rules-dir DIR         extra rule files (*.yml); one with a built-in rule's id replaces it
        --show-suppressed       also show suppressed findings (marked SUPPRESSED, counted once)
        --since T, --until T    only events from T (inclusive) until T (exclusive): a duration
                                back from now (24h, 7d, 90m), a time (2026-11-01T00:00:00Z) or a
                                date; --since 24h is the Sentinel analytic's lookback
        --max-expanded-mb N     stop reading a gzip file past N MiB expanded, reporting it
                                (default 4096: a gzip bomb costs time, never memory)
        --no-first-use          do not read the input a second time to follow each new credential
                                to its first use (by default alerts carry firstUse, and a quick
                                use from another IP, or one at an hour unusual for the creator,
                                raises the severity; standard input is kept in a temporary file)
        --progress              show progress on standard error (the launcher adds it on a terminal)
        --quiet                 no progress and no summary on standard error

      Accepts, recognised per record: CloudTrail records and log files, EventBridge events, SQS
      batches, lookup-events output, CloudTrail Lake results, Security Lake OCSF; Entra audit
      records (Event Hubs, Graph, Log Analytics and Sentinel rows, Office 365 Management
      Activity, Defender CloudAppEvents); Activity Log records (exported, REST, az CLI), Event
      Grid events, AzureActivity rows; GCP LogEntries raw, from gcloud, in Pub/Sub pushes and
      CloudEvents, or exported to BigQuery; any of them wrapped by Splunk, Elastic, Logstash,
      Wazuh or Datadog. JSON, JSON arrays, JSON lines, CSV with a header row, gzip (a cut-short
      gzip file is read up to the cut). The summary goes to standard error.

      exit status: 0; 1 when --fail-on is reached (scan), or where the cloud would retry
      (*-invoke); 2 for usage errors, including a path with nothing readable to scan.""";

  private CredWatchCli() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int status = run(args, System.getenv(), System.in, out, err);
    out.flush();
    err.flush();
    System.exit(status);
  }

  /** Runs a command; returns the exit status. */
  static int run(
      String[] args,
      Map<String, String> environment,
      InputStream in,
      PrintWriter out,
      PrintWriter err) {
    if (args.length == 0
        || args[0].equals("help")
        || args[0].equals("--help")
        || args[0].equals("-h")) {
      (args.length == 0 ? err : out).println(USAGE_TEXT);
      return args.length == 0 ? USAGE : OK;
    }
    try {
      return switch (args[0]) {
        case "scan" -> scan(List.of(args).subList(1, args.length), environment, in, out, err);
        case "rules" -> rules(List.of(args).subList(1, args.length), environment, out);
        case "aws-invoke", "gcp-invoke", "azure-invoke" -> {
          err.println(
              "credwatch "
                  + args[0]
                  + ": this build has no "
                  + args[0].replace("-invoke", "")
                  + " function module; build it first (./credwatch builds every module on first use)");
          yield USAGE;
        }
        default -> {
          err.println("credwatch: unknown command '" + UntrustedText.plain(args[0], 40) + "'");
          err.println(USAGE_TEXT);
          yield USAGE;
        }
      };
    } catch (UsageException usage) {
      err.println("credwatch: " + usage.getMessage());
      err.println("run 'credwatch help' for the options");
      return USAGE;
    } catch (SettingsException | RuleDefinitionException configuration) {
      err.println("credwatch: " + configuration.getMessage());
      return USAGE;
    }
  }

  /** A usage error: exit status 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Options that take a value, and the setting each one overrides. */
  private static final Map<String, String> VALUE_OPTIONS =
      Map.of(
          "--format", "",
          "--min-severity", Settings.MIN_SEVERITY,
          "--fail-on", "",
          "--suppressions", Settings.SUPPRESSIONS,
          "--rules-dir", Settings.RULES_DIR,
          "--since", "",
          "--until", "",
          "--max-expanded-mb", "");

  private static final List<String> FLAGS =
      List.of("--show-suppressed", "--quiet", "--progress", "--no-first-use");

  /** The command line of a scan: options (as --opt value or --opt=value) and paths. */
  record ScanArguments(Map<String, String> options, List<String> paths) {
    static ScanArguments parse(List<String> args) {
      Map<String, String> options = new HashMap<>();
      List<String> paths = new ArrayList<>();
      boolean onlyPaths = false;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (onlyPaths || arg.equals("-") || !arg.startsWith("-")) {
          paths.add(arg);
          continue;
        }
        if (arg.equals("--")) {
          onlyPaths = true;
          continue;
        }
        int equals = arg.indexOf('=');
        String name = equals > 0 ? arg.substring(0, equals) : arg;
        if (VALUE_OPTIONS.containsKey(name)) {
          if (equals > 0) {
            options.put(name, arg.substring(equals + 1));
          } else if (i + 1 < args.size()) {
            options.put(name, args.get(++i));
          } else {
            throw new UsageException(name + " needs a value");
          }
        } else if (FLAGS.contains(name) && equals < 0) {
          options.put(name, "true");
        } else if (FLAGS.contains(name)) {
          throw new UsageException(name + " takes no value");
        } else {
          throw new UsageException("unknown option " + UntrustedText.plain(arg, 40));
        }
      }
      return new ScanArguments(options, paths);
    }

    /** The option a setting came from on this command line, if it did. */
    Optional<String> optionFor(String variable) {
      return VALUE_OPTIONS.entrySet().stream()
          .filter(e -> e.getValue().equals(variable) && options.containsKey(e.getKey()))
          .map(
              e ->
                  e.getKey() + " " + UntrustedText.plain(options.getOrDefault(e.getKey(), ""), 200))
          .findFirst();
    }
  }

  private static int scan(
      List<String> args,
      Map<String, String> environment,
      InputStream in,
      PrintWriter out,
      PrintWriter err) {
    ScanArguments arguments = ScanArguments.parse(args);
    try {
      return runScan(arguments, environment, in, out, err);
    } catch (SettingsException invalid) {
      // Name what the user typed: the option, when the setting came from one.
      Optional<String> option = arguments.optionFor(invalid.variable());
      if (option.isPresent()) {
        throw new UsageException(option.get() + ": " + invalid.reason());
      }
      throw invalid;
    }
  }

  private static int runScan(
      ScanArguments arguments,
      Map<String, String> environment,
      InputStream in,
      PrintWriter out,
      PrintWriter err) {
    Map<String, String> options = arguments.options();
    List<String> paths = arguments.paths();
    if (paths.isEmpty()) {
      throw new UsageException(
          "scan needs at least one PATH (a file, a folder, or - for standard input)");
    }
    String format = options.getOrDefault("--format", "text");
    if (!format.equals("text") && !format.equals("jsonl") && !format.equals("ocsf")) {
      throw new UsageException("--format must be text, jsonl or ocsf");
    }
    Map<String, String> env = new HashMap<>(environment);
    if (options.containsKey("--suppressions")) {
      Path suppressions = Path.of(options.get("--suppressions"));
      try {
        // Read here, so that an unreadable file is reported against the option the user typed.
        env.put(Settings.SUPPRESSIONS, Files.readString(suppressions, StandardCharsets.UTF_8));
      } catch (IOException unreadable) {
        throw new UsageException(
            "--suppressions "
                + UntrustedText.plain(suppressions.toString(), 200)
                + ": cannot read it: "
                + IoReasons.of(unreadable));
      }
    }
    if (options.containsKey("--rules-dir")) {
      Path rulesDirectory = Path.of(options.get("--rules-dir"));
      if (!Files.isDirectory(rulesDirectory)) {
        throw new UsageException(
            "--rules-dir "
                + UntrustedText.plain(rulesDirectory.toString(), 200)
                + ": "
                + (Files.exists(rulesDirectory) ? "not a folder" : "no such folder"));
      }
      env.put(Settings.RULES_DIR, rulesDirectory.toString());
    }
    Settings settings = Settings.from(env);
    Severity minSeverity =
        options.containsKey("--min-severity")
            ? severity("--min-severity", options.get("--min-severity"))
            : settings.minSeverity();
    Optional<Severity> failOn =
        Optional.ofNullable(options.get("--fail-on")).map(text -> severity("--fail-on", text));
    for (String path : paths) {
      if (path.equals("-")) {
        continue;
      }
      Path file = Path.of(path);
      if (!Files.exists(file)) {
        throw new UsageException("no such file or folder: " + UntrustedText.plain(path, 200));
      }
      if (!Scanner.hasScannableFile(file)) {
        throw new UsageException(
            "nothing to scan in "
                + UntrustedText.plain(path, 200)
                + ": it holds no readable .json, .jsonl, .ndjson, .log, .csv or .gz file");
      }
    }
    TimeWindow window =
        TimeWindow.parse(
            Optional.ofNullable(options.get("--since")),
            Optional.ofNullable(options.get("--until")),
            Clock.systemUTC().instant());
    boolean quiet = options.containsKey("--quiet");
    boolean progress = !quiet && options.containsKey("--progress");
    long started = System.nanoTime();
    RuleSet rules = loadRules(settings);
    Detector detector = new Detector(rules, settings.suppressions(), Clock.systemUTC());
    ScanOutput output =
        new ScanOutput(
            switch (format) {
              case "jsonl" -> Optional.of(AlertFormat.CREDWATCH);
              case "ocsf" -> Optional.of(AlertFormat.OCSF);
              default -> Optional.empty();
            },
            out,
            err,
            progress);
    Scanner scanner =
        new Scanner(
            EventReader.forArchives(),
            detector,
            settings.policy(List.of()),
            minSeverity,
            options.containsKey("--show-suppressed"),
            Clock.systemUTC(),
            output);
    scanner.restrictTo(window);
    scanner.followFirstUse(!options.containsKey("--no-first-use"));
    if (options.containsKey("--max-expanded-mb")) {
      scanner.limitExpansion(megabytes("--max-expanded-mb", options.get("--max-expanded-mb")));
    }
    for (String path : paths) {
      if (path.equals("-")) {
        scanner.scanUnnamedStream("-", in);
      } else {
        scanner.scan(Path.of(path));
      }
    }
    ScanSummary summary = scanner.finish();
    out.flush();
    output.endProgress();
    if (!quiet) {
      output.printSummary(summary, rules, minSeverity, (System.nanoTime() - started) / 1e9);
    }
    if (summary.files() == 0) {
      throw new UsageException(
          "no readable input in " + UntrustedText.plain(String.join(" ", paths), 300));
    }
    if (failOn.isPresent() && summary.shownAtLeast(failOn.get()) > 0) {
      return FINDINGS;
    }
    return OK;
  }

  static RuleSet loadRules(Settings settings) {
    RuleLoader loader = new RuleLoader(new RemediationActions());
    return loader.load(settings.rulesDirectory());
  }

  private static long megabytes(String option, String text) {
    try {
      long value = Long.parseLong(text.strip());
      if (value >= 1 && value <= 1L << 30) {
        return value << 20;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new UsageException(option + " must be a whole number of MiB, at least 1");
  }

  private static Severity severity(String option, String text) {
    return Severity.fromId(text)
        .orElseThrow(() -> new UsageException(option + " must be one of " + Severity.choices()));
  }

  private static int rules(List<String> args, Map<String, String> environment, PrintWriter out) {
    String format = "text";
    if (args.size() == 2 && args.get(0).equals("--format")) {
      format = args.get(1);
    } else if (!args.isEmpty()) {
      throw new UsageException("rules takes only --format text|json|markdown");
    }
    RuleSet rules = loadRules(Settings.from(environment));
    switch (format) {
      case "text" -> {
        for (Rule rule : rules.rules()) {
          out.printf(
              Locale.ROOT,
              "%-52s %-6s %-9s %s%n",
              rule.name(),
              rule.cloud().id(),
              rule.severity().base().id(),
              rule.title());
        }
      }
      case "json" -> out.println(RuleDocs.jsonArray(rules));
      case "markdown" -> out.print(RuleDocs.markdown(rules));
      default -> throw new UsageException("rules --format must be text, json or markdown");
    }
    return OK;
  }
}
