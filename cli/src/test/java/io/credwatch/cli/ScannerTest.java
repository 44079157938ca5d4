package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.Alert;
import io.credwatch.alert.Severity;
import io.credwatch.json.JsonLimits;
import io.credwatch.respond.RemediationPolicy;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import io.credwatch.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Path ROOT = Fixtures.repositoryRoot();
  private static final String RECORD =
      io.credwatch.testing.CloudTrailRecords.createAccessKey(
              io.credwatch.testing.CloudTrailRecords.iamUser("user/alice", "alice"), "bob")
          .replace("\n", "");
  private static final String NOISE =
      "{\"eventVersion\":\"1.09\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventTime\":\"2026-11-20T10:15:01Z\",\"userIdentity\":{\"type\":\"IAMUser\"},\"requestParameters\":{\"bucketName\":\"b\",\"key\":\"k\"}}";

  /** Collects what a scan reports. */
  static class Collector implements ScanListener {
    final List<Alert> alerts = new ArrayList<>();
    final List<Verdict.Malformed> malformed = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();

    @Override
    public void alert(Alert alert) {
      alerts.add(alert);
    }

    @Override
    public void malformed(Verdict.Malformed record) {
      malformed.add(record);
    }

    @Override
    public void unreadable(String path, String reason) {
      unreadable.add(path + ": " + reason);
    }
  }

  static Scanner scanner(EventReader reader, Collector collector) {
    return new Scanner(
        reader,
        Fixtures.detector(),
        RemediationPolicy.dryRun(),
        Severity.LOW,
        false,
        Fixtures.CLOCK,
        collector);
  }

  @Test
  void aRecordWhoseAlertCannotBeRendered_costsThatRecord_andTheScanGoesOn() {
    String poison =
        io.credwatch.testing.CloudTrailRecords.createAccessKey(
                io.credwatch.testing.CloudTrailRecords.iamUser("user/alice", "alice"), "poison")
            .replace("\n", "");
    // The rendering of one alert throws, as a rendering bug on hostile text would.
    Collector collector =
        new Collector() {
          @Override
          public void alert(Alert alert) {
            if (alert.target().name().equals("poison")) {
              throw new IllegalStateException("renderer broke on " + alert.target().name());
            }
            super.alert(alert);
          }
        };
    Scanner scanner = scanner(new EventReader(), collector);
    scanner.scanUnnamedStream(
        "stdin",
        new ByteArrayInputStream(
            (NOISE + "\n" + poison + "\n" + RECORD + "\n").getBytes(StandardCharsets.UTF_8)));
    ScanSummary summary = scanner.finish();

    assertThat(collector.alerts).extracting(a -> a.target().name()).containsExactly("bob");
    assertThat(collector.malformed)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.location().line()).isEqualTo(2);
              assertThat(m.reason())
                  .contains("could not be shown (IllegalStateException)")
                  .doesNotContain("poison");
            });
    assertThat(summary.records()).isEqualTo(3);
    assertThat(summary.relevant() + summary.ignored() + summary.malformed())
        .isEqualTo(summary.records());
    assertThat(summary.shownAtLeast(Severity.INFO)).isEqualTo(1);
  }

  @Test
  void aTimestampOutOfEveryRange_besideARealCreateAccessKey_costsNothing() throws IOException {
    String gcpKey =
        JSON.readTree(
                Files.readString(
                    ROOT.resolve(
                        "shared/src/test/resources/samples/gcp_iam_service_account_key_created/match/user-creates-key-for-etl-runner.json")))
            .toString()
            .replace("\"seconds\":1733490000", "\"seconds\":1e400");
    assertThat(gcpKey).contains("1e400");

    CliRun run =
        CliRun.withInput(
            (gcpKey + "\n" + RECORD + "\n").getBytes(StandardCharsets.UTF_8),
            Map.of(),
            "scan",
            "--fail-on",
            "critical",
            "-");

    assertThat(run.status()).isZero();
    assertThat(run.err())
        .doesNotContain("Exception")
        .contains("scanned 1 file")
        .contains("2 records");
    assertThat(run.out()).contains("AKIANEW").contains("gcp_iam_service_account_key_created");
  }

  @Test
  void examples_everyEnvelopeAndTheGzipFile() {
    Collector collector = new Collector();
    Scanner scanner = scanner(new EventReader(), collector);
    scanner.scan(ROOT.resolve("examples/events"));
    assertThat(collector.malformed).isEmpty();
    assertThat(scanner.finish().files()).isEqualTo(13);
    assertThat(scanner.finish().records()).isEqualTo(26);
    assertThat(collector.alerts).hasSize(18);
    assertThat(collector.alerts)
        .filteredOn(a -> a.input().orElseThrow().file().endsWith("cloudtrail-log-file.json.gz"))
        .extracting(a -> a.credential().kind().id())
        .containsExactly("login-profile", "federation-token", "access-key");
    assertThat(collector.alerts).extracting(a -> a.cloud().id()).contains("aws", "azure", "gcp");
  }

  @Test
  void malformedExamples_areReportedAndTheGoodRecordsStillAlert() {
    Collector collector = new Collector();
    Scanner scanner = scanner(new EventReader(), collector);
    scanner.scan(ROOT.resolve("examples/malformed"));
    scanner.finish();
    assertThat(collector.malformed).hasSize(7);
    assertThat(collector.malformed)
        .extracting(m -> Path.of(m.location().file()).getFileName().toString())
        .contains(
            "truncated.json",
            "empty.json",
            "null.json",
            "deeply-nested.json",
            "wrong-types.jsonl",
            "mixed-lines.jsonl");
    assertThat(collector.alerts)
        .filteredOn(a -> a.input().orElseThrow().file().endsWith("mixed-lines.jsonl"))
        .hasSize(3);
    // A CloudTrail record whose userIdentity is a string is read without it, and says so.
    assertThat(collector.alerts)
        .filteredOn(a -> a.input().orElseThrow().file().endsWith("wrong-types.jsonl"))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.reasons())
                    .anySatisfy(
                        r ->
                            assertThat(r)
                                .contains("userIdentity should be an object but is a string")));
    assertThat(scanner.finish().malformed()).isEqualTo(7);
  }

  @Test
  void jsonLinesAcrossChunks_keepLineNumbersAndIndexes(@TempDir Path directory) throws IOException {
    // About 12 MiB: more than one 8 MiB chunk, a broken line near the chunk boundary.
    StringBuilder text = new StringBuilder();
    int lines = 0;
    while (text.length() < 12 * 1024 * 1024) {
      lines++;
      text.append(lines == 30_000 ? NOISE.substring(0, 40) : NOISE).append('\n');
    }
    text.append(RECORD).append('\n');
    int noiseLines = lines;
    Path file = directory.resolve("big.jsonl");
    Files.writeString(file, text);
    Collector collector = new Collector();
    Scanner scanner = scanner(new EventReader(), collector);
    scanner.scan(file);
    scanner.finish();
    assertThat(collector.malformed)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.location().line()).isEqualTo(30_000);
              assertThat(m.location().index()).isEqualTo(29_999);
            });
    assertThat(collector.alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.input().orElseThrow().line()).isEqualTo(noiseLines + 1);
              assertThat(a.input().orElseThrow().index()).isEqualTo(noiseLines);
            });
    assertThat(scanner.finish().records()).isEqualTo(lines + 1);
  }

  @Test
  void overlongLine_isReportedAndSkipped(@TempDir Path directory) throws IOException {
    JsonLimits small = new JsonLimits(100, 16 << 20, 1 << 20, 64 << 20, 4);
    String longLine = "{\"pad\":\"" + "x".repeat(3 << 20) + "\"}";
    Path file = directory.resolve("long.jsonl");
    Files.writeString(
        file, RECORD + "\n" + longLine + "\n" + RECORD.replace("\"e1\"", "\"e2\"") + "\n");
    Collector collector = new Collector();
    Scanner longLines = scanner(new EventReader(small), collector);
    longLines.scan(file);
    longLines.finish();
    assertThat(collector.malformed)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.reason()).contains("longer than 1048576 bytes");
              assertThat(m.location().line()).isEqualTo(2);
            });
    assertThat(collector.alerts).hasSize(2);
    assertThat(collector.alerts.get(1).input().orElseThrow().line()).isEqualTo(3);
  }

  @Test
  void aLargeDocument_isStreamed_andAGzipBomb_stopsAtTheExpansionLimit(@TempDir Path directory)
      throws IOException {
    JsonLimits small = new JsonLimits(100, 1 << 20, 1 << 20, 1 << 20, 4);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(
          ("{\"Records\":[" + (NOISE + ",").repeat(20_000) + NOISE + "]}")
              .getBytes(StandardCharsets.UTF_8));
    }
    Path file = directory.resolve("bomb.json.gz");
    Files.write(file, compressed.toByteArray());
    assertThat(compressed.size()).as("small on disk").isLessThan(1 << 20);
    // Larger than the 1 MiB the reader may hold: read record by record, every one accounted for.
    Collector collector = new Collector();
    Scanner streamed = scanner(new EventReader(small), collector);
    streamed.scan(file);
    assertThat(collector.malformed).isEmpty();
    assertThat(streamed.summary().records()).isEqualTo(20_001);
    assertThat(streamed.summary().ignored()).isEqualTo(20_001);

    // With an expansion limit below its size, the file is cut there, reported by name.
    Collector limited = new Collector();
    Scanner bounded = scanner(new EventReader(small), limited);
    bounded.limitExpansion(1 << 20);
    bounded.scan(file);
    assertThat(limited.malformed)
        .last()
        .satisfies(
            m -> {
              assertThat(m.location().file()).endsWith("bomb.json.gz");
              assertThat(m.reason()).contains("expands past 1 MiB (--max-expanded-mb)");
            });
    assertThat(bounded.summary().ignored()).isBetween(1L, 20_000L);
  }

  @Test
  void withoutFirstUse_alertsAreShownAsTheScanGoes_notHeldToTheEnd() throws IOException {
    Collector collector = new Collector();
    Scanner scanner = scanner(new EventReader(), collector);
    scanner.followFirstUse(false);
    scanner.scanStream(
        "-",
        new ByteArrayInputStream((NOISE + "\n" + RECORD + "\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(collector.alerts).as("before finish").hasSize(1);
    assertThat(collector.alerts.get(0).firstUse()).isEmpty();
    ScanSummary summary = scanner.finish();
    assertThat(collector.alerts).hasSize(1);
    assertThat(summary.shownAtLeast(Severity.INFO)).isEqualTo(1);
    assertThat(summary.firstUse().followed()).isZero();
  }

  @Test
  void standardInput_isScanned() throws IOException {
    Collector collector = new Collector();
    Scanner scanner = scanner(new EventReader(), collector);
    scanner.scanStream(
        "-",
        new ByteArrayInputStream((NOISE + "\n" + RECORD + "\n").getBytes(StandardCharsets.UTF_8)));
    scanner.finish();
    assertThat(collector.alerts)
        .singleElement()
        .satisfies(a -> assertThat(a.input().orElseThrow().file()).isEqualTo("-"));
  }

  @Test
  void duplicateInOneFile_isDropped_butNotAcrossFiles(@TempDir Path directory) throws IOException {
    Files.writeString(directory.resolve("a.jsonl"), RECORD + "\n" + RECORD + "\n");
    Files.writeString(directory.resolve("b.json"), RECORD);
    Files.writeString(directory.resolve("notes.md"), "not scanned");
    Collector collector = new Collector();
    Scanner scanner = scanner(new EventReader(), collector);
    scanner.scan(directory);
    scanner.finish();
    assertThat(collector.alerts).hasSize(2);
    assertThat(scanner.finish().duplicates()).isEqualTo(1);
    assertThat(scanner.finish().skippedFiles()).isEqualTo(1);
  }
}
