package io.credwatch.cli;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertText;
import io.credwatch.alert.Severity;
import io.credwatch.alert.UntrustedText;
import io.credwatch.event.RecordLocation;
import io.credwatch.rule.RuleSet;
import io.credwatch.source.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a scan prints: alerts to standard output (text or JSON lines); malformed records, unreadable
 * files, progress and the closing summary to standard error. Every file name and reason is
 * attacker-controlled text and goes out through {@link UntrustedText}.
 */
final class ScanOutput implements ScanListener {
  private static final int MAX_MALFORMED_LINES = 50;
  private static final int PROGRESS_WIDTH = 79;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean progress;
  private int malformedShown;
  private long malformedHidden;
  private boolean progressLine;

  /** The form of each alert line; empty for the text for people. */
  private final java.util.Optional<io.credwatch.alert.AlertFormat> lines;

  ScanOutput(
      java.util.Optional<io.credwatch.alert.AlertFormat> lines,
      PrintWriter out,
      PrintWriter err,
      boolean progress) {
    this.lines = lines;
    this.out = out;
    this.err = err;
    this.progress = progress;
  }

  @Override
  public void alert(Alert alert) {
    endProgress();
    if (lines.isPresent()) {
      out.println(lines.get().render(alert));
    } else {
      out.println(AlertText.body(alert));
      out.println();
    }
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("standard output is closed"));
    }
  }

  @Override
  public void malformed(Verdict.Malformed malformed) {
    if (malformedShown >= MAX_MALFORMED_LINES) {
      malformedHidden++;
      return;
    }
    malformedShown++;
    endProgress();
    err.println(
        "credwatch: malformed: "
            + UntrustedText.plain(malformed.location().describe(), 300)
            + ": "
            + UntrustedText.plain(malformed.reason(), 300));
  }

  @Override
  public void unreadable(String path, String reason) {
    endProgress();
    err.println(
        "credwatch: cannot read "
            + UntrustedText.plain(path, 300)
            + ": "
            + UntrustedText.plain(reason, 200));
  }

  @Override
  public void followingFirstUses(int credentials, int inputs) {
    if (progress) {
      endProgress();
      err.printf(
          Locale.ROOT,
          "credwatch: following %d new credential%s to their first use: reading %d input%s again%n",
          credentials,
          credentials == 1 ? "" : "s",
          inputs,
          inputs == 1 ? "" : "s");
      err.flush();
    }
  }

  @Override
  public void progress(ScanSummary summary) {
    if (!progress) {
      return;
    }
    out.flush();
    String line =
        String.format(
            Locale.ROOT,
            "credwatch: %d files, %d records, %s read, %d findings so far...",
            summary.files(),
            summary.records(),
            ScanSummary.humanBytes(summary.bytes()),
            summary.shownAtLeast(Severity.INFO));
    err.print("\r" + line + " ".repeat(Math.max(0, PROGRESS_WIDTH - line.length())));
    err.flush();
    progressLine = true;
  }

  void endProgress() {
    if (progressLine) {
      // Blanks, not a terminal escape sequence: nothing but text reaches a log file.
      err.print("\r" + " ".repeat(PROGRESS_WIDTH) + "\r");
      err.flush();
      progressLine = false;
    }
  }

  /** The summary at the end of a scan, on standard error. */
  void printSummary(ScanSummary summary, RuleSet rules, Severity minSeverity, double seconds) {
    err.printf(
        Locale.ROOT,
        "credwatch: scanned %d file%s (%s) in %.2f s: %d records, %d credential operation%s, %d ignored, %d malformed%n",
        summary.files(),
        summary.files() == 1 ? "" : "s",
        ScanSummary.humanBytes(summary.bytes()),
        seconds,
        summary.records(),
        summary.relevant(),
        summary.relevant() == 1 ? "" : "s",
        summary.ignored(),
        summary.malformed());
    List<String> counts = new ArrayList<>();
    for (Severity severity :
        List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
      if (summary.shown(severity) > 0) {
        counts.add(summary.shown(severity) + " " + severity.id());
      }
    }
    StringBuilder findings = new StringBuilder("credwatch: findings: ");
    findings.append(counts.isEmpty() ? "none" : String.join(", ", counts));
    if (summary.belowThreshold() > 0) {
      findings
          .append("; ")
          .append(summary.belowThreshold())
          .append(" below ")
          .append(minSeverity.id())
          .append(" not shown (--min-severity info shows them)");
    }
    if (summary.suppressed() > 0) {
      findings.append("; ").append(summary.suppressed()).append(" suppressed");
    }
    if (summary.duplicates() > 0) {
      findings
          .append("; ")
          .append(summary.duplicates())
          .append(" duplicate")
          .append(summary.duplicates() == 1 ? "" : "s")
          .append(" dropped");
    }
    err.println(findings);
    ScanSummary.FirstUseTotals firstUse = summary.firstUse();
    if (firstUse.followed() > 0) {
      err.printf(
          Locale.ROOT,
          "credwatch: first use: %d of %d new credential%s used in the scanned logs%s (second read"
              + " %.2f s, %d record%s parsed)%n",
          firstUse.used(),
          firstUse.followed(),
          firstUse.followed() == 1 ? "" : "s",
          firstUse.urgent() == 0
              ? ""
              : ", "
                  + firstUse.urgent()
                  + " raised (used soon from elsewhere, or at an hour unusual for the creator)",
          firstUse.seconds(),
          firstUse.parsedRecords(),
          firstUse.parsedRecords() == 1 ? "" : "s");
      List<String> unused = firstUse.unused();
      if (!unused.isEmpty()) {
        err.println(
            "credwatch: never used in the scanned logs: "
                + String.join(
                    ", ", unused.stream().limit(10).map(c -> UntrustedText.plain(c, 120)).toList())
                + (unused.size() > 10 ? " and " + (unused.size() - 10) + " more" : ""));
      }
    }
    if (summary.ignored() > 0) {
      List<String> reasons = new ArrayList<>();
      summary.ignoredReasons().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(3)
          .forEach(e -> reasons.add(e.getValue() + " " + UntrustedText.plain(e.getKey(), 60)));
      err.println("credwatch: ignored: " + String.join(", ", reasons));
    }
    for (ScanSummary.UnknownShape shape : summary.unknownShapes(3)) {
      RecordLocation example = shape.example();
      err.printf(
          Locale.ROOT,
          "credwatch: unknown shape: %d record%s with %s, first at %s%n",
          shape.count(),
          shape.count() == 1 ? "" : "s",
          UntrustedText.plain(shape.keys(), 200),
          UntrustedText.plain(example.describe(), 300));
    }
    for (RuleSet.Replacement replaced : rules.replacedBuiltIns()) {
      err.println(
          "credwatch: rules: built-in rule "
              + replaced.id()
              + " ("
              + replaced.builtInName()
              + ") replaced by "
              + UntrustedText.plain(replaced.file(), 300));
    }
    if (summary.skippedFiles() > 0) {
      err.println(
          "credwatch: skipped "
              + summary.skippedFiles()
              + " file(s) in folders that are not .json, .jsonl, .ndjson, .log, .csv or .gz");
    }
    if (malformedHidden > 0) {
      err.println("credwatch: " + malformedHidden + " more malformed record(s) not listed");
    }
  }
}
