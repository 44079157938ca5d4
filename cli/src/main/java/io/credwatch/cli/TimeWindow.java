package io.credwatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --since}/{@code --until} window of a scan: the Sentinel analytic's lookback ({@code
 * --since 24h}) or a fixed period. Each bound is a duration back from now ({@code 90m}, {@code
 * 24h}, {@code 7d}, {@code 2w}), a time ({@code 2026-11-01T00:00:00Z}, any offset) or a date (its
 * first instant, UTC). The start is inclusive and the end exclusive, so consecutive windows never
 * count an event twice.
 */
record TimeWindow(Optional<Instant> since, Optional<Instant> until) {
  static final TimeWindow ALL = new TimeWindow(Optional.empty(), Optional.empty());

  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhdw])");

  static TimeWindow parse(Optional<String> since, Optional<String> until, Instant now) {
    TimeWindow window =
        new TimeWindow(
            since.map(text -> bound("--since", text, now)),
            until.map(text -> bound("--until", text, now)));
    if (window.since.isPresent()
        && window.until.isPresent()
        && !window.since.get().isBefore(window.until.get())) {
      throw new CredWatchCli.UsageException(
          "--since " + window.since.get() + " is not before --until " + window.until.get());
    }
    return window;
  }

  boolean isBounded() {
    return since.isPresent() || until.isPresent();
  }

  /** True when the time is inside the window; an unknown time is inside only an open window. */
  boolean contains(Optional<Instant> time) {
    if (time.isEmpty()) {
      return !isBounded();
    }
    Instant at = time.get();
    return since.map(start -> !at.isBefore(start)).orElse(true)
        && until.map(end -> at.isBefore(end)).orElse(true);
  }

  private static Instant bound(String option, String text, Instant now) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Matcher duration = DURATION.matcher(value);
    if (duration.matches()) {
      long amount = Long.parseLong(duration.group(1));
      Duration back =
          switch (duration.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
          };
      return now.minus(back);
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException notTime) {
      try {
        return LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        throw new CredWatchCli.UsageException(
            option
                + " must be a duration back from now (90m, 24h, 7d, 2w), a time"
                + " (2026-11-01T00:00:00Z) or a date (2026-11-01), not '"
                + io.credwatch.alert.UntrustedText.plain(text, 40)
                + "'");
      }
    }
  }
}
