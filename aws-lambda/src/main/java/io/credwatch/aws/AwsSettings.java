package io.credwatch.aws;

import io.credwatch.config.SettingsReader;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AWS function's own settings, beside the shared ones: where its alerts go and its state is.
 * The SDK's own variables ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}...) apply as well.
 *
 * @param snsTopicArn the SNS alert topic
 * @param teamsWebhookSecretArn a Secrets Manager secret holding the Teams webhook URL, read when
 *     first needed, so that the URL never sits in the function's configuration
 * @param stateTable the DynamoDB table where what was done is remembered (no re-act on replays, one
 *     alert per event, the circuit breaker); without one, only an invocation's own cap holds
 * @param confirmationQueueUrl the SQS queue that brings an event back, after a delay, while it
 *     waits for CloudTrail to confirm it; without one, Lambda's own retry does
 * @param securityHub whether each alert is also imported into Security Hub as a finding
 */
public record AwsSettings(
    Optional<String> snsTopicArn,
    Optional<String> teamsWebhookSecretArn,
    Optional<String> stateTable,
    Optional<String> confirmationQueueUrl,
    boolean securityHub) {
  public static final String SNS_TOPIC_ARN = "CREDWATCH_SNS_TOPIC_ARN";
  public static final String TEAMS_WEBHOOK_SECRET_ARN = "CREDWATCH_TEAMS_WEBHOOK_SECRET_ARN";
  public static final String STATE_TABLE = "CREDWATCH_STATE_TABLE";
  public static final String CONFIRMATION_QUEUE_URL = "CREDWATCH_CONFIRMATION_QUEUE_URL";
  public static final String SECURITY_HUB = "CREDWATCH_SECURITY_HUB";

  private static final Pattern QUEUE_URL =
      Pattern.compile("https?://[A-Za-z0-9.:-]+/\\d{12}/[A-Za-z0-9_-]{1,80}");

  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  private static final Pattern SNS_ARN =
      Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");

  public static AwsSettings from(Map<String, String> environment) {
    SettingsReader env = new SettingsReader(environment);
    return new AwsSettings(
        env.matching(SNS_TOPIC_ARN, SNS_ARN, "an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"),
        env.matching(
            TEAMS_WEBHOOK_SECRET_ARN,
            SECRET_ARN,
            "a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"),
        env.matching(
            STATE_TABLE, TABLE_NAME, "a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -)"),
        env.matching(
            CONFIRMATION_QUEUE_URL,
            QUEUE_URL,
            "an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)"),
        env.bool(SECURITY_HUB, false));
  }
}
