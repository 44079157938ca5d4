package io.credwatch.aws;

import io.credwatch.detect.Finding;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.RemediationPlanner;
import io.credwatch.testing.CloudTrailRecords.Json;
import io.credwatch.testing.Fixtures;
import java.time.Instant;

/**
 * EventBridge events of the operations the AWS remediators undo, made by alice in moto's account.
 */
final class AwsEvents {
  private AwsEvents() {}

  static final String ACCOUNT = MotoServer.ACCOUNT;

  static String eventBridge(
      String source, String eventName, Instant time, String request, String response) {
    String service = source.substring("aws.".length()) + ".amazonaws.com";
    return """
        {"version":"0","id":"%s","detail-type":"AWS API Call via CloudTrail","source":"%s","account":"%s","time":"%s","region":"us-east-1","resources":[],
         "detail":{"eventVersion":"1.10","userIdentity":{"type":"IAMUser","principalId":"AIDAALICE","arn":"arn:aws:iam::%s:user/alice","accountId":"%s","accessKeyId":"AKIAALICE","userName":"alice"},
          "eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.30",
          "requestParameters":%s,"responseElements":%s,"requestID":"req-%s","eventID":"%s","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%s"}}"""
        .formatted(
            java.util.UUID.nameUUIDFromBytes(
                (eventName + request + response).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            source,
            ACCOUNT,
            time,
            ACCOUNT,
            ACCOUNT,
            time,
            service,
            eventName,
            request,
            response,
            eventName,
            // One id per record, as CloudTrail gives: the history is looked up by it.
            java.util.UUID.nameUUIDFromBytes(
                (eventName + request + response + time)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            ACCOUNT);
  }

  static String createAccessKey(String user, String keyId, Instant created) {
    return eventBridge(
        "aws.iam",
        "CreateAccessKey",
        created,
        "{\"userName\":" + Json.string(user) + "}",
        "{\"accessKey\":{\"userName\":"
            + Json.string(user)
            + ",\"accessKeyId\":"
            + Json.string(keyId)
            + ",\"status\":\"Active\",\"createDate\":\""
            + created
            + "\"}}");
  }

  static String uploadSshPublicKey(String user, String keyId, Instant uploaded) {
    return eventBridge(
        "aws.iam",
        "UploadSSHPublicKey",
        uploaded,
        "{\"userName\":" + Json.string(user) + ",\"sSHPublicKeyBody\":\"ssh-ed25519 AAAA test\"}",
        "{\"sSHPublicKey\":{\"userName\":"
            + Json.string(user)
            + ",\"sSHPublicKeyId\":"
            + Json.string(keyId)
            + ",\"fingerprint\":\"fc:f3\",\"status\":\"Active\",\"uploadDate\":\""
            + uploaded
            + "\"}}");
  }

  static String uploadSigningCertificate(String user, String certificateId, Instant uploaded) {
    return eventBridge(
        "aws.iam",
        "UploadSigningCertificate",
        uploaded,
        "{\"userName\":" + Json.string(user) + "}",
        "{\"certificate\":{\"userName\":"
            + Json.string(user)
            + ",\"certificateId\":"
            + Json.string(certificateId)
            + ",\"status\":\"Active\",\"uploadDate\":\""
            + uploaded
            + "\"}}");
  }

  static String createLoginProfile(String eventName, String user, Instant time) {
    return eventBridge(
        "aws.iam",
        eventName,
        time,
        "{\"userName\":" + Json.string(user) + ",\"passwordResetRequired\":false}",
        eventName.equals("CreateLoginProfile")
            ? "{\"loginProfile\":{\"userName\":"
                + Json.string(user)
                + ",\"createDate\":\""
                + time
                + "\",\"passwordResetRequired\":false}}"
            : "null");
  }

  static String createKeyPair(String name, String keyPairId, Instant created) {
    return eventBridge(
        "aws.ec2",
        "CreateKeyPair",
        created,
        "{\"keyName\":" + Json.string(name) + "}",
        "{\"keyName\":"
            + Json.string(name)
            + ",\"keyPairId\":"
            + Json.string(keyPairId)
            + ",\"keyFingerprint\":\"1f:51\",\"keyMaterial\":\"<sensitiveDataRemoved>\"}");
  }

  static String getFederationToken(String tokenKeyId, Instant time) {
    return eventBridge(
        "aws.sts",
        "GetFederationToken",
        time,
        "{\"name\":\"dashboard\",\"durationSeconds\":900}",
        "{\"credentials\":{\"accessKeyId\":"
            + Json.string(tokenKeyId)
            + ",\"expiration\":\"Nov 30, 2026, 8:43:17 PM\",\"sessionToken\":\"x\"},\"federatedUser\":{\"arn\":\"arn:aws:sts::"
            + ACCOUNT
            + ":federated-user/dashboard\",\"federatedUserId\":\""
            + ACCOUNT
            + ":dashboard\"}}");
  }

  /** The remediation plan of the event's one finding. */
  static RemediationPlan.Act plan(String event) {
    Finding finding = Fixtures.finding(event);
    RemediationPlan plan = new RemediationPlanner().plan(finding);
    if (!(plan instanceof RemediationPlan.Act act)) {
      throw new AssertionError("expected a plan to act, got " + plan);
    }
    return act;
  }
}
