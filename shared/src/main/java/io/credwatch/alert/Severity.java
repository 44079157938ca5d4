package io.credwatch.alert;

import java.util.Locale;
import java.util.Optional;

/** How urgently a person should look, from {@code info} (logged only) to {@code critical}. */
public enum Severity {
  INFO("info", 0),
  LOW("low", 1),
  MEDIUM("medium", 2),
  HIGH("high", 3),
  CRITICAL("critical", 4);

  private static final Severity[] BY_RANK = {INFO, LOW, MEDIUM, HIGH, CRITICAL};

  private final String id;
  private final int rank;

  Severity(String id, int rank) {
    this.id = id;
    this.rank = rank;
  }

  public String id() {
    return id;
  }

  public static Optional<Severity> fromId(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (Severity severity : values()) {
      if (severity.id.equals(wanted)) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }

  /** {@code steps} levels higher, at most critical. */
  public Severity raise(int steps) {
    return BY_RANK[Math.min(BY_RANK.length - 1, rank + steps)];
  }

  /** {@code steps} levels lower, at least info. */
  public Severity lower(int steps) {
    return BY_RANK[Math.max(0, rank - steps)];
  }

  public boolean atLeast(Severity other) {
    return rank >= other.rank;
  }

  /** "info, low, medium, high, critical", for error messages. */
  public static String choices() {
    return String.join(", ", java.util.Arrays.stream(values()).map(Severity::id).toList());
  }
}
