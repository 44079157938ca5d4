package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user runs into at the scanner's edges: cut files, empty folders, typos, stdin. */
class ScanEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Fixtures.repositoryRoot();
  private static final Path EXAMPLE =
      ROOT.resolve("examples/events/aws/eventbridge-create-access-key-for-another-user.json");

  /** 400 JSON lines: irrelevant events, with the example's access key creation at line 10. */
  private static byte[] jsonLines() throws IOException {
    String addition = JSON.readTree(Files.readString(EXAMPLE)).toString();
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 400; i++) {
      lines
          .append(
              i == 10
                  ? addition
                  : "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\","
                      + "\"detail\":{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                      + "\"eventID\":\"e-"
                      + i
                      + "\",\"eventTime\":\"2026-11-20T10:15:01Z\"}}")
          .append('\n');
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  /** The complete lines the JDK's own gzip reader gives back before the cut, as gzip -dc does. */
  private static long linesRecoverable(byte[] cut) throws IOException {
    ByteArrayOutputStream recovered = new ByteArrayOutputStream();
    byte[] buffer = new byte[1];
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(cut))) {
      while (in.read(buffer) > 0) {
        recovered.write(buffer);
      }
    } catch (java.io.EOFException cutShort) {
      // expected: what was read up to here is what can be recovered
    }
    return recovered.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
  }

  @Test
  void truncatedGzip_isReadUpToTheCut_andTheCutIsMalformedWithItsByteOffset(@TempDir Path dir)
      throws IOException {
    byte[] whole = gzip(jsonLines());
    byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
    Path file = dir.resolve("cloudtrail.jsonl.gz");
    Files.write(file, cut);
    long recoverable = linesRecoverable(cut);
    assertThat(recoverable).isBetween(10L, 399L);

    CliRun run = CliRun.of("scan", "--format", "jsonl", "--fail-on", "high", file.toString());

    assertThat(run.status()).as(run.err()).isEqualTo(1);
    assertThat(run.outLines()).hasSize(1);
    assertThat(run.outLines().get(0)).contains("AKIAEXAMPLEBACKDOOR1");
    assertThat(run.err())
        .contains(
            "gzip data ends early (the file is cut short) at byte "
                + cut.length
                + " of the file; the records before it were read")
        .contains(file.toString());
    // Every complete line before the cut is read; the partial line and the cut are malformed.
    assertThat(run.err())
        .containsPattern(
            "scanned 1 file \\([^)]*\\) in [0-9.]+ s: "
                + (recoverable + 2)
                + " records, 1 credential operation, "
                + (recoverable - 1)
                + " ignored, 2 malformed");
  }

  @Test
  void folderWithNothingToScan_isAUsageErrorNamingIt(@TempDir Path dir) throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    CliRun run = CliRun.of("scan", "--fail-on", "low", empty.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("nothing to scan in " + empty);

    Path notes = Files.createDirectory(dir.resolve("notes"));
    Files.writeString(notes.resolve("readme.txt"), "not a log");
    assertThat(CliRun.of("scan", notes.toString()).status()).isEqualTo(2);
  }

  @Test
  void ruleWithABuiltInsId_replacesIt_andTheSummarySaysSo(@TempDir Path dir) throws IOException {
    Path rules = Files.createDirectory(dir.resolve("rules"));
    String builtIn =
        Fixtures.resource("rules/aws_iam_access_key_created.yml")
            .replace("title: IAM access key created", "title: IAM access key created (tuned)");
    Files.writeString(rules.resolve("aws_iam_access_key_created.yml"), builtIn);

    CliRun run = CliRun.of("scan", "--rules-dir=" + rules, EXAMPLE.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("IAM access key created (tuned)");
    assertThat(run.outLines()).filteredOn(line -> line.startsWith("HIGH")).hasSize(1);
    assertThat(run.err())
        .contains("built-in rule")
        .contains("(aws_iam_access_key_created) replaced by " + rules);
  }

  @Test
  void suppressedFinding_shownWithShowSuppressed_isMarkedAndCountedOnce() {
    String suppressions = ROOT.resolve("examples/suppressions.json").toString();
    String events = ROOT.resolve("examples/events").toString();
    CliRun hidden = CliRun.of("scan", "--suppressions", suppressions, events);
    CliRun shown = CliRun.of("scan", "--suppressions", suppressions, "--show-suppressed", events);

    assertThat(shown.out()).contains("SUPPRESSED  LOW  aws  EC2 key pair created or imported");
    assertThat(hidden.out()).doesNotContain("SUPPRESSED");
    // The same counts either way: the suppressed finding is not also counted as a low one.
    String findings = "findings: 13 high, 2 medium, 2 low; 1 below low not shown";
    assertThat(hidden.err()).contains(findings).contains("; 1 suppressed");
    assertThat(shown.err()).contains(findings).contains("; 1 suppressed");
    assertThat(
            CliRun.of(
                    "scan",
                    "--quiet",
                    "--suppressions",
                    suppressions,
                    "--show-suppressed",
                    "--fail-on",
                    "low",
                    ROOT.resolve("examples/events/aws/cloudtrail-record-import-key-pair.json")
                        .toString())
                .status())
        .as("a suppressed finding does not trip --fail-on")
        .isZero();
  }

  @Test
  void standardInput_isOneInputNamedDash() throws IOException {
    CliRun run = CliRun.withInput(Files.readAllBytes(EXAMPLE), Map.of(), "scan", "-");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("at: - #0");
    assertThat(run.err())
        .contains("scanned 1 file (" + "1.4 KiB) in")
        .contains("1 records, 1 credential operation");
  }

  @Test
  void optionsTakeEqualsValues_andDoubleDashEndsThem(@TempDir Path dir) throws IOException {
    CliRun equals =
        CliRun.of("scan", "--format=jsonl", "--min-severity=high", "--", EXAMPLE.toString());
    assertThat(equals.status()).as(equals.err()).isZero();
    assertThat(JSON.readTree(equals.outLines().get(0)).path("severity").asText()).isEqualTo("high");

    Path dashed = dir.resolve("-export.json");
    Files.copy(EXAMPLE, dashed);
    CliRun afterDoubleDash = CliRun.of("scan", "--quiet", "--", dashed.toString());
    assertThat(afterDoubleDash.status()).isZero();
    assertThat(CliRun.of("scan", "--quiet=yes", EXAMPLE.toString()).err())
        .contains("--quiet takes no value");
    assertThat(CliRun.of("scan", "--format").err()).contains("--format needs a value");
  }

  @Test
  void help_listsEveryCommandAndEveryOption() {
    String help = CliRun.of("help").out();
    for (String command :
        List.of("scan", "rules", "aws-invoke", "gcp-invoke", "azure-invoke", "local", "bench")) {
      assertThat(help).contains("\n  " + command + " ");
    }
    assertThat(help).contains("markdown");
    List<String> options = new ArrayList<>(List.of("--show-suppressed", "--quiet", "--progress"));
    options.addAll(List.of("--format", "--min-severity", "--fail-on", "--suppressions"));
    options.add("--rules-dir");
    for (String option : options) {
      assertThat(help).contains("  " + option + " ");
      // ...and the parser accepts what the help lists.
      assertThat(CliRun.of("scan", option).err()).doesNotContain("unknown option");
    }
  }

  @Test
  void rulesAsJson_isOneDocument() throws IOException {
    JsonNode rules = JSON.readTree(CliRun.of("rules", "--format", "json").out());
    assertThat(rules.isArray()).isTrue();
    assertThat(rules).hasSize(Fixtures.rules().size());
    assertThat(rules.get(0).path("name").asText()).isNotEmpty();
  }

  @Test
  void errors_nameTheOptionTyped_withTheSystemsReason(@TempDir Path dir) throws IOException {
    CliRun missing = CliRun.of("scan", "--suppressions", "/nope.json", EXAMPLE.toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err())
        .contains("--suppressions /nope.json: cannot read it: no such file or folder")
        .doesNotContain("CREDWATCH_SUPPRESSIONS");

    Path invalid = dir.resolve("suppressions.json");
    Files.writeString(invalid, "[{\"principal\":\"x\"}]");
    assertThat(CliRun.of("scan", "--suppressions", invalid.toString(), EXAMPLE.toString()).err())
        .contains("--suppressions " + invalid + ": suppression 1: 'owner' is required")
        .doesNotContain("CREDWATCH_SUPPRESSIONS");

    assertThat(CliRun.of("scan", "--rules-dir", "/nope", EXAMPLE.toString()).err())
        .contains("--rules-dir /nope: no such folder");
  }

  @Test
  void tooDeepNesting_isReportedWithoutLibraryInternals() {
    CliRun run = CliRun.of("scan", ROOT.resolve("examples/malformed").toString());
    assertThat(run.err())
        .contains("nesting depth (101) exceeds the maximum allowed (100)")
        .doesNotContain("StreamReadConstraints")
        .doesNotContain("`");
  }

  @Test
  void progress_writesNoTerminalEscapeCodes() {
    StringWriter err = new StringWriter();
    ScanOutput output =
        new ScanOutput(
            java.util.Optional.empty(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            true);
    output.progress(new ScanSummary());
    output.endProgress();
    assertThat(err.toString())
        .startsWith("\rcredwatch: 0 files, 0 records")
        .doesNotContain("\u001b");
    assertThat(err.toString()).endsWith("\r");
  }
}
