package io.credwatch.aws;

import io.credwatch.respond.FirstUseWatch;
import io.credwatch.respond.FollowUps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

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

  private final Supplier<SqsClient> sqs;
  private final String queueUrl;

  SqsFollowUps(Supplier<SqsClient> sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void schedule(byte[] event, int poll, Duration delay) {
    send(
        event,
        delay,
        Map.of(
            FIRST_USE_LOOK,
            MessageAttributeValue.builder()
                .dataType("Number")
                .stringValue(Integer.toString(poll))
                .build()));
  }

  @Override
  public void schedule(byte[] event, Duration delay) {
    send(event, delay, Map.of());
  }

  private void send(byte[] event, Duration delay, Map<String, MessageAttributeValue> attributes) {
    int seconds = (int) Math.min(MAX_DELAY_SECONDS, Math.max(0, delay.toSeconds()));
    sqs.get()
        .sendMessage(
            message ->
                message
                    .queueUrl(queueUrl)
                    .messageBody(new String(event, StandardCharsets.UTF_8))
                    .delaySeconds(seconds)
                    .messageAttributes(attributes));
  }
}
