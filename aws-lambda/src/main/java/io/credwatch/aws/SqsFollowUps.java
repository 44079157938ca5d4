package io.credwatch.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.aws.AwsApi.Service;
import io.credwatch.respond.FirstUseWatch;
import io.credwatch.respond.FollowUps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Brings an event that waits for CloudTrail back through an SQS queue with a per-message delay (at
 * most 15 minutes, SQS's limit). The queue feeds the function like the event buffer: the message is
 * the EventBridge event itself, so it is read, and admitted, exactly as a first delivery is.
 * Whatever the queue holds is confirmed in CloudTrail before any action, so a message put there by
 * anyone else acts on nothing.
 */
final class SqsFollowUps implements FollowUps, FirstUseWatch.Schedule {
  /**
   * The message attribute that makes a message a first-use look (its value: the look's number).
   * Such a look only reads IAM's last-used record and alerts: it never acts.
   */
  static final String FIRST_USE_LOOK = "credwatch-first-use-look";

  static final String PERMISSION = "sqs:SendMessage";
  private static final int MAX_DELAY_SECONDS = 900;

  private final AwsApi api;
  private final String region;
  private final String queueUrl;

  SqsFollowUps(AwsApi api, String region, String queueUrl) {
    this.api = api;
    this.region = region;
    this.queueUrl = queueUrl;
  }

  @Override
  public void schedule(byte[] event, int poll, Duration delay) {
    send(event, delay, Map.of(FIRST_USE_LOOK, Integer.toString(poll)));
  }

  @Override
  public void schedule(byte[] event, Duration delay) {
    send(event, delay, Map.of());
  }

  /** Sends the event back, delayed; {@code lookNumbers} become Number message attributes. */
  private void send(byte[] event, Duration delay, Map<String, String> lookNumbers) {
    int seconds = (int) Math.min(MAX_DELAY_SECONDS, Math.max(0, delay.toSeconds()));
    ObjectNode message =
        AwsApi.request()
            .put("QueueUrl", queueUrl)
            .put("MessageBody", new String(event, StandardCharsets.UTF_8))
            .put("DelaySeconds", seconds);
    if (!lookNumbers.isEmpty()) {
      ObjectNode attributes = message.putObject("MessageAttributes");
      lookNumbers.forEach(
          (name, number) ->
              attributes.putObject(name).put("DataType", "Number").put("StringValue", number));
    }
    api.json(Service.SQS, region, "SendMessage", message);
  }
}
