package io.credwatch.cli;

import io.credwatch.alert.Alert;
import io.credwatch.alert.FirstUse;
import io.credwatch.alert.Severity;
import io.credwatch.config.IoReasons;
import io.credwatch.detect.Detector;
import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.RemediationPlanner;
import io.credwatch.respond.RemediationPolicy;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import io.credwatch.use.FirstUseTracker;
import io.credwatch.use.Followed;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The offline scanner (architecture §9): reads files, folders (recursively) or standard input;
 * JSON, JSON arrays, JSON lines, gzip; any native shape or envelope. Runs the same detections as
 * the functions, without any cloud call. Then it reads the input a second time to follow each new
 * credential to its first use (architecture §13) and shows the alerts with what that found.
 *
 * <p>Longer than most classes on purpose: the two reads of a scan share its inputs, its held alerts
 * and its counts, and splitting them would pass all three back and forth.
 */
public final class Scanner {
  /** Files picked up when walking a folder. Files named explicitly are read whatever their name. */
  private static final List<String> SCANNED_SUFFIXES =
      List.of(
          ".json",
          ".jsonl",
          ".ndjson",
          ".log",
          ".csv",
          ".gz",
          ".json.gz",
          ".jsonl.gz",
          ".ndjson.gz",
          ".csv.gz");

  /** How far one gzip file may expand before the rest of it is refused (a gzip bomb). */
  static final long DEFAULT_MAX_EXPANDED_MIB = 4096;

  static final String OUTSIDE_WINDOW = "outside the --since/--until window (or no event time)";
  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  private final EventReader reader;
  private final Detector detector;
  private final RemediationPlanner planner = new RemediationPlanner();
  private final RemediationPolicy policy;
  private final Severity minSeverity;
  private final boolean showSuppressed;
  private final Clock clock;
  private final ScanSummary summary = new ScanSummary();
  private final Set<String> alertIds = new HashSet<>();
  private final ScanListener listener;
  private final FirstUseTracker firstUses = new FirstUseTracker();

  /** Alerts wait for the end of the scan: their credentials' first uses may come later. */
  private final List<Held> held = new ArrayList<>();

  /** What was read, in order, to read again for the first uses: files and spooled input. */
  private final List<Input> inputs = new ArrayList<>();

  private boolean followFirstUse = true;
  private boolean finished;
  private double followSeconds;
  private TimeWindow window = TimeWindow.ALL;
  private long maxExpandedBytes = DEFAULT_MAX_EXPANDED_MIB << 20;
  private long lastProgress = System.nanoTime();
  private long verdicts;

  public Scanner(
      EventReader reader,
      Detector detector,
      RemediationPolicy policy,
      Severity minSeverity,
      boolean showSuppressed,
      Clock clock,
      ScanListener listener) {
    this.reader = reader;
    this.detector = detector;
    this.policy = policy;
    this.minSeverity = minSeverity;
    this.showSuppressed = showSuppressed;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * Keeps only credential events inside the window (the analytic's lookback); a record whose events
   * all fall outside it, or carry no time, is counted as ignored with {@link #OUTSIDE_WINDOW}.
   */
  void restrictTo(TimeWindow window) {
    this.window = window;
  }

  /** Stops decompressing a gzip file past this many bytes, reporting it as malformed. */
  void limitExpansion(long maxBytes) {
    this.maxExpandedBytes = maxBytes;
  }

  /** Whether new credentials are followed to their first use (a second read of the input). */
  public void followFirstUse(boolean follow) {
    this.followFirstUse = follow;
  }

  /** The totals so far (alerts are counted when {@link #finish} shows them). */
  public ScanSummary summary() {
    return summary;
  }

  /** An alert found, waiting for its credential's first use. */
  private record Held(Finding finding, Alert alert, Optional<Followed> followed) {}

  /** An input to read again: a file, or standard input spooled to a temporary file. */
  private record Input(String label, Path path, boolean spooled) {}

  /**
   * Ends the scan: reads the input again for the new credentials' uses (architecture §13), then
   * shows every alert with its first use, counting each once. Returns the summary; calling it again
   * changes nothing.
   */
  public ScanSummary finish() {
    if (finished) {
      return summary;
    }
    finished = true;
    try {
      followUses();
    } finally {
      for (Input input : inputs) {
        if (input.spooled()) {
          try {
            Files.deleteIfExists(input.path());
          } catch (IOException ignored) {
            // deleteOnExit is the fallback
          }
        }
      }
    }
    int used = 0;
    int urgent = 0;
    List<String> unused = new ArrayList<>();
    for (Held waiting : held) {
      Alert alert = waiting.alert();
      if (waiting.followed().isPresent()) {
        FirstUseTracker.Assessment assessment =
            firstUses.assess(waiting.followed().get(), FirstUse.FROM_SCAN);
        alert = alert.withFirstUse(assessment.firstUse(), assessment.raisingReasons());
        if (assessment.firstUse().used()) {
          used++;
          urgent += assessment.raisingReasons().isEmpty() ? 0 : 1;
        } else {
          unused.add(
              alert.credential().kind().id()
                  + " "
                  + alert.credential().id()
                  + " on "
                  + alert.target().displayName());
        }
      }
      show(waiting, alert);
    }
    summary.recordFirstUse(
        new ScanSummary.FirstUseTotals(
            firstUses.size(), used, urgent, unused, firstUses.parsedRecords(), followSeconds));
    return summary;
  }

  /** Records whose alert could not be shown, each counted once as malformed. */
  private final Set<io.credwatch.event.RecordLocation> unshown = new HashSet<>();

  /**
   * Shows one alert with its final severity, or counts it below the threshold; a rendering that
   * throws costs that record, reported with its place.
   */
  private void show(Held waiting, Alert alert) {
    if (!alert.severity().atLeast(minSeverity)) {
      summary.countBelowThreshold();
      return;
    }
    try {
      listener.alert(alert);
    } catch (java.io.UncheckedIOException closedOutput) {
      throw closedOutput;
    } catch (RuntimeException poison) {
      // As in the first read: the record's place, never its text; the record counts once.
      if (unshown.add(waiting.finding().event().location())) {
        summary.countRelevantAsMalformed();
      }
      listener.malformed(
          new Verdict.Malformed(
              waiting.finding().event().location(),
              "the record could not be shown (" + poison.getClass().getSimpleName() + ")"));
      return;
    }
    // A suppressed finding is counted once, as suppressed, even when it is shown: it never
    // counts towards the findings by severity, nor towards --fail-on.
    if (waiting.finding().suppressed()) {
      summary.countSuppressed();
    } else {
      summary.countShown(alert.severity());
    }
  }

  /** The second read: every input again, each record shown to the first-use tracker only. */
  private void followUses() {
    if (firstUses.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    listener.followingFirstUses(firstUses.size(), inputs.size());
    for (Input input : inputs) {
      try (InputStream in = Files.newInputStream(input.path())) {
        readStream(input.label(), in, false);
      } catch (IOException | RuntimeException unreadable) {
        // Reported by the first read if it was unreadable then; a file changed since is
        // followed as far as it can be read.
        listener.unreadable(
            input.label(),
            "not read again for first uses: " + unreadable.getClass().getSimpleName());
      }
    }
    followSeconds = (System.nanoTime() - started) / 1e9;
  }

  /** Scans a file, or every scannable file below a folder, in name order. */
  public void scan(Path path) {
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
          if (isScannable(file)) {
            scanFile(file);
          } else {
            summary.countSkippedFile();
          }
        }
      } catch (IOException | java.io.UncheckedIOException unreadable) {
        listener.unreadable(path.toString(), String.valueOf(unreadable.getMessage()));
      }
    } else {
      scanFile(path);
    }
  }

  private static boolean isScannable(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && SCANNED_SUFFIXES.stream().anyMatch(name::endsWith);
  }

  /** True when a folder holds at least one file a scan would read (or the path is a file). */
  public static boolean hasScannableFile(Path path) {
    if (!Files.isDirectory(path)) {
      return true;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.anyMatch(file -> Files.isRegularFile(file) && isScannable(file));
    } catch (IOException | java.io.UncheckedIOException unreadable) {
      return false;
    }
  }

  void scanFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      summary.countFile(Files.size(file));
      inputs.add(new Input(file.toString(), file, false));
      scanStream(file.toString(), in);
    } catch (IOException unreadable) {
      listener.unreadable(file.toString(), IoReasons.of(unreadable));
    }
  }

  /** Scans standard input, or any stream without a file behind it, as one input named label. */
  public void scanUnnamedStream(String label, InputStream raw) {
    ScanStreams.CountingInputStream counted = new ScanStreams.CountingInputStream(raw);
    Path spool = null;
    java.io.OutputStream copy = null;
    InputStream in = counted;
    try {
      if (followFirstUse) {
        // Kept to be read again for first uses, then deleted at the end of the scan.
        spool = Files.createTempFile("credwatch-input-", ".spool");
        spool.toFile().deleteOnExit();
        copy = new java.io.BufferedOutputStream(Files.newOutputStream(spool), 1 << 16);
        in = new ScanStreams.SpoolingInputStream(counted, copy);
        inputs.add(new Input(label, spool, true));
      }
      scanStream(label, in);
    } catch (IOException unreadable) {
      listener.unreadable(label, IoReasons.of(unreadable));
    } finally {
      summary.countFile(counted.count());
      if (copy != null) {
        try {
          copy.close();
        } catch (IOException cannotKeep) {
          listener.unreadable(
              label, "cannot keep a copy for first uses: " + IoReasons.of(cannotKeep));
        }
      }
    }
  }

  /** Scans one input stream; {@code label} names it in alerts and errors. */
  void scanStream(String label, InputStream raw) throws IOException {
    readStream(label, raw, true);
  }

  /**
   * Reads one input stream: the first time for verdicts, the second time ({@code firstRead} false)
   * only to show each record to the first-use tracker, reporting nothing again.
   */
  private void readStream(String label, InputStream raw, boolean firstRead) throws IOException {
    ScanStreams.CountingInputStream compressed = new ScanStreams.CountingInputStream(raw);
    BufferedInputStream buffered = new BufferedInputStream(compressed, 1 << 16);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    boolean gzip = first == 0x1f && second == 0x8b;
    ScanStreams.SalvagingGzip salvaging =
        gzip ? new ScanStreams.SalvagingGzip(buffered, compressed, maxExpandedBytes) : null;
    InputStream in = salvaging == null ? buffered : new BufferedInputStream(salvaging, 1 << 16);
    if (CsvRows.isCsv(label)) {
      in = CsvRows.asJsonLines(in);
    }
    EventReader.Cursor cursor = new EventReader.Cursor(label);
    if (!firstRead) {
      reader.readStream(in, label, cursor.tapping(firstUses.tap()), verdict -> {});
      return;
    }
    boolean empty = reader.readStream(in, label, cursor, this::verdict);
    if (salvaging != null && salvaging.cutAt() >= 0) {
      // What came before the cut has been read; the cut itself is reported, as gzip -d does.
      verdict(
          new Verdict.Malformed(
              new io.credwatch.event.RecordLocation(label, cursor.records(), 0, "", ""),
              "gzip data "
                  + salvaging.problem()
                  + " at byte "
                  + salvaging.cutAt()
                  + " of the file; the records before it were read"));
    } else if (empty) {
      verdict(
          new Verdict.Malformed(
              new io.credwatch.event.RecordLocation(label, 0, 0, "", ""), "file is empty"));
    }
  }

  private void verdict(Verdict verdict) {
    if (verdict instanceof Verdict.Relevant relevant) {
      if (window.isBounded()
          && relevant.events().stream().noneMatch(event -> window.contains(event.eventTime()))) {
        summary.countIgnored(OUTSIDE_WINDOW);
      } else {
        try {
          alertsOf(relevant);
        } catch (java.io.UncheckedIOException closedOutput) {
          throw closedOutput;
        } catch (RuntimeException poison) {
          // A record that breaks detection or rendering costs that record, reported with its
          // place, never the rest of the scan. The message may quote the record: not shown.
          summary.countMalformed();
          listener.malformed(
              new Verdict.Malformed(
                  relevant.location(),
                  "the record could not be checked ("
                      + poison.getClass().getSimpleName()
                      + "); please report it"));
        }
      }
    } else if (verdict instanceof Verdict.Ignored ignored) {
      summary.countIgnored(ignored);
    } else {
      summary.countMalformed();
      listener.malformed((Verdict.Malformed) verdict);
    }
    // Reading the clock for every record of a firehose would show; every 1024th is enough.
    if ((++verdicts & 1023) == 0) {
      long now = System.nanoTime();
      if (now - lastProgress > PROGRESS_EVERY_NANOS) {
        lastProgress = now;
        listener.progress(summary);
      }
    }
  }

  /**
   * Detects the alerts of one relevant record and holds them for {@link #finish}: a record whose
   * detection throws is counted once, as malformed, by the caller.
   */
  private void alertsOf(Verdict.Relevant relevant) {
    List<Finding> findings = new ArrayList<>();
    for (CredentialEvent event : relevant.events()) {
      if (window.contains(event.eventTime())) {
        findings.addAll(detector.detect(event));
      }
    }
    List<Held> found = new ArrayList<>();
    List<Runnable> counts = new ArrayList<>();
    for (Finding finding : findings) {
      if (finding.suppressed() && !showSuppressed) {
        counts.add(summary::countSuppressed);
        continue;
      }
      Alert alert = finding.toAlert(offlineRemediation(finding), clock.instant(), true);
      // Duplicates are dropped within one input (a redelivered record saved twice in an export);
      // separate files are reported separately.
      String key = finding.event().location().file() + "\n" + alert.id();
      if (alertIds.contains(key)
          || found.stream().anyMatch(h -> h.alert().id().equals(alert.id()))) {
        counts.add(summary::countDuplicate);
        continue;
      }
      // Below --min-severity is decided at the end: a first use can raise the severity.
      found.add(
          new Held(
              finding, alert, followFirstUse ? Followed.of(finding.event()) : Optional.empty()));
    }
    summary.countRelevant();
    counts.forEach(Runnable::run);
    for (Held waiting : found) {
      alertIds.add(relevant.location().file() + "\n" + waiting.alert().id());
      if (followFirstUse) {
        waiting.followed().ifPresent(firstUses::follow);
        held.add(waiting);
      } else {
        // Nothing to wait for: shown at once, so memory stays that of one record.
        show(waiting, waiting.alert());
      }
    }
  }

  /** What the deployed functions would do, so that a scan also previews the policy. */
  private Alert.Remediation offlineRemediation(Finding finding) {
    RemediationPlan plan = planner.plan(finding);
    RemediationPolicy.Decision decision = policy.decide(finding, plan, 0);
    String mode = policy.modeFor(finding.rule().name()).id();
    if (plan instanceof RemediationPlan.Act act) {
      String preview =
          decision instanceof RemediationPolicy.Decision.Skip skip
              ? "the deployed function would not act: " + skip.reason()
              : "the deployed function (mode " + mode + ") would " + act.description();
      return new Alert.Remediation(
          mode,
          act.action().id(),
          "skipped",
          "offline scan, no cloud calls; " + preview,
          act.undo(),
          act.action().permissions());
    }
    return Alert.Remediation.none(mode, ((RemediationPlan.None) plan).reason());
  }

  /** The paths found below a folder or given, for tests. */
  static List<Path> expand(Path path) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile).filter(Scanner::isScannable).sorted().forEach(files::add);
      }
    } else {
      files.add(path);
    }
    return files;
  }
}
