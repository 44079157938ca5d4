package io.credwatch.respond;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When an invocation must have answered its platform: Lambda's remaining time, or the timeout the
 * template gives the Azure and GCP functions, counted from the start. A sink or a remediation is
 * started only with time to finish it; what time does not allow is marked for the platform's retry
 * (or its dead-letter store), so the rest of the batch completes and nothing is lost.
 */
public record Deadline(Instant at, Clock clock) {
  /** No deadline: the scanner, and tests that do not test one. */
  public static final Deadline NONE = new Deadline(Instant.MAX, Clock.systemUTC());

  /** What is kept back to answer the platform (write the response, report batch failures). */
  static final Duration RESERVE = Duration.ofSeconds(2);

  /** A deadline {@code remaining} from now. */
  public static Deadline in(Duration remaining, Clock clock) {
    return new Deadline(clock.instant().plus(remaining), clock);
  }

  /** The time left for work, after the reserve; never negative. */
  public Duration forWork() {
    if (at.equals(Instant.MAX)) {
      return Duration.ofDays(1);
    }
    Duration left = Duration.between(clock.instant(), at).minus(RESERVE);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** True when there is no time left to start anything. */
  public boolean passed() {
    return forWork().compareTo(Duration.ofMillis(200)) < 0;
  }

  /** The shorter of {@code limit} and the time left for work. */
  public Duration within(Duration limit) {
    Duration left = forWork();
    return left.compareTo(limit) < 0 ? left : limit;
  }
}
