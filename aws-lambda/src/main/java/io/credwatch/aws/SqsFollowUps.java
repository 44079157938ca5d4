package io.credwatch.aws;

import io.credwatch.respond.FollowUps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Brings an event that waits for CloudTrail back through an SQS queue with a per-message delay (at
 * most 15 minutes, SQS's limit). The queue feeds the function like the event buffer: the message is
 * the EventBridge event itself, so it is read, and admitted, exactly as a first delivery is.
 * Whatever the queue holds is confirmed in CloudTrail before any action, so a message put there by
 * anyone else acts on nothing.
 */
final class SqsFollowUps implements FollowUps {
  static final String PERMISSION = "sqs:SendMessage";
  private static final int MAX_DELAY_SECONDS = 900;

  private final Supplier<SqsClient> sqs;
  private final String queueUrl;

  SqsFollowUps(Supplier<SqsClient> sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void schedule(byte[] event, Duration delay) {
    int seconds = (int) Math.min(MAX_DELAY_SECONDS, Math.max(0, delay.toSeconds()));
    sqs.get()
        .sendMessage(
            message ->
                message
                    .queueUrl(queueUrl)
                    .messageBody(new String(event, StandardCharsets.UTF_8))
                    .delaySeconds(seconds));
  }
}
