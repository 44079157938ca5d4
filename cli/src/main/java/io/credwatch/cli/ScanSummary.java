package io.credwatch.cli;

import io.credwatch.alert.Severity;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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

  /** The commonest reasons records were ignored, with counts. */
  public Map<String, Long> ignoredReasons() {
    Map<String, Long> counts = new LinkedHashMap<>();
    ignoredReasons.forEach((category, count) -> counts.put(category, count[0]));
    return counts;
  }
}
