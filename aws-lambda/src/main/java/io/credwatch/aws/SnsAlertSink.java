package io.credwatch.aws;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertAttributes;
import io.credwatch.alert.AlertJson;
import io.credwatch.alert.AlertText;
import io.credwatch.respond.AlertDeliveryException;
import io.credwatch.respond.AlertSink;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes an alert to an SNS topic: the alert document for queues, functions and HTTP endpoints,
 * the escaped text rendering for email (with a short subject), and message attributes for
 * subscription filter policies.
 */
final class SnsAlertSink implements AlertSink {
  /** SNS's default limit: message, subject and attributes together. */
  static final int MAX_MESSAGE_BYTES = 256 * 1024;

  /** The email rendering's share: an alert's text is a few KiB; hostile fields are clipped. */
  private static final int MAX_EMAIL_CHARS = 16 * 1024;

  private final SnsClient sns;
  private final String topicArn;

  SnsAlertSink(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public String name() {
    return "sns";
  }

  @Override
  public void send(Alert alert) throws AlertDeliveryException {
    Map<String, MessageAttributeValue> attributes = attributes(alert);
    String subject = AlertText.subject(alert);
    int budget = MAX_MESSAGE_BYTES - attributeBytes(attributes) - utf8(subject) - 512;
    PublishRequest.Builder request =
        PublishRequest.builder()
            .topicArn(topicArn)
            .subject(subject)
            .messageStructure("json")
            .message(perProtocol(alert, budget))
            .messageAttributes(attributes);
    if (topicArn.endsWith(".fifo")) {
      // The alert id is deterministic, so a redelivered event is dropped by FIFO deduplication.
      request.messageGroupId(alert.ruleName()).messageDeduplicationId(alert.id());
    }
    try {
      sns.publish(request.build());
    } catch (AwsServiceException error) {
      String code = error.awsErrorDetails() == null ? "" : error.awsErrorDetails().errorCode();
      throw new AlertDeliveryException(
          "SNS refused the alert after the SDK's retries: "
              + code
              + " (HTTP "
              + error.statusCode()
              + ")",
          error.isThrottlingException() || error.statusCode() >= 500);
    } catch (SdkException error) {
      throw new AlertDeliveryException(
          "could not reach SNS after the SDK's retries (" + error.getClass().getSimpleName() + ")",
          true);
    }
  }

  /**
   * One message per kind of subscriber ({@code MessageStructure=json}): email subscribers read the
   * text rendering, whose attacker-written strings are escaped and links defanged; queues,
   * functions and HTTP endpoints get the alert document, as before.
   */
  static String perProtocol(Alert alert, int budget) {
    String text = AlertText.body(alert);
    if (text.length() > MAX_EMAIL_CHARS) {
      text = text.substring(0, MAX_EMAIL_CHARS) + "\n[clipped: the alert document has it all]";
    }
    // The document is escaped once more inside the envelope: halve its share until it fits.
    int documentBudget = budget - 2 * utf8(text);
    while (true) {
      Map<String, String> messages = new LinkedHashMap<>();
      messages.put("default", AlertJson.renderWithin(alert, documentBudget));
      messages.put("email", text);
      String envelope = AlertJson.json(messages);
      if (utf8(envelope) <= budget) {
        return envelope;
      }
      documentBudget /= 2;
    }
  }

  /**
   * Severity, rule, cloud and account (and the remediation outcome), as String attributes: well
   * under SNS's limit of 10 for raw SQS delivery. SNS rejects empty values, so those are left out.
   */
  static Map<String, MessageAttributeValue> attributes(Alert alert) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    AlertAttributes.of(alert, "account")
        .forEach(
            (name, value) ->
                attributes.put(
                    name,
                    MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
    return attributes;
  }

  private static int attributeBytes(Map<String, MessageAttributeValue> attributes) {
    int total = 0;
    for (Map.Entry<String, MessageAttributeValue> entry : attributes.entrySet()) {
      total += utf8(entry.getKey()) + utf8("String") + utf8(entry.getValue().stringValue());
    }
    return total;
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
