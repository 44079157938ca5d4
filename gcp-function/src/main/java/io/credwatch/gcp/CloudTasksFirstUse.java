package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.http.BearerRest;
import io.credwatch.json.JsonLimits;
import io.credwatch.respond.FirstUseWatch;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Brings a first-use look back at its time: a Cloud Tasks task, scheduled for it, publishes the
 * audit entry to the first-use topic (with the function's own identity), whose trigger delivers it
 * to the function as any Pub/Sub message, marked by {@link #FIRST_USE_LOOK}. Pub/Sub cannot delay a
 * message, and nacking one for 24 hours would exhaust the trigger's dead-letter attempts; a task
 * waits for free, up to 30 days.
 */
final class CloudTasksFirstUse implements FirstUseWatch.Schedule {
  /** The message attribute that makes a message a first-use look (its value: the look's number). */
  static final String FIRST_USE_LOOK = "credwatch-first-use-look";

  static final String PERMISSION = "cloudtasks.tasks.create";

  private final BearerRest tasks;
  private final String queue;
  private final URI publish;
  private final String serviceAccount;
  private final Clock clock;

  /**
   * @param publish the first-use topic's publish URL, as the task calls it
   * @param serviceAccount the identity whose OAuth token the task presents to Pub/Sub
   */
  CloudTasksFirstUse(
      BearerRest tasks, String queue, URI publish, String serviceAccount, Clock clock) {
    this.tasks = tasks;
    this.queue = queue;
    this.publish = publish;
    this.serviceAccount = serviceAccount;
    this.clock = clock;
  }

  @Override
  public void schedule(byte[] event, int poll, Duration delay) {
    ObjectNode message = JsonLimits.defaultMapper().createObjectNode();
    ObjectNode one = message.putArray("messages").addObject();
    one.put("data", entryData(event));
    one.putObject("attributes").put(FIRST_USE_LOOK, Integer.toString(poll));
    ObjectNode request = JsonLimits.defaultMapper().createObjectNode();
    ObjectNode task = request.putObject("task");
    task.put("scheduleTime", clock.instant().plus(delay).toString());
    ObjectNode http = task.putObject("httpRequest");
    http.put("url", publish.toString());
    http.put("httpMethod", "POST");
    http.putObject("headers").put("Content-Type", "application/json");
    http.put(
        "body",
        Base64.getEncoder().encodeToString(message.toString().getBytes(StandardCharsets.UTF_8)));
    http.putObject("oauthToken")
        .put("serviceAccountEmail", serviceAccount)
        .put("scope", "https://www.googleapis.com/auth/pubsub");
    try {
      tasks.post(tasks.uri("/v2/" + queue + "/tasks"), request.toString());
    } catch (BearerRest.CallFailed failed) {
      throw new IllegalStateException("Cloud Tasks refused the look: " + failed.getMessage());
    }
  }

  /**
   * The audit entry the event carries, as Pub/Sub message data (base64): a Pub/Sub message's data
   * as it came, or the entry of an audit-log CloudEvent.
   */
  static String entryData(byte[] event) {
    JsonNode delivery;
    try {
      delivery = JsonLimits.defaultMapper().readTree(event);
    } catch (IOException unreadable) {
      throw new IllegalArgumentException("the event to look at again is not JSON");
    }
    JsonNode data = delivery == null ? null : delivery.path("data");
    if (data == null || data.isMissingNode()) {
      throw new IllegalArgumentException("the event to look at again holds no data");
    }
    JsonNode messageData = data.path("message").path("data");
    if (messageData.isTextual()) {
      return messageData.textValue();
    }
    return Base64.getEncoder().encodeToString(data.toString().getBytes(StandardCharsets.UTF_8));
  }
}
