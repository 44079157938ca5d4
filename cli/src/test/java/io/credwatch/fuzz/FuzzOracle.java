package io.credwatch.fuzz;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertJson;
import io.credwatch.alert.AlertText;
import io.credwatch.alert.Severity;
import io.credwatch.alert.TeamsCard;
import io.credwatch.cli.ScanListener;
import io.credwatch.cli.ScanSummary;
import io.credwatch.cli.Scanner;
import io.credwatch.detect.Detector;
import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.respond.RemediationPolicy;
import io.credwatch.source.EventReader;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.source.Verdict;
import io.credwatch.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

/**
 * What must hold for any input, however broken: nothing throws out of reading, detecting or
 * rendering (a crash); every non-blank line gets at least one verdict and none is placed on a line
 * that does not exist (a lost or phantom record); the scanner's summary accounts for every record;
 * each function's reading path gives every delivery a verdict; a batch finishes in bounded time.
 */
final class FuzzOracle {
  /** A batch slower than this is a hang (a few milliseconds is the norm). */
  static final long HANG_NANOS = 20_000_000_000L;

  private final EventReader archives = EventReader.forArchives();
  private final EventReader functions = new EventReader();
  private final Detector detector = Fixtures.detector();

  /** What one or many batches came to. */
  static final class Report {
    long records;
    long verdicts;
    long lost;
    long hangs;
    long alerts;
    final List<String> crashes = new ArrayList<>();

    void add(Report other) {
      records += other.records;
      verdicts += other.verdicts;
      lost += other.lost;
      hangs += other.hangs;
      alerts += other.alerts;
      if (crashes.size() < 20) {
        crashes.addAll(
            other.crashes.subList(0, Math.min(other.crashes.size(), 20 - crashes.size())));
      }
    }

    boolean clean() {
      return lost == 0 && hangs == 0 && crashes.isEmpty();
    }

    @Override
    public String toString() {
      return records
          + " records, "
          + verdicts
          + " verdicts, "
          + alerts
          + " alerts rendered, "
          + crashes.size()
          + " crashes, "
          + hangs
          + " hangs, "
          + lost
          + " lost"
          + (crashes.isEmpty() ? "" : "; first crash: " + crashes.get(0));
    }
  }

  Report check(List<String> records) {
    Report report = new Report();
    long started = System.nanoTime();
    String text = String.join("\n", records) + "\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      checkLines(bytes, report);
      checkScanner(bytes, report);
      for (String record : records) {
        checkDeliveries(record, report);
      }
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError crash) {
      report.crashes.add(crash + " on: " + clip(text));
    }
    if (System.nanoTime() - started > HANG_NANOS) {
      report.hangs++;
    }
    return report;
  }

  private void checkLines(byte[] bytes, Report report) {
    int lines = 0;
    BitSet blank = new BitSet();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i > start || i < bytes.length) {
          lines++;
          if (new String(bytes, start, i - start, StandardCharsets.UTF_8).isBlank()) {
            blank.set(lines);
          }
        }
        start = i + 1;
      }
    }
    BitSet seen = new BitSet();
    List<Verdict> verdicts = new ArrayList<>();
    archives.readLines(bytes, 0, bytes.length, new EventReader.Cursor("fuzz"), 1, verdicts::add);
    for (Verdict verdict : verdicts) {
      int line = verdict.location().line();
      if (line < 1 || line > lines) {
        report.crashes.add("verdict on line " + line + " of " + lines + ": " + verdict);
      }
      seen.set(line);
      render(verdict, report);
    }
    for (int line = 1; line <= lines; line++) {
      if (!blank.get(line) && !seen.get(line)) {
        report.lost++;
      }
      if (!blank.get(line)) {
        report.records++;
      }
    }
    report.verdicts += verdicts.size();
  }

  /** Detection and every rendering of each finding: none may throw. */
  private void render(Verdict verdict, Report report) {
    if (!(verdict instanceof Verdict.Relevant relevant)) {
      return;
    }
    for (CredentialEvent event : relevant.events()) {
      for (Finding finding : detector.detect(event)) {
        Alert alert =
            finding.toAlert(
                new Alert.Remediation("dry-run", "", "dry-run", "fuzz", "", List.of()),
                Fixtures.NOW,
                true);
        AlertJson.render(alert);
        AlertJson.renderWithin(alert, 64 * 1024);
        AlertText.body(alert);
        AlertText.subject(alert);
        if (TeamsCard.render(alert).getBytes(StandardCharsets.UTF_8).length > TeamsCard.MAX_BYTES) {
          report.crashes.add("a Teams card over the limit for " + alert.id());
        }
        report.alerts++;
      }
    }
  }

  /** The scanner's summary accounts for every record it read. */
  private void checkScanner(byte[] bytes, Report report) {
    Scanner scanner =
        new Scanner(
            EventReader.forArchives(),
            detector,
            RemediationPolicy.dryRun(),
            Severity.INFO,
            true,
            Fixtures.CLOCK,
            new ScanListener() {
              @Override
              public void alert(Alert alert) {}

              @Override
              public void malformed(Verdict.Malformed malformed) {}

              @Override
              public void unreadable(String path, String reason) {
                report.crashes.add("scanner could not read the batch: " + reason);
              }
            });
    scanner.scanUnnamedStream("fuzz.jsonl", new ByteArrayInputStream(bytes));
    ScanSummary summary = scanner.finish();
    if (summary.records() != summary.relevant() + summary.ignored() + summary.malformed()) {
      report.crashes.add("the summary does not add up: " + summary.records());
    }
  }

  /** Each function's reading path, with the record as each platform would carry it. */
  private void checkDeliveries(String record, Report report) {
    String eventBridge =
        "{\"version\":\"0\",\"id\":\"f\",\"detail-type\":\"AWS API Call via CloudTrail\","
            + "\"source\":\"aws.iam\",\"account\":\"111122223333\",\"time\":\"2026-11-20T10:15:01Z\","
            + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":"
            + record
            + "}";
    String sqs =
        "{\"Records\":[{\"messageId\":\"m-1\",\"eventSource\":\"aws:sqs\",\"body\":"
            + io.credwatch.json.JsonLimits.defaultMapper().getNodeFactory().textNode(eventBridge)
            + "}]}";
    List<PlatformDelivery> deliveries =
        List.of(
            PlatformDelivery.lambda(eventBridge.getBytes(StandardCharsets.UTF_8), "fuzz"),
            PlatformDelivery.lambda(sqs.getBytes(StandardCharsets.UTF_8), "fuzz"),
            new PlatformDelivery.EventHubsBody("{\"records\":[" + record + "]}", "fuzz", 0),
            new PlatformDelivery.EventGridEvent(record, "fuzz"),
            new PlatformDelivery.CloudEvent(
                "1.0",
                "fuzz",
                "google.cloud.pubsub.topic.v1.messagePublished",
                "//pubsub.googleapis.com/projects/p/topics/t",
                null,
                null,
                ("{\"message\":{\"data\":\""
                        + Base64.getEncoder()
                            .encodeToString(record.getBytes(StandardCharsets.UTF_8))
                        + "\"}}")
                    .getBytes(StandardCharsets.UTF_8)));
    for (PlatformDelivery delivery : deliveries) {
      List<Verdict> verdicts = functions.read(delivery);
      if (verdicts.isEmpty()) {
        report.lost++;
      }
      verdicts.forEach(verdict -> render(verdict, report));
    }
  }

  private static String clip(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
