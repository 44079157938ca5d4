package io.credwatch.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertJson;
import io.credwatch.respond.AlertDeliveryFailedException;
import io.credwatch.respond.Delivery;
import io.credwatch.respond.StartUp;
import io.credwatch.source.PlatformDelivery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two Azure functions of one app. Entra credential changes never reach Event Grid, so Entra
 * audit logs come from a tenant diagnostic setting through Event Hubs, and ARM writes through the
 * subscription's Event Grid system topic.
 */
public final class CredWatchFunctions {
  /** Retries of an Event Hubs batch whose alert could not be delivered, before dead-lettering. */
  public static final int EVENT_HUBS_RETRIES = 4;

  static final String DEAD_LETTER_QUEUE = "credwatch-dead-letters";

  /** A queue message is at most 64 KiB, base64-encoded by the binding. */
  static final int DEAD_LETTER_MAX_BYTES = 46 * 1024;

  // Built once per worker: the Java worker may create this class for every invocation. A start-up
  // failure (a missing setting) is kept, and every invocation fails with its own message.
  private static final StartUp<AzureCore> SHARED =
      StartUp.lazily(() -> new AzureCore(System.getenv(), Clock.systemUTC(), System.err));

  private final StartUp<AzureCore> core;

  public CredWatchFunctions() {
    this.core = SHARED;
  }

  CredWatchFunctions(AzureCore core) {
    this.core = StartUp.lazily(() -> core);
  }

  /** Starts now rather than on the first invocation (the local invoker): a failure is thrown. */
  public void start() {
    core.get();
  }

  private AzureCore core() {
    return core.get();
  }

  /**
   * Entra audit records ({@code {"records":[...]}} bodies). The Event Hubs trigger checkpoints even
   * when a function throws, so delivery failures are handled here: the retry policy re-runs the
   * batch (remediation is idempotent, so a re-run finds it already applied), and on the last
   * attempt the undelivered alerts go to a storage queue instead of being lost.
   */
  @FunctionName("EntraAuditLogs")
  @ExponentialBackoffRetry(
      maxRetryCount = EVENT_HUBS_RETRIES,
      minimumInterval = "00:00:10",
      maximumInterval = "00:05:00")
  public void entraAuditLogs(
      @EventHubTrigger(
              name = "messages",
              eventHubName = "entra-audit-logs",
              connection = "EntraAuditLogs",
              consumerGroup = "credwatch",
              cardinality = Cardinality.MANY,
              dataType = "string")
          List<String> messages,
      @QueueOutput(
              name = "deadLetters",
              queueName = DEAD_LETTER_QUEUE,
              connection = "AzureWebJobsStorage")
          OutputBinding<List<String>> deadLetters,
      ExecutionContext context) {
    List<String> undelivered = new ArrayList<>();
    int index = 0;
    for (String message : messages) {
      PlatformDelivery.EventHubsBody body =
          new PlatformDelivery.EventHubsBody(message, context.getInvocationId(), index++);
      Delivery.Result result = core().handle(body);
      if (result.retry()) {
        for (Alert alert : result.undelivered()) {
          undelivered.add(AlertJson.renderWithin(alert, DEAD_LETTER_MAX_BYTES));
        }
        if (result.undelivered().isEmpty()) {
          // Detection failed on a record: keep the record itself.
          undelivered.add(unprocessed(body.label(), message));
        }
      }
    }
    if (undelivered.isEmpty()) {
      return;
    }
    // Without a retry context no retry policy is in effect, and throwing would lose the alerts
    // (the trigger checkpoints anyway): dead-letter them at once.
    RetryContext retry = context.getRetryContext();
    if (retry != null && retry.getRetrycount() < retry.getMaxretrycount()) {
      throw new AlertDeliveryFailedException(
          undelivered.size()
              + " alert(s) of this Event Hubs batch could not be delivered: failing so that the"
              + " retry policy runs the batch again");
    }
    deadLetters.setValue(undelivered);
    core()
        .log
        .error(
            "retries exhausted: undelivered alerts written to the dead-letter queue",
            Map.of("queue", DEAD_LETTER_QUEUE, "count", undelivered.size()));
  }

  /**
   * One Azure Resource Manager event from the Event Grid system topic (Event Grid or CloudEvents
   * schema). Throwing makes Event Grid retry with backoff and finally dead-letter the event to the
   * subscription's blob container.
   */
  @FunctionName("ArmEvents")
  public void armEvents(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
    PlatformDelivery.EventGridEvent delivery =
        new PlatformDelivery.EventGridEvent(event, context.getInvocationId());
    if (delivery.validationCode().isPresent()) {
      // The Functions host answers the handshake itself; nothing reaches here in Azure.
      core().log.info("subscription validation event: nothing to detect", Map.of());
      return;
    }
    Delivery.Result result = core().handle(delivery);
    if (result.retry()) {
      throw new AlertDeliveryFailedException(
          "an alert could not be delivered: failing so that Event Grid redelivers the event");
    }
  }

  /**
   * An event that waits for Azure's own log to confirm it, back from the confirmation queue after
   * its visibility delay: an Event Hubs body of one Entra record, or one Event Grid event, read
   * exactly as on its first delivery. Throwing makes the queue deliver it again (five times, then
   * to the poison queue).
   */
  @FunctionName("ConfirmationFollowUps")
  public void confirmationFollowUps(
      @QueueTrigger(
              name = "message",
              queueName = AzureSettings.CONFIRMATION_QUEUE,
              connection = "AzureWebJobsStorage")
          String message,
      ExecutionContext context) {
    Delivery.Result result = core().handle(followUp(message, context.getInvocationId()));
    if (result.retry()) {
      throw new AlertDeliveryFailedException(
          "an alert could not be delivered, or the event waits again: failing so that the queue"
              + " delivers the message again");
    }
  }

  /** A follow-up as the delivery it came from: Event Hubs bodies hold {@code records}. */
  static PlatformDelivery followUp(String message, String invocationId) {
    boolean eventHubs;
    try {
      com.fasterxml.jackson.databind.JsonNode node =
          io.credwatch.json.JsonLimits.defaultMapper().readTree(message);
      eventHubs = node != null && node.path("records").isArray();
    } catch (java.io.IOException unreadable) {
      eventHubs = false; // read as an Event Grid event, and reported malformed there
    }
    return eventHubs
        ? new PlatformDelivery.EventHubsBody(message, invocationId, 0)
        : new PlatformDelivery.EventGridEvent(message, invocationId);
  }

  private static String unprocessed(String label, String message) {
    return AlertJson.json(
        Map.of(
            "unprocessedRecord",
            label,
            "message",
            message.length() > DEAD_LETTER_MAX_BYTES / 2
                ? message.substring(0, DEAD_LETTER_MAX_BYTES / 2)
                : message));
  }
}
