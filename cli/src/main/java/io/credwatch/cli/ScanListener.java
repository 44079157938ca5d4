package io.credwatch.cli;

import io.credwatch.alert.Alert;
import io.credwatch.source.Verdict;

/** What a scan reports as it goes. */
public interface ScanListener {

  /** A finding at or above the minimum severity, not suppressed, not a duplicate. */
  void alert(Alert alert);

  /** A record that could not be read. */
  void malformed(Verdict.Malformed malformed);

  /** A file or path that could not be read at all. */
  void unreadable(String path, String reason);

  /** The first-use pass begins: {@code credentials} followed through {@code inputs} again. */
  default void followingFirstUses(int credentials, int inputs) {}

  /** Called now and then during long scans. */
  default void progress(ScanSummary summary) {}
}
