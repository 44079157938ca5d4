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
import io.credwatch.source.RecordSpans;
import io.credwatch.source.RecordTap;
import io.credwatch.source.Verdict;
import io.credwatch.use.FirstUseTracker;
import io.credwatch.use.Followed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

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

  /**
   * Records whose offsets are kept for the second read (8 bytes each, 16 MiB in all); an archive
   * with more has its later inputs framed again.
   */
  private static final long MAX_LAYOUT_RECORDS = 2_000_000;

  private long layoutRecords;

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
  private int threads = ReadAhead.threadsForThisMachine();

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
   * A scanner with the built-in rules, no suppressions and the default settings' policy: how the
   * Spark job scans each file, so that it finds what {@code ./credwatch scan} finds by default.
   */
  public static Scanner withDefaults(Severity minSeverity, ScanListener listener) {
    return new Scanner(
        EventReader.forArchives(),
        new Detector(
            new io.credwatch.rule.RuleLoader(new io.credwatch.respond.RemediationActions())
                .load(Optional.empty()),
            io.credwatch.detect.Suppressions.none(),
            Clock.systemUTC()),
        io.credwatch.config.Settings.defaults().policy(List.of()),
        minSeverity,
        false,
        Clock.systemUTC(),
        listener);
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

  /** How many workers read files ahead (one reads them in turn, on the scan's thread). */
  void useThreads(int threads) {
    this.threads = Math.max(1, threads);
  }

  /** The totals so far (alerts are counted when {@link #finish} shows them). */
  public ScanSummary summary() {
    return summary;
  }

  /** An alert found, waiting for its credential's first use. */
  private record Held(Finding finding, Alert alert, Optional<Followed> followed) {}

  /**
   * An input to read again for first uses: a file, or standard input spooled to a temporary file;
   * with where its records lie, if known.
   */
  private record Input(
      String label, Path path, boolean spooled, RecordSpans.@Nullable Layout layout) {
    Input(String label, Path path, boolean spooled) {
      this(label, path, spooled, null);
    }
  }

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

  /**
   * The second read: every input again, each record shown to the first-use tracker only. With more
   * than one core, workers decompress the inputs and pick the records the needles find, and this
   * thread reads those in input order; an input is read again here when the needles grew after a
   * worker took them (a session minted in an earlier input), so the result is that of one reader.
   */
  private void followUses() {
    if (firstUses.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    listener.followingFirstUses(firstUses.size(), inputs.size());
    if (threads == 1 || inputs.size() < 2) {
      inputs.forEach(input -> lookAgain(input, -1));
    } else {
      // What the workers prefilter with: the tracker's needles as this thread last saw them.
      AtomicReference<FirstUseTracker.Prefilter> prefilter =
          new AtomicReference<>(firstUses.prefilter());
      InputReader inputReader = inputReader(false);
      try (ReadAhead<Input, InputReader.UseCandidates> ahead =
          new ReadAhead<>(
              inputs,
              threads,
              (input, emit) ->
                  emit.accept(
                      inputReader.pickUseCandidates(
                          input.label(),
                          input.path(),
                          Objects.requireNonNull(prefilter.get()),
                          input.layout())))) {
        for (Input input : inputs) {
          ahead.next(
              candidates -> {
                if (!followUsesIn(input, candidates)) {
                  prefilter.set(firstUses.prefilter());
                }
              });
        }
      }
    }
    followSeconds = (System.nanoTime() - started) / 1e9;
  }

  /**
   * On the scan's thread, in input order: the picked records, or the input read again here when the
   * worker's needles were missing some. Returns false when the needles grew meanwhile.
   */
  private boolean followUsesIn(Input input, InputReader.UseCandidates candidates) {
    if (!candidates.unreadable().isEmpty()) {
      reportNotReadAgain(input, candidates.unreadable());
      return true;
    }
    if (candidates.lookHere() || candidates.additions() != firstUses.additions()) {
      lookAgain(input, -1);
      return false;
    }
    for (InputReader.UseCandidate candidate : candidates.records()) {
      byte[] bytes = candidate.bytes();
      firstUses.offerIfFound(bytes, 0, bytes.length);
      if (firstUses.additions() != candidates.additions()) {
        // The record minted a session: the rest of the input is looked at for its key too.
        lookAgain(input, candidate.index());
        return false;
      }
    }
    return true;
  }

  /** Reads one input again on this thread, showing the tracker its records after {@code after}. */
  private void lookAgain(Input input, long after) {
    long[] index = {0};
    RecordTap tap = firstUses.tap();
    try (InputStream in = Files.newInputStream(input.path())) {
      inputReader(false)
          .readForUses(
              input.label(),
              in,
              (data, start, end) -> {
                if (index[0]++ > after) {
                  tap.record(data, start, end);
                }
              });
    } catch (IOException | RuntimeException unreadable) {
      reportNotReadAgain(input, unreadable.getClass().getSimpleName());
    }
  }

  /**
   * Reported by the first read if it was unreadable then; a file changed since is followed as far
   * as it can be read.
   */
  private void reportNotReadAgain(Input input, String reason) {
    listener.unreadable(input.label(), "not read again for first uses: " + reason);
  }

  /** Scans a file, or every scannable file below a folder, in name order. */
  public void scan(Path path) {
    if (Files.isDirectory(path)) {
      List<Path> files = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
          if (isScannable(file)) {
            files.add(file);
          } else {
            summary.countSkippedFile();
          }
        }
      } catch (IOException | java.io.UncheckedIOException unreadable) {
        listener.unreadable(path.toString(), String.valueOf(unreadable.getMessage()));
      }
      scanFiles(files);
    } else {
      scanFile(path);
    }
  }

  private static boolean isScannable(Path file) {
    return isScannableName(String.valueOf(file.getFileName()));
  }

  /** Whether a folder walk reads a file of this name (JSON, JSON lines, CSV, logs, gzip). */
  public static boolean isScannableName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
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

  /**
   * Scans files in order. With more than one core, workers read them ahead (decompressing, framing,
   * reading shapes) and this thread takes each file's verdicts in file order: detection, alerts,
   * counts and output are those of a one-by-one scan.
   */
  private void scanFiles(List<Path> files) {
    if (threads == 1 || files.size() < 2) {
      files.forEach(this::scanFile);
      return;
    }
    // Where each file's records lie is noted for the second read, which only first use makes.
    InputReader inputReader = inputReader(followFirstUse);
    try (ReadAhead<Path, InputReader.FileRead> ahead =
        new ReadAhead<>(files, threads, inputReader::readAhead)) {
      for (Path file : files) {
        ahead.next(read -> replay(file, read));
      }
    }
  }

  /** On the scan's thread: what {@link #scanFile} does, from what a worker read. */
  private void replay(Path file, InputReader.FileRead read) {
    if (read instanceof InputReader.FileRead.Opened opened) {
      summary.countFile(opened.size());
      inputs.add(new Input(file.toString(), file, false));
    } else if (read instanceof InputReader.FileRead.Verdicts verdicts) {
      verdicts.verdicts().forEach(this::verdict);
    } else if (read instanceof InputReader.FileRead.Laid laid) {
      keepLayout(laid.layout());
    } else {
      listener.unreadable(file.toString(), ((InputReader.FileRead.Unreadable) read).reason());
    }
  }

  /**
   * Keeps where the last input's records lie, for its second read, while the offsets kept take at
   * most {@link #MAX_LAYOUT_RECORDS} records: past that, inputs are framed again.
   */
  private void keepLayout(RecordSpans.Layout layout) {
    if (layoutRecords + layout.records() <= MAX_LAYOUT_RECORDS) {
      layoutRecords += layout.records();
      Input last = inputs.remove(inputs.size() - 1);
      inputs.add(new Input(last.label(), last.path(), last.spooled(), layout));
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
    inputReader(false).readVerdicts(label, raw, this::verdict);
  }

  /** A reader of inputs for this thread or the workers; it notes layouts only when told to. */
  private InputReader inputReader(boolean notesLayouts) {
    return new InputReader(reader, maxExpandedBytes, notesLayouts);
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
