package io.credwatch.respond;

import io.credwatch.alert.UntrustedText;
import io.credwatch.event.CredentialEvent;
import io.credwatch.source.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Confirms an event against the cloud's own log before CredWatch acts on it (architecture §6): a
 * record on the event bus or in a queue can be forged by anyone allowed to write there; the audit
 * log can only be written by the cloud. Each cloud looks the record up by its id (CloudTrail {@code
 * LookupEvents}, Cloud Logging {@code entries.list}, Graph {@code directoryAudits/{id}}, the
 * Activity Log) and hands what it found to {@link #compare}.
 */
public interface Provenance {

  /** What the cloud's log says of one event. */
  sealed interface Answer permits Confirmed, NotYet, Contradicted {}

  /**
   * The log holds the same record: operation, target, credential, account, result and time agree.
   *
   * @param log the log that confirmed it, in words ("CloudTrail")
   */
  record Confirmed(String log) implements Answer {}

  /**
   * The log does not hold the record yet (logs lag the event bus by minutes), or could not be read
   * just now: ask again later.
   */
  record NotYet(String why) implements Answer {}

  /** The log holds a record with this id that says something else: never act. */
  record Contradicted(String why) implements Answer {}

  /** The log, in words, for alerts: "CloudTrail", "Cloud Logging". */
  String log();

  /** Looks the event up. Must not throw: a failed lookup is {@link NotYet} with its reason. */
  Answer confirm(CredentialEvent claimed);

  /** No log to confirm against: nothing is ever confirmed. */
  Provenance NONE =
      new Provenance() {
        @Override
        public String log() {
          return "no log";
        }

        @Override
        public Answer confirm(CredentialEvent claimed) {
          return new NotYet("this function has no audit log to confirm events against");
        }
      };

  /**
   * Compares the claimed event with what the log returned for its id, read by the same reader.
   *
   * @param claimed the event as delivered
   * @param logged the log's records for that id (usually one)
   * @param log the log, in words
   * @param timeTolerance how far the two times may differ: zero when both are the same record, a
   *     little for ARM, whose Event Grid event and Activity Log entry are stamped apart
   */
  static Answer compare(
      CredentialEvent claimed, List<Verdict> logged, String log, Duration timeTolerance) {
    List<String> mismatches = new ArrayList<>();
    String ignoredAs = "";
    for (Verdict verdict : logged) {
      if (verdict instanceof Verdict.Relevant relevant) {
        for (CredentialEvent event : relevant.events()) {
          Optional<String> differs = differences(claimed, event, timeTolerance);
          if (differs.isEmpty()) {
            return new Confirmed(log);
          }
          mismatches.add(differs.get());
        }
      } else if (verdict instanceof Verdict.Ignored ignored) {
        ignoredAs = ignored.reason();
      } else if (verdict instanceof Verdict.Malformed malformed) {
        ignoredAs = "unreadable: " + malformed.reason();
      }
    }
    if (!mismatches.isEmpty()) {
      return new Contradicted(
          log + " records event " + quoted(claimed.eventId()) + " with " + mismatches.get(0));
    }
    if (!ignoredAs.isEmpty()) {
      return new Contradicted(
          log
              + " records event "
              + quoted(claimed.eventId())
              + " as something else ("
              + UntrustedText.plain(ignoredAs, 120)
              + ")");
    }
    return new NotYet(log + " holds no record " + quoted(claimed.eventId()) + " yet");
  }

  /** The first field that differs, as "another X (logged) than the event's (claimed)". */
  private static Optional<String> differences(
      CredentialEvent claimed, CredentialEvent logged, Duration timeTolerance) {
    List<Field> fields =
        List.of(
            new Field("operation", e -> e.operation().qualified()),
            new Field("account", CredentialEvent::account),
            new Field("target", e -> e.target().kind() + " " + e.target().id()),
            new Field("credential", e -> e.credential().kind() + " " + e.credential().id()),
            new Field("result", e -> e.outcome().success() ? "success" : "failure"));
    for (Field field : fields) {
      String expected = field.value().apply(claimed);
      String found = field.value().apply(logged);
      if (field.name().equals("account") && found.isEmpty()) {
        // Graph's directory audits carry no tenant: the log read is the function's own tenant's.
        continue;
      }
      // Ids compare as the clouds compare them: ARM resource ids, GUIDs and IAM user names are
      // case-insensitive.
      if (!expected.equalsIgnoreCase(found)) {
        return Optional.of(
            "another "
                + field.name()
                + " ("
                + quoted(found)
                + ") than the event's ("
                + quoted(expected)
                + ")");
      }
    }
    Optional<Instant> claimedTime = claimed.eventTime();
    Optional<Instant> loggedTime = logged.eventTime();
    if (claimedTime.isEmpty()
        || loggedTime.isEmpty()
        || Duration.between(claimedTime.get(), loggedTime.get()).abs().compareTo(timeTolerance)
            > 0) {
      return Optional.of(
          "another time ("
              + loggedTime.map(Instant::toString).orElse("none")
              + ") than the event's ("
              + claimedTime.map(Instant::toString).orElse("none")
              + ")");
    }
    return Optional.empty();
  }

  private static String quoted(String untrusted) {
    return "'" + UntrustedText.plain(untrusted, 120) + "'";
  }

  /** One compared field. */
  record Field(String name, Function<CredentialEvent, String> value) {}
}
