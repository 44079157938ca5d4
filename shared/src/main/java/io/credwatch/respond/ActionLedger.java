package io.credwatch.respond;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What CredWatch did, kept across invocations in a database of the function's own cloud, so that: a
 * redelivered or replayed event never acts again (above all after a person undid the action); its
 * alert is not sent twice; and a burst of events, genuine or forged, cannot make more than a set
 * number of actions per window (the circuit breaker). Entries expire after {@link #RETENTION}.
 */
public interface ActionLedger {
  /** Longer than any redelivery or replay: Event Hubs keeps 7 days, Pub/Sub seeks 7 days back. */
  Duration RETENTION = Duration.ofDays(14);

  /**
   * What was done for one alert id.
   *
   * @param outcome the outcome's kind ({@code applied}, {@code already-applied}, ...)
   * @param at when
   * @param alertSent whether its alert reached every sink
   */
  record Entry(String outcome, Instant at, boolean alertSent) {
    /** True when CredWatch changed, or found changed, the credential. */
    public boolean acted() {
      return outcome.equals("applied") || outcome.equals("already-applied");
    }

    /** True while the event waits for the cloud's log; {@link #at} is when it was first seen. */
    public boolean pending() {
      return outcome.equals("pending");
    }
  }

  /** The circuit breaker's answer for one more action. */
  enum Budget {
    /** Act. */
    GRANTED,
    /** The window's budget was spent by this request: alert-only, and say remediation paused. */
    PAUSED_NOW,
    /** The budget was already spent (and announced): alert-only. */
    PAUSED
  }

  /** What was done before for this alert id, if anything. */
  Optional<Entry> previous(String alertId);

  /** Records what was done for this alert id. */
  void record(String alertId, Entry entry);

  /** Takes one action from the budget of the window that holds {@code now}. */
  Budget take(Instant now);

  /** How many actions the breaker allows per window, and the window, for messages. */
  String limit();

  /** The breaker's limit as {@link #limit()} words it for an hourly window. */
  static String hourly(int maxPerHour) {
    return maxPerHour
        + " actions per hour ("
        + io.credwatch.config.Settings.MAX_ACTIONS_PER_HOUR
        + ")";
  }

  /** No store: nothing is remembered and nothing limited beyond one invocation's cap. */
  ActionLedger NONE =
      new ActionLedger() {
        @Override
        public Optional<Entry> previous(String alertId) {
          return Optional.empty();
        }

        @Override
        public void record(String alertId, Entry entry) {}

        @Override
        public Budget take(Instant now) {
          return Budget.GRANTED;
        }

        @Override
        public String limit() {
          return "no limit";
        }
      };
}
