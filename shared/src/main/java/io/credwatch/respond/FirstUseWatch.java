package io.credwatch.respond;

import io.credwatch.alert.Alert;
import io.credwatch.alert.FirstUse;
import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.source.Verdict;
import io.credwatch.use.Followed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows a new credential to its first use from a deployed function (architecture §13): after the
 * alert, the cloud's own last-used record is asked on a fixed schedule for 24 hours, and a
 * follow-up alert with the same alert id says when the credential was first seen in use, or that it
 * was not used in 24 hours. It only reads and alerts, never acts: a look someone else puts in the
 * queue costs at most an alert about an event of the cloud's own shape.
 *
 * <p>Each look comes back through the cloud's delayed queue as the event itself plus the number of
 * the look. The schedule is counted from the credential's creation, so no watch outlives 24 hours
 * after it, and a credential is asked about at most {@code POLLS.size()} times.
 */
public final class FirstUseWatch {
  /** When to ask, counted from the credential's creation: ten looks, the last at 24 hours. */
  public static final List<Duration> POLLS =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(8),
          Duration.ofHours(16),
          Duration.ofHours(24));

  /** The window the watch covers, for people. */
  public static final String WINDOW = "24 h after it was added";

  /** A look that comes back at most this early (queue delays are capped) is made at once. */
  private static final Duration EARLY_ENOUGH = Duration.ofSeconds(30);

  /** The cloud's record of when a credential was last used. */
  public interface LastUse {
    /** True when the cloud keeps a last-used record for the credential this event adds. */
    boolean knows(CredentialEvent event);

    /**
     * When it was last used, or empty when never.
     *
     * @throws RuntimeException when the cloud cannot be asked (the look is then retried)
     */
    Optional<Observation> of(CredentialEvent event);

    /** The call that tells, named in the alert ("iam:GetAccessKeyLastUsed"). */
    String source();
  }

  /**
   * What the cloud says of a credential's last use.
   *
   * @param service the service it was used with, or ""
   * @param region the region it was used in, or ""
   * @param source where this was read, when the cloud has more than one record ("" for {@link
   *     LastUse#source})
   */
  public record Observation(Instant at, String service, String region, String source) {
    public Observation(Instant at, String service, String region) {
      this(at, service, region, "");
    }
  }

  /** How a look comes back later: the cloud's delayed queue. */
  public interface Schedule {
    /**
     * Sends the event back after {@code delay} (the queue may cap it) as look number {@code poll}.
     */
    void schedule(byte[] event, int poll, Duration delay);
  }

  private final Watching watching;
  private final LastUse lastUse;
  private final Schedule schedule;

  FirstUseWatch(LastUse lastUse, Schedule schedule, Watching watching) {
    this.watching = watching;
    this.lastUse = lastUse;
    this.schedule = schedule;
  }

  /** After a first alert: schedules the first look, when this credential can be watched. */
  void start(CredentialEvent event, byte[] eventBytes, String alertId) {
    Optional<Instant> created = createdAt(event);
    if (created.isEmpty()) {
      return;
    }
    Instant now = watching.clock().instant();
    try {
      schedule.schedule(eventBytes, 0, untilLook(created.get(), 0, now));
      watching.log().info("watching for the credential's first use", Map.of("alert", alertId));
    } catch (RuntimeException unscheduled) {
      // The alert went out; only the watch is lost, and the log says so.
      watching
          .log()
          .error(
              "the first-use watch could not be scheduled",
              Map.of("alert", alertId, "error", unscheduled.getClass().getSimpleName()));
    }
  }

  /**
   * One look: asks the cloud, then sends the follow-up or schedules the next look.
   *
   * @return false when the platform must deliver this look again (the cloud or a sink failed)
   */
  public boolean look(PlatformDelivery delivery, int poll, Deadline deadline) {
    if (poll < 0 || poll >= POLLS.size()) {
      watching.log().info("first-use look out of its schedule, dropped", Map.of("poll", poll));
      return true;
    }
    List<Finding> findings = new ArrayList<>();
    try {
      for (Verdict verdict : watching.reader().read(delivery)) {
        if (verdict instanceof Verdict.Relevant relevant) {
          for (CredentialEvent event : relevant.events()) {
            findings.addAll(watching.detector().detect(event));
          }
        }
      }
    } catch (RuntimeException poison) {
      // It would break on every retry: acknowledged and logged by type, as Delivery does.
      watching
          .log()
          .error(
              "a first-use look could not be read; it is dropped",
              Map.of("error", poison.getClass().getSimpleName()));
      return true;
    }
    boolean done = true;
    for (Finding finding : findings) {
      done &= look(delivery, finding, poll, deadline);
    }
    return done;
  }

  private boolean look(PlatformDelivery delivery, Finding finding, int poll, Deadline deadline) {
    CredentialEvent event = finding.event();
    Optional<Instant> created = createdAt(event);
    if (created.isEmpty() || finding.suppressed()) {
      return true;
    }
    Instant now = watching.clock().instant();
    String alertId = io.credwatch.alert.AlertIds.of(event);
    Duration wait = untilLook(created.get(), poll, now);
    if (wait.compareTo(EARLY_ENOUGH) > 0) {
      // Back before its time: a queue caps its delay (SQS at 15 minutes); wait on.
      return reschedule(delivery, event, poll, wait);
    }
    Optional<Observation> seen;
    try {
      seen = lastUse.of(event);
    } catch (RuntimeException unanswered) {
      watching
          .log()
          .error(
              "the cloud's last-used record could not be read: the look is retried",
              Map.of("alert", alertId, "error", unanswered.getClass().getSimpleName()));
      return false;
    }
    // A use older than the credential is another credential's (or the clock's) and not counted.
    Optional<Observation> used =
        seen.filter(s -> !s.at().isBefore(created.get().minus(Duration.ofMinutes(1))));
    FirstUse firstUse;
    if (used.isPresent()) {
      Observation use = used.get();
      firstUse =
          new FirstUse(
              true,
              use.source().isEmpty() ? lastUse.source() : use.source(),
              WINDOW,
              Optional.of(use.at()),
              Optional.of(Duration.between(created.get(), use.at())),
              "",
              event.actor().sourceIp(),
              "",
              "",
              use.region(),
              use.service(),
              "success",
              List.of(),
              0);
    } else if (poll + 1 < POLLS.size()) {
      return reschedule(delivery, event, poll + 1, untilLook(created.get(), poll + 1, now));
    } else {
      firstUse = FirstUse.unused(lastUse.source(), WINDOW);
    }
    Alert alert = followUp(finding, firstUse, List.of(), watching.policy(), now);
    List<String> failures = watching.responder().sendToSinks(alert, deadline);
    watching
        .log()
        .info(
            firstUse.used() ? "first use" : "not used in 24 h",
            Map.of("alert", alertId, "deliveryFailures", failures));
    return failures.isEmpty();
  }

  /** Schedules the next look; false (the platform retries this one) when it cannot. */
  private boolean reschedule(
      PlatformDelivery delivery, CredentialEvent event, int poll, Duration wait) {
    try {
      schedule.schedule(delivery.followUpOf(event.location()), poll, wait);
      return true;
    } catch (RuntimeException unscheduled) {
      watching
          .log()
          .error(
              "the next first-use look could not be scheduled: this one is retried",
              Map.of("error", unscheduled.getClass().getSimpleName()));
      return false;
    }
  }

  /**
   * The follow-up alert: the finding's alert (same id) with its first use, raised for each of
   * {@code raisingReasons}, and a note saying it follows the first alert. Remediation is not run
   * again.
   */
  static Alert followUp(
      Finding finding,
      FirstUse firstUse,
      List<String> raisingReasons,
      RemediationPolicy policy,
      Instant now) {
    return finding
        .toAlert(
            Alert.Remediation.none(
                policy.modeFor(finding.rule().name()).id(),
                "unchanged: this follow-up reports the credential's first use; what CredWatch"
                    + " did is in the first alert with this id"),
            now,
            false)
        .withFirstUse(firstUse, raisingReasons)
        .withNote(
            firstUse.used()
                ? "Follow-up: the credential was used; the first alert with this id was sent"
                    + " when it was added."
                : "Follow-up: the credential was not used in the " + firstUse.window() + ".");
  }

  /** When this event's credential was added, if it is one to watch, now or within the window. */
  private Optional<Instant> createdAt(CredentialEvent event) {
    if (!lastUse.knows(event)) {
      return Optional.empty();
    }
    Optional<Instant> created = Followed.of(event).flatMap(Followed::createdAt);
    Instant now = watching.clock().instant();
    // A creation time in the future, or past the window, is no watch: nothing outlives 24 h.
    return created.filter(
        time ->
            !time.isAfter(now.plus(Duration.ofMinutes(5)))
                && time.plus(POLLS.get(POLLS.size() - 1)).plus(Duration.ofHours(1)).isAfter(now));
  }

  private static Duration untilLook(Instant created, int poll, Instant now) {
    Duration wait = Duration.between(now, created.plus(POLLS.get(poll)));
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
