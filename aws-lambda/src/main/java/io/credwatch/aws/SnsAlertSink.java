package io.credwatch.aws;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertAttributes;
import io.credwatch.alert.AlertFormat;
import io.credwatch.alert.AlertJson;
import io.credwatch.alert.AlertText;
import io.credwatch.aws.AwsApi.Service;
import io.credwatch.respond.AlertDeliveryException;
import io.credwatch.respond.AlertSink;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

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

  private final AwsApi api;
  private final String region;
  private final String topicArn;
  private final AlertFormat format;

  SnsAlertSink(AwsApi api, String region, String topicArn, AlertFormat format) {
    this.api = api;
    this.region = region;
    this.topicArn = topicArn;
    this.format = format;
  }

  @Override
  public String name() {
    return "sns";
  }

  @Override
  public void send(Alert alert) throws AlertDeliveryException {
    Map<String, String> attributes = attributes(alert);
    String subject = AlertText.subject(alert);
    int budget = MAX_MESSAGE_BYTES - attributeBytes(attributes) - utf8(subject) - 512;
    Map<String, String> request = new LinkedHashMap<>();
    request.put("TopicArn", topicArn);
    request.put("Subject", subject);
    request.put("MessageStructure", "json");
    request.put("Message", perProtocol(alert, budget, format));
    int entry = 0;
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      String prefix = "MessageAttributes.entry." + ++entry + ".";
      request.put(prefix + "Name", attribute.getKey());
      request.put(prefix + "Value.DataType", "String");
      request.put(prefix + "Value.StringValue", attribute.getValue());
    }
    if (topicArn.endsWith(".fifo")) {
      // The alert id is deterministic, so a redelivered event is dropped by FIFO deduplication.
      request.put("MessageGroupId", alert.ruleName());
      request.put("MessageDeduplicationId", alert.id());
    }
    try {
      api.query(Service.SNS, region, "Publish", request);
    } catch (AwsServiceException error) {
      String code = error.awsErrorDetails() == null ? "" : error.awsErrorDetails().errorCode();
      throw new AlertDeliveryException(
          "SNS refused the alert after "
              + AwsApi.ATTEMPTS
              + " attempts: "
              + code
              + " (HTTP "
              + error.statusCode()
              + ")",
          error.isThrottlingException() || error.statusCode() >= 500);
    } catch (SdkException error) {
      throw new AlertDeliveryException(
          "could not reach SNS after "
              + AwsApi.ATTEMPTS
              + " attempts ("
              + error.getClass().getSimpleName()
              + ")",
          true);
    }
  }

  /**
   * One message per kind of subscriber ({@code MessageStructure=json}): email subscribers read the
   * text rendering, whose attacker-written strings are escaped and links defanged; queues,
   * functions and HTTP endpoints get the alert document, or its OCSF finding
   * (CREDWATCH_ALERT_FORMAT).
   */
  static String perProtocol(Alert alert, int budget, AlertFormat format) {
    String text = AlertText.body(alert);
    if (text.length() > MAX_EMAIL_CHARS) {
      text = text.substring(0, MAX_EMAIL_CHARS) + "\n[clipped: the alert document has it all]";
    }
    // The document is escaped once more inside the envelope: halve its share until it fits.
    int documentBudget = budget - 2 * utf8(text);
    while (true) {
      Map<String, String> messages = new LinkedHashMap<>();
      messages.put("default", format.renderWithin(alert, documentBudget));
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
  static Map<String, String> attributes(Alert alert) {
    return new LinkedHashMap<>(AlertAttributes.of(alert, "account"));
  }

  private static int attributeBytes(Map<String, String> attributes) {
    int total = 0;
    for (Map.Entry<String, String> entry : attributes.entrySet()) {
      total += utf8(entry.getKey()) + utf8("String") + utf8(entry.getValue());
    }
    return total;
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
