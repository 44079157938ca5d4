package io.credwatch.aws;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertJson;
import io.credwatch.alert.AlertText;
import io.credwatch.alert.TeamsCard;
import java.nio.charset.StandardCharsets;

/**
 * What runs before a SnapStart snapshot so that class loading and the first JIT passes happen once,
 * at deploy time, rather than on every cold start: a made-up event read, detected and rendered for
 * every sink. Makes no call.
 */
final class Priming {
  private Priming() {}

  /** An EventBridge CreateAccessKey event in an account that cannot exist. */
  static final byte[] SAMPLE_EVENT =
      ("{\"version\":\"0\",\"id\":\"00000000-0000-4000-8000-000000000000\","
              + "\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.iam\","
              + "\"account\":\"000000000000\",\"time\":\"2026-01-01T00:00:00Z\","
              + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"eventVersion\":\"1.10\","
              + "\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAPRIMING\","
              + "\"arn\":\"arn:aws:iam::000000000000:user/priming-a\",\"accountId\":\"000000000000\","
              + "\"userName\":\"priming-a\"},\"eventTime\":\"2026-01-01T00:00:00Z\","
              + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateAccessKey\","
              + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2.1\","
              + "\"userAgent\":\"priming\",\"requestParameters\":{\"userName\":\"priming-b\"},"
              + "\"responseElements\":{\"accessKey\":{\"userName\":\"priming-b\","
              + "\"accessKeyId\":\"AKIAPRIMINGPRIMING00\",\"status\":\"Active\","
              + "\"createDate\":\"Jan 1, 2026, 12:00:00 AM\"}},\"requestID\":\"priming\","
              + "\"eventID\":\"00000000-0000-4000-8000-000000000001\",\"readOnly\":false,"
              + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
              + "\"recipientAccountId\":\"000000000000\"}}")
          .getBytes(StandardCharsets.UTF_8);

  /** Renders an alert in every form the function sends, as an invocation would. */
  static void render(Alert alert) {
    AlertJson.renderWithin(alert, SnsAlertSink.MAX_MESSAGE_BYTES);
    AlertText.subject(alert);
    SnsAlertSink.attributes(alert);
    TeamsCard.render(alert);
  }
}
