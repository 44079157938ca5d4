package io.credwatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.alert.Alert;
import io.credwatch.alert.Severity;
import io.credwatch.cli.ScanListener;
import io.credwatch.cli.ScanSummary;
import io.credwatch.cli.Scanner;
import io.credwatch.detect.Detector;
import io.credwatch.detect.Suppressions;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationPolicy;
import io.credwatch.rule.RuleLoader;
import io.credwatch.rule.RuleSet;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scanner throughput against Jackson parsing the same bytes, in the same run (architecture §11: the
 * scanner must reach at least 80% of a Jackson parse-and-discard). Not a test: run it with {@code
 * ./credwatch bench [--mb N] [--rounds R]}; {@code --write FILE} only writes the firehose.
 *
 * <p>Three passes over one generated file, alternated round by round so that they share the same
 * machine state: Jackson streaming every token and discarding it; the CredWatch scanner (shape
 * detection, parsing, rules, alerts); and, for reference, Jackson building a tree of every event.
 */
public final class ScanThroughputBenchmark {
  private ScanThroughputBenchmark() {}

  public static void main(String[] args) throws IOException {
    int megabytes = option(args, "--mb", 256);
    int rounds = option(args, "--rounds", 5);
    int write = Arrays.asList(args).indexOf("--write");
    if (write >= 0) {
      // Only the input: for a cold-JVM `./credwatch scan` of the same firehose.
      if (write + 1 >= args.length) {
        throw new IllegalArgumentException("--write needs a file name");
      }
      Path target = Path.of(args[write + 1]);
      Firehose firehose = new Firehose();
      firehose.write(target, megabytes);
      System.out.printf(
          Locale.ROOT,
          "firehose: %s, %.1f MiB, %,d events, %,d credential additions%n",
          target,
          Files.size(target) / 1048576.0,
          firehose.events(),
          firehose.credentialEvents());
      return;
    }
    Path file = Files.createTempFile("credwatch-firehose-", ".jsonl");
    try {
      Firehose firehose = new Firehose();
      firehose.write(file, megabytes);
      long bytes = Files.size(file);
      System.out.printf(
          Locale.ROOT,
          "firehose: %s, %.1f MiB, %,d events, %,d credential additions (1 in %d)%n",
          file.getFileName(),
          bytes / 1048576.0,
          firehose.events(),
          firehose.credentialEvents(),
          Firehose.CREDENTIAL_EVERY);
      System.out.printf(
          Locale.ROOT,
          "java %s, %d cores, heap max %d MiB%n",
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      RuleSet rules = new RuleLoader(new RemediationActions()).loadBuiltIn();
      long[] checks = new long[3];
      List<Long> stream = new ArrayList<>();
      List<Long> scan = new ArrayList<>();
      List<Long> tree = new ArrayList<>();
      for (int round = -2; round < rounds; round++) {
        long t0 = System.nanoTime();
        checks[0] = jacksonStream(file);
        long t1 = System.nanoTime();
        checks[1] = scanner(file, rules);
        long t2 = System.nanoTime();
        checks[2] = jacksonTree(file);
        long t3 = System.nanoTime();
        if (round >= 0) {
          stream.add(t1 - t0);
          scan.add(t2 - t1);
          tree.add(t3 - t2);
        }
      }
      long events = firehose.events();
      double streamSeconds = median(stream);
      double scanSeconds = median(scan);
      double treeSeconds = median(tree);
      System.out.printf(
          Locale.ROOT,
          "%n%-44s %12s %10s %10s%n",
          "pass (median of " + rounds + " rounds)",
          "events/s",
          "MB/s",
          "seconds");
      row("Jackson streaming parse-and-discard", events, bytes, streamSeconds);
      row("CredWatch scanner (detect + alert)", events, bytes, scanSeconds);
      row("Jackson tree parse-and-discard", events, bytes, treeSeconds);
      System.out.printf(
          Locale.ROOT,
          "%nscanner / streaming parse = %.0f%%   scanner / tree parse = %.0f%%   (target: at least 80%% of the parse)%n",
          100 * streamSeconds / scanSeconds,
          100 * treeSeconds / scanSeconds);
      // The passes alternate, so each round's ratio compares like with like; the spread shows how
      // much of the difference is the machine (JIT, a shared core) rather than the code.
      double[] ratios = new double[stream.size()];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = 100.0 * stream.get(i) / scan.get(i);
      }
      Arrays.sort(ratios);
      System.out.printf(
          Locale.ROOT,
          "per-round scanner / streaming parse: median %.0f%%, range %.0f%% to %.0f%%%n",
          ratios[ratios.length / 2],
          ratios[0],
          ratios[ratios.length - 1]);
      System.out.printf(
          Locale.ROOT,
          "findings: %,d (tokens streamed: %,d; trees built: %,d)%n",
          checks[1],
          checks[0],
          checks[2]);
      if (checks[1] < firehose.credentialEvents()) {
        throw new IllegalStateException(
            "the scanner missed credential additions: "
                + checks[1]
                + " < "
                + firehose.credentialEvents());
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static long jacksonStream(Path file) throws IOException {
    long tokens = 0;
    try (InputStream in = Files.newInputStream(file);
        JsonParser parser = new JsonFactory().createParser(in)) {
      while (parser.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  private static long jacksonTree(Path file) throws IOException {
    long trees = 0;
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream in = Files.newInputStream(file);
        MappingIterator<JsonNode> values = mapper.readerFor(JsonNode.class).readValues(in)) {
      while (values.hasNext()) {
        if (values.next().size() > 0) {
          trees++;
        }
      }
    }
    return trees;
  }

  private static long scanner(Path file, RuleSet rules) {
    long[] findings = new long[1];
    ScanListener listener =
        new ScanListener() {
          @Override
          public void alert(Alert alert) {
            findings[0]++;
          }

          @Override
          public void malformed(Verdict.Malformed malformed) {
            throw new IllegalStateException("the firehose is well formed: " + malformed);
          }

          @Override
          public void unreadable(String path, String reason) {
            throw new IllegalStateException(reason);
          }
        };
    Detector detector = new Detector(rules, Suppressions.none(), Clock.systemUTC());
    Scanner scanner =
        new Scanner(
            EventReader.forArchives(),
            detector,
            RemediationPolicy.dryRun(),
            Severity.INFO,
            false,
            Clock.systemUTC(),
            listener);
    // One pass, as the parses it is compared with: the first-use second read is measured apart
    // (README, "First use").
    scanner.followFirstUse(false);
    scanner.scan(file);
    ScanSummary summary = scanner.finish();
    if (summary.malformed() > 0) {
      throw new IllegalStateException("malformed records in the firehose");
    }
    return findings[0];
  }

  private static void row(String name, long events, long bytes, double seconds) {
    System.out.printf(
        Locale.ROOT,
        "%-44s %,12.0f %10.1f %10.2f%n",
        name,
        events / seconds,
        bytes / 1e6 / seconds,
        seconds);
  }

  private static double median(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2] / 1e9;
  }

  /** A whole-number option of a benchmark's command line, or {@code fallback}. */
  static int option(String[] args, String name, int fallback) {
    int at = Arrays.asList(args).indexOf(name);
    if (at < 0) {
      return fallback;
    }
    if (at + 1 >= args.length) {
      throw new IllegalArgumentException(name + " needs a number");
    }
    return Integer.parseInt(args[at + 1]);
  }
}
