package io.credwatch.cli;

import io.credwatch.alert.Severity;
import io.credwatch.event.RecordLocation;
import io.credwatch.source.Verdict;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Running totals of a scan, for progress and the final summary. */
public final class ScanSummary {
  private long files;
  private long bytes;
  private long records;
  private long relevant;
  private long ignored;
  private long malformed;
  private long suppressed;
  private long duplicates;
  private long belowThreshold;
  private long skippedFiles;
  private final EnumMap<Severity, Long> shown = new EnumMap<>(Severity.class);
  // Mutable counters: a firehose counts hundreds of thousands of ignored records per second.
  private final Map<String, long[]> ignoredReasons = new LinkedHashMap<>();
  private final Map<String, UnknownShape> unknownShapes = new LinkedHashMap<>();

  /**
   * Records of one unknown shape (the same first member names): how many, and the first one, so
   * that a user sees at once what was skipped and where to look.
   */
  public static final class UnknownShape {
    private final String keys;
    private final RecordLocation example;
    private long count;

    UnknownShape(String keys, RecordLocation example) {
      this.keys = keys;
      this.example = example;
    }

    public String keys() {
      return keys;
    }

    public RecordLocation example() {
      return example;
    }

    public long count() {
      return count;
    }
  }

  /** What the first-use pass found: how many new credentials it followed, which went unused. */
  public record FirstUseTotals(
      int followed, int used, int urgent, List<String> unused, long parsedRecords, double seconds) {
    public FirstUseTotals {
      unused = List.copyOf(unused);
    }

    static final FirstUseTotals NONE = new FirstUseTotals(0, 0, 0, List.of(), 0, 0);
  }

  private FirstUseTotals firstUse = FirstUseTotals.NONE;

  void recordFirstUse(FirstUseTotals totals) {
    this.firstUse = totals;
  }

  public FirstUseTotals firstUse() {
    return firstUse;
  }

  void countFile(long size) {
    files++;
    bytes += size;
  }

  void countSkippedFile() {
    skippedFiles++;
  }

  void countRelevant() {
    records++;
    relevant++;
  }

  void countIgnored(String category) {
    records++;
    ignored++;
    long[] count = ignoredReasons.get(category);
    if (count == null && ignoredReasons.size() < 100) {
      count = new long[1];
      ignoredReasons.put(category, count);
    }
    if (count != null) {
      count[0]++;
    }
  }

  /** Counts an ignored record; one no shape reads is also grouped by its member names. */
  void countIgnored(Verdict.Ignored ignored) {
    countIgnored(ignored.category());
    if (ignored.category().equals(Verdict.Ignored.UNKNOWN_SHAPE)) {
      UnknownShape shape = unknownShapes.get(ignored.detail());
      if (shape == null && unknownShapes.size() < 1000) {
        shape = new UnknownShape(ignored.detail(), ignored.location());
        unknownShapes.put(ignored.detail(), shape);
      }
      if (shape != null) {
        shape.count++;
      }
    }
  }

  /** A relevant record whose alert could not be shown: malformed after all. */
  void countRelevantAsMalformed() {
    relevant--;
    malformed++;
  }

  void countMalformed() {
    records++;
    malformed++;
  }

  void countShown(Severity severity) {
    shown.merge(severity, 1L, Long::sum);
  }

  void countSuppressed() {
    suppressed++;
  }

  void countDuplicate() {
    duplicates++;
  }

  void countBelowThreshold() {
    belowThreshold++;
  }

  public long files() {
    return files;
  }

  public long bytes() {
    return bytes;
  }

  public long records() {
    return records;
  }

  public long relevant() {
    return relevant;
  }

  public long ignored() {
    return ignored;
  }

  public long malformed() {
    return malformed;
  }

  public long suppressed() {
    return suppressed;
  }

  public long duplicates() {
    return duplicates;
  }

  public long belowThreshold() {
    return belowThreshold;
  }

  public long skippedFiles() {
    return skippedFiles;
  }

  /** Findings shown at or above a severity. */
  public long shownAtLeast(Severity severity) {
    return shown.entrySet().stream()
        .filter(e -> e.getKey().atLeast(severity))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  public long shown(Severity severity) {
    return shown.getOrDefault(severity, 0L);
  }

  /** The commonest unknown shapes, most records first. */
  public List<UnknownShape> unknownShapes(int limit) {
    return unknownShapes.values().stream()
        .sorted(java.util.Comparator.comparingLong(UnknownShape::count).reversed())
        .limit(limit)
        .toList();
  }

  /** The commonest reasons records were ignored, with counts. */
  public Map<String, Long> ignoredReasons() {
    Map<String, Long> counts = new LinkedHashMap<>();
    ignoredReasons.forEach((category, count) -> counts.put(category, count[0]));
    return counts;
  }

  /** A size as the summary gives it: B, KiB or MiB. */
  public static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
