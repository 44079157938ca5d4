package io.credwatch.cli;

import io.credwatch.config.IoReasons;
import io.credwatch.event.RecordLocation;
import io.credwatch.source.EventReader;
import io.credwatch.source.RecordSpans;
import io.credwatch.source.RecordTap;
import io.credwatch.source.Verdict;
import io.credwatch.use.FirstUseTracker;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How the scanner opens and reads one input (gzip or not, CSV rows as JSON lines), on whichever
 * thread reads it: immutable, so the workers that read files ahead share one. What it finds goes
 * back to the scan's own thread, which alone counts, detects and reports.
 */
final class InputReader {
  /** Verdicts handed over per batch: fewer hand-overs, and a few hundred records held per core. */
  private static final int VERDICTS_PER_BATCH = 256;

  /** Picked records kept per input before it is left to the scan's own thread. */
  private static final long MAX_PICKED_BYTES = 16L << 20;

  private final EventReader reader;
  private final long maxExpandedBytes;

  /** Whether the first read notes where records lie: only a second read (first use) needs it. */
  private final boolean notesLayouts;

  InputReader(EventReader reader, long maxExpandedBytes, boolean notesLayouts) {
    this.reader = reader;
    this.maxExpandedBytes = maxExpandedBytes;
    this.notesLayouts = notesLayouts;
  }

  /** What a worker read of one file, handed to the scan's thread in file order. */
  sealed interface FileRead {
    record Opened(long size) implements FileRead {}

    record Verdicts(List<Verdict> verdicts) implements FileRead {}

    /** Where its records lie, when it was read whole: the second read needs no framing. */
    record Laid(RecordSpans.Layout layout) implements FileRead {}

    record Unreadable(String reason) implements FileRead {}
  }

  /** The records of one input that a worker's prefilter picked, or why it could not. */
  record UseCandidates(
      long additions, List<UseCandidate> records, boolean lookHere, String unreadable) {}

  /** One picked record: its place among the input's records, and its bytes. */
  @SuppressWarnings("ArrayRecordComponent") // handed over once, never compared or hashed
  record UseCandidate(long index, byte[] bytes) {}

  /** An input opened for reading: decompressed if it is gzip, CSV rows as JSON lines. */
  private record Opened(InputStream in, ScanStreams.@Nullable SalvagingGzip salvaging) {}

  private Opened open(String label, InputStream raw) throws IOException {
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
    return new Opened(in, salvaging);
  }

  /**
   * The first read of one input: its verdicts, in order, to {@code sink}; returns where its records
   * lie when it was read whole and this reader notes layouts.
   */
  Optional<RecordSpans.Layout> readVerdicts(String label, InputStream raw, Consumer<Verdict> sink)
      throws IOException {
    Opened opened = open(label, raw);
    ScanStreams.SalvagingGzip salvaging = opened.salvaging();
    EventReader.Cursor cursor = new EventReader.Cursor(label);
    @Nullable RecordSpans spans = notesLayouts ? RecordSpans.noting(cursor) : null;
    boolean empty = reader.readStream(opened.in(), label, cursor, sink);
    if (salvaging != null && salvaging.cutAt() >= 0) {
      // What came before the cut has been read; the cut itself is reported, as gzip -d does.
      sink.accept(
          new Verdict.Malformed(
              new RecordLocation(label, cursor.records(), 0, "", ""),
              "gzip data "
                  + salvaging.problem()
                  + " at byte "
                  + salvaging.cutAt()
                  + " of the file; the records before it were read"));
    } else if (empty) {
      sink.accept(new Verdict.Malformed(new RecordLocation(label, 0, 0, "", ""), "file is empty"));
    }
    return spans == null ? Optional.empty() : spans.layout();
  }

  /** The second read of one input: every record shown to {@code tap}, no verdict reported. */
  void readForUses(String label, InputStream raw, RecordTap tap) throws IOException {
    Opened opened = open(label, raw);
    reader.readStream(
        opened.in(), label, new EventReader.Cursor(label).tapping(tap), verdict -> {});
  }

  /** On a worker: reads one file, handing its verdicts over in batches. */
  void readAhead(Path file, Consumer<FileRead> emit) {
    List<Verdict> batch = new ArrayList<>(VERDICTS_PER_BATCH);
    Consumer<Verdict> sink =
        verdict -> {
          batch.add(verdict);
          if (batch.size() == VERDICTS_PER_BATCH) {
            flush(batch, emit);
          }
        };
    try (InputStream in = Files.newInputStream(file)) {
      emit.accept(new FileRead.Opened(Files.size(file)));
      Optional<RecordSpans.Layout> layout = readVerdicts(file.toString(), in, sink);
      flush(batch, emit);
      layout.ifPresent(laid -> emit.accept(new FileRead.Laid(laid)));
    } catch (IOException unreadable) {
      flush(batch, emit);
      emit.accept(new FileRead.Unreadable(IoReasons.of(unreadable)));
    }
  }

  private static void flush(List<Verdict> batch, Consumer<FileRead> emit) {
    if (!batch.isEmpty()) {
      emit.accept(new FileRead.Verdicts(List.copyOf(batch)));
      batch.clear();
    }
  }

  /**
   * Shows {@code pick} the records at the layout's offsets; false if the input's length changed.
   */
  private boolean pickByLayout(String label, Path path, RecordSpans.Layout layout, RecordTap pick)
      throws IOException {
    byte[] data;
    try (InputStream in = Files.newInputStream(path)) {
      data = open(label, in).in().readNBytes(layout.length() + 1);
    }
    if (data.length != layout.length()) {
      return false;
    }
    for (int record = 0; record < layout.records(); record++) {
      pick.record(data, layout.start(record), layout.end(record));
    }
    return true;
  }

  /** Thrown when an input has too many picked records to hold. */
  private static final class TooManyPicked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyPicked() {
      super(null, null, false, false);
    }
  }

  /**
   * On a worker: the records of one input that {@code prefilter} finds, with their places. With the
   * {@code layout} the first read noted, the records are found by their offsets, not framed again;
   * should the input's length have changed since, it is framed again.
   */
  UseCandidates pickUseCandidates(
      String label,
      Path path,
      FirstUseTracker.Prefilter prefilter,
      RecordSpans.@Nullable Layout layout) {
    List<UseCandidate> picked = new ArrayList<>();
    long[] counts = new long[2]; // records seen, bytes picked
    RecordTap pick =
        (data, start, end) -> {
          long index = counts[0]++;
          if (prefilter.foundIn(data, start, end)) {
            counts[1] += end - start;
            if (counts[1] > MAX_PICKED_BYTES) {
              throw new TooManyPicked();
            }
            picked.add(new UseCandidate(index, Arrays.copyOfRange(data, start, end)));
          }
        };
    try {
      // pickByLayout picks nothing before it knows the length is unchanged.
      if (layout == null || !pickByLayout(label, path, layout, pick)) {
        try (InputStream in = Files.newInputStream(path)) {
          readForUses(label, in, pick);
        }
      }
      return new UseCandidates(prefilter.additions(), picked, false, "");
    } catch (TooManyPicked tooMany) {
      return new UseCandidates(prefilter.additions(), List.of(), true, "");
    } catch (IOException | RuntimeException unreadable) {
      return new UseCandidates(
          prefilter.additions(), List.of(), false, unreadable.getClass().getSimpleName());
    }
  }
}
