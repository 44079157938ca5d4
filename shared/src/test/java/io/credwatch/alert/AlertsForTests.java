package io.credwatch.alert;

import io.credwatch.detect.Finding;
import io.credwatch.testing.Fixtures;

/** Alerts built from small native records, for the renderer tests. */
final class AlertsForTests {
  private AlertsForTests() {}

  static String createAccessKey(String targetUser, String userAgent) {
    return """
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAALICE","userName":"alice"},
         "eventTime":"2026-11-20T10:15:01Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":%s,
         "requestParameters":{"userName":%s},"responseElements":{"accessKey":{"userName":%s,"accessKeyId":"AKIAEXAMPLENEWKEY001","status":"Active","createDate":"Nov 20, 2026 10:15:01 AM"}},
         "requestID":"r1","eventID":"5c2f1e7f-0d2b-4a1f-9b64-1f6b2d3e4f52","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}"""
        .formatted(json(userAgent), json(targetUser), json(targetUser));
  }

  static String json(String text) {
    return io.credwatch.testing.CloudTrailRecords.Json.string(text);
  }

  static Alert alert(String json) {
    Finding finding = Fixtures.finding(json);
    return finding.toAlert(
        new Alert.Remediation(
            "enforce",
            "aws.iam.deactivate-access-key",
            "applied",
            "set access key AKIAEXAMPLENEWKEY001 of IAM user bob to Inactive; read back: Inactive",
            "aws iam update-access-key --user-name bob --access-key-id AKIAEXAMPLENEWKEY001 --status Active",
            java.util.List.of("iam:ListAccessKeys", "iam:UpdateAccessKey")),
        Fixtures.NOW,
        false);
  }

  static Alert standard() {
    return alert(createAccessKey("bob", "aws-cli/2.15.30 Python/3.11.8"));
  }
}
