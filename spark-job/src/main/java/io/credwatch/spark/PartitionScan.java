package io.credwatch.spark;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertFormat;
import io.credwatch.alert.AlertJson;
import io.credwatch.alert.Severity;
import io.credwatch.cli.ScanListener;
import io.credwatch.cli.ScanSummary;
import io.credwatch.cli.Scanner;
import io.credwatch.source.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * One partition's files, scanned by the command line's own {@link Scanner} (first use off: it needs
 * the whole archive), so that every file gives exactly the verdicts, alerts and counts that {@code
 * ./credwatch scan --no-first-use} gives it. Returns the partition's alerts and its counts.
 */
final class PartitionScan implements FlatMapFunction<Iterator<String>, PartitionScan.Result> {
  private static final long serialVersionUID = 1L;

  /** The counts every partition returns, in this order, summed by the driver. */
  static final List<String> COUNTS =
      List.of(
          "files",
          "bytes",
          "records",
          "relevant",
          "ignored",
          "malformed",
          "suppressed",
          "duplicates",
          "belowThreshold",
          "unreadable");

  private final Severity minSeverity;

  /**
   * The driver's Hadoop settings (file system connectors, credentials providers), as plain strings:
   * Hadoop's Configuration is not serializable.
   */
  private final java.util.HashMap<String, String> hadoopSettings;

  PartitionScan(Severity minSeverity, java.util.Map<String, String> hadoopSettings) {
    this.minSeverity = minSeverity;
    this.hadoopSettings = new java.util.HashMap<>(hadoopSettings);
  }

  /** What one partition found. */
  static final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<Finding> findings = new ArrayList<>();
    final long[] counts = new long[COUNTS.size()];
    final List<String> problems = new ArrayList<>();
  }

  @Override
  public Iterator<Result> call(Iterator<String> files) {
    Result result = new Result();
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration(false);
    hadoopSettings.forEach(hadoop::set);
    ScanListener listener =
        new ScanListener() {
          @Override
          public void alert(Alert alert) {
            result.findings.add(finding(alert));
          }

          @Override
          public void malformed(Verdict.Malformed malformed) {
            // counted in the summary; the place, never the record, is reported
            if (result.problems.size() < 20) {
              result.problems.add(
                  malformed.location().file()
                      + " #"
                      + malformed.location().index()
                      + ": "
                      + malformed.reason());
            }
          }

          @Override
          public void unreadable(String path, String reason) {
            result.counts[COUNTS.indexOf("unreadable")]++;
            result.problems.add(path + ": " + reason);
          }
        };
    Scanner scanner = Scanner.withDefaults(minSeverity, listener);
    scanner.followFirstUse(false);
    while (files.hasNext()) {
      String uri = files.next();
      String label = label(uri);
      // Each file opened here, on the executor: Spark's binaryFiles serializes every split's whole
      // file list once per file, which costs more than the scan for thousands of small files.
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
      try (InputStream in = path.getFileSystem(hadoop).open(path)) {
        scanner.scanUnnamedStream(label, in);
      } catch (IOException | RuntimeException unreadable) {
        listener.unreadable(label, unreadable.getClass().getSimpleName());
      }
    }
    ScanSummary summary = scanner.finish();
    long[] totals = {
      summary.files(),
      summary.bytes(),
      summary.records(),
      summary.relevant(),
      summary.ignored(),
      summary.malformed(),
      summary.suppressed(),
      summary.duplicates(),
      summary.belowThreshold()
    };
    System.arraycopy(totals, 0, result.counts, 0, totals.length);
    return List.of(result).iterator();
  }

  /** A local file by its path, as the command line names it; anything else by its URI. */
  static String label(String uri) {
    return uri.startsWith("file:") ? java.net.URI.create(uri).getPath() : uri;
  }

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private static Finding finding(Alert alert) {
    Finding finding = new Finding();
    finding.setFile(alert.input().map(at -> at.file()).orElse(""));
    finding.setIndex(alert.input().map(at -> at.index()).orElse(0L));
    finding.setDocument(AlertJson.render(alert));
    finding.setOcsf(AlertFormat.OCSF.render(alert));
    finding.setRegion(alert.region().isEmpty() ? "global" : alert.region());
    finding.setAccountId(alert.account().isEmpty() ? "unknown" : alert.account());
    finding.setEventDay(DAY.format(alert.eventTime().orElse(alert.detectedAt())));
    return finding;
  }
}
