package io.credwatch.respond;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertJson;
import io.credwatch.detect.Detector;
import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.log.JsonLog;
import io.credwatch.source.EventReader;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.source.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every cloud function does with one platform delivery: read it (any envelope), detect,
 * respond (remediate, then alert), log each record's fate, and say what must be retried. A bad
 * record, or one that breaks detection, is acknowledged and logged with its reason and place; an
 * undelivered alert marks its delivery for retry, so that the platform redelivers it or
 * dead-letters it: nothing is lost.
 */
public final class Delivery {
  private final EventReader reader;
  private final Detector detector;
  private final Responder responder;
  private final JsonLog log;
  private final FollowUps followUps;
  private final Optional<FirstUseWatch> firstUseWatch;
  private final Optional<KeyUseWatch> keyUseWatch;

  public Delivery(
      EventReader reader,
      Detector detector,
      Responder responder,
      JsonLog log,
      FollowUps followUps) {
    this(reader, detector, responder, log, followUps, Optional.empty(), Optional.empty());
  }

  Delivery(
      EventReader reader,
      Detector detector,
      Responder responder,
      JsonLog log,
      FollowUps followUps,
      Optional<FirstUseWatch> firstUseWatch,
      Optional<KeyUseWatch> keyUseWatch) {
    this.reader = reader;
    this.detector = detector;
    this.responder = responder;
    this.log = log;
    this.followUps = followUps;
    this.firstUseWatch = firstUseWatch;
    this.keyUseWatch = keyUseWatch;
  }

  /**
   * What one delivery came to.
   *
   * @param records how many records it held
   * @param failedDeliveryIds the batch items (SQS message ids...) to retry
   * @param retryAll true when something without a batch item id must be retried
   * @param alerts a short summary of each finding, for the function's response
   * @param undelivered the alerts no sink took, for a dead-letter store when retries are exhausted
   */
  public record Result(
      int records,
      Set<String> failedDeliveryIds,
      boolean retryAll,
      ArrayNode alerts,
      List<Alert> undelivered) {
    public Result {
      failedDeliveryIds = Set.copyOf(failedDeliveryIds);
      undelivered = List.copyOf(undelivered);
    }

    /** True when the platform must redeliver something. */
    public boolean retry() {
      return retryAll || !failedDeliveryIds.isEmpty();
    }
  }

  public Result handle(PlatformDelivery delivery) {
    return handle(delivery, Deadline.NONE);
  }

  /** Handles one delivery within the invocation's deadline ({@link Deadline}). */
  public Result handle(PlatformDelivery delivery, Deadline deadline) {
    Set<String> failed = new LinkedHashSet<>();
    boolean retryAll = false;
    List<Finding> findings = new ArrayList<>();
    int records = 0;
    for (Verdict verdict : reader.read(delivery)) {
      records++;
      if (verdict instanceof Verdict.Relevant relevant) {
        try {
          for (CredentialEvent event : relevant.events()) {
            findings.addAll(detector.detect(event));
          }
        } catch (RuntimeException poison) {
          // A record that breaks detection would break it on every retry, holding back the
          // records delivered with it: it is logged as malformed, with its place, and the rest
          // goes on. The exception's message may quote the record, so only its type is logged.
          log.verdict(
              new Verdict.Malformed(
                  verdict.location(),
                  "the record could not be checked ("
                      + poison.getClass().getSimpleName()
                      + "); please report it"));
        }
      } else {
        log.verdict(verdict);
      }
    }
    ArrayNode alerts = JsonNodeFactory.instance.arrayNode();
    List<Alert> undelivered = new ArrayList<>();
    for (Responder.Handled handled : responder.handle(findings, deadline).handled()) {
      logHandled(handled);
      ObjectNode summary = alerts.addObject();
      summary.put("id", handled.alert().id());
      summary.put("rule", handled.alert().ruleName());
      summary.put("severity", handled.alert().severity().id());
      summary.put("credential", handled.alert().credential().id());
      summary.put("remediation", handled.outcome().id());
      summary.put("sent", handled.sent());
      summary.put("delivered", handled.delivered());
      if (!handled.delivered()) {
        undelivered.add(handled.alert());
        retryAll |= !markFailed(failed, handled.finding().event().location().deliveryId());
      } else if (handled.checkAgainIn().isPresent() && !followUp(delivery, handled)) {
        retryAll |= !markFailed(failed, handled.finding().event().location().deliveryId());
      }
      if (handled.sent() && handled.delivered()) {
        // Once, with the first alert: a redelivered event's alert is not sent again.
        watchFirstUse(delivery, handled);
      }
    }
    return new Result(records, failed, retryAll, alerts, undelivered);
  }

  /**
   * Sends a waiting event again later; false when the platform must redeliver it instead (its own
   * retry is then the next look at the log).
   */
  private boolean followUp(PlatformDelivery delivery, Responder.Handled handled) {
    if (followUps.byRetry()) {
      return false;
    }
    java.time.Duration delay = handled.checkAgainIn().orElseThrow();
    try {
      followUps.schedule(delivery.followUpOf(handled.finding().event().location()), delay);
      log.info(
          "waiting for the cloud's log",
          Map.of("alert", handled.alert().id(), "checkAgainInSeconds", delay.toSeconds()));
      return true;
    } catch (RuntimeException failed) {
      log.error(
          "the follow-up could not be scheduled: the platform will retry the event",
          Map.of("alert", handled.alert().id(), "error", String.valueOf(failed.getMessage())));
      return false;
    }
  }

  private void watchFirstUse(PlatformDelivery delivery, Responder.Handled handled) {
    if (firstUseWatch.isEmpty() && keyUseWatch.isEmpty()) {
      return;
    }
    CredentialEvent event = handled.finding().event();
    byte[] oneEvent;
    try {
      oneEvent = delivery.followUpOf(event.location());
    } catch (IllegalArgumentException notThere) {
      return;
    }
    firstUseWatch.ifPresent(watch -> watch.start(event, oneEvent, handled.alert().id()));
    keyUseWatch.ifPresent(watch -> watch.start(event, oneEvent, handled.alert().id()));
  }

  /** Records a failed batch item; false when the record has no item id to name. */
  private static boolean markFailed(Set<String> failed, String deliveryId) {
    if (deliveryId.isEmpty()) {
      return false;
    }
    failed.add(deliveryId);
    return true;
  }

  private void logHandled(Responder.Handled handled) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("alert", AlertJson.toNode(handled.alert()));
    fields.put("sent", handled.sent());
    if (handled.delivered()) {
      log.info("finding", fields);
    } else {
      fields.put("deliveryFailures", handled.failures());
      log.error("alert delivery failed: the platform will retry the event", fields);
    }
  }
}
