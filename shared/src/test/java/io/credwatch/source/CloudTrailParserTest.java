package io.credwatch.source;

import static io.credwatch.testing.Fixtures.event;
import static io.credwatch.testing.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.AlertJson;
import io.credwatch.event.ActorKind;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.TargetKind;
import io.credwatch.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CloudTrailParserTest {

  /** A CloudTrail record of {@code eventSource}/{@code eventName} by IAM user alice. */
  static String record(String eventSource, String eventName, String request, String response) {
    return """
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAALICE","arn":"arn:aws:iam::111122223333:user/ops/alice","accountId":"111122223333","accessKeyId":"AKIAALICE","userName":"alice"},
         "eventTime":"2026-11-20T10:15:01Z","eventSource":"%s","eventName":"%s","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15",
         "requestParameters":%s,"responseElements":%s,"requestID":"r1","eventID":"ev-1","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}"""
        .formatted(eventSource, eventName, request, response);
  }

  @Test
  void createAccessKey_namesKeyTargetAndCaller() {
    CredentialEvent event =
        event(
            record(
                "iam.amazonaws.com",
                "CreateAccessKey",
                "{\"userName\":\"bob\"}",
                "{\"accessKey\":{\"userName\":\"bob\",\"accessKeyId\":\"AKIANEW\",\"status\":\"Active\",\"createDate\":\"Nov 20, 2026 10:15:01 AM\"}}"));
    assertThat(event.credential().kind()).isEqualTo(CredentialKind.ACCESS_KEY);
    assertThat(event.credential().id()).isEqualTo("AKIANEW");
    assertThat(event.credential().createdAt()).contains(Instant.parse("2026-11-20T10:15:01Z"));
    assertThat(event.target())
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(TargetKind.IAM_USER);
              assertThat(t.name()).isEqualTo("bob");
              assertThat(t.account()).isEqualTo("111122223333");
            });
    assertThat(event.actor().kind()).isEqualTo(ActorKind.USER);
    assertThat(event.actor().name()).as("user name from the ARN, path removed").isEqualTo("alice");
    assertThat(event.actor().credentialUsed()).isEqualTo("AKIAALICE");
    assertThat(event.region()).isEqualTo("eu-west-1");
    assertThat(event.eventId()).isEqualTo("ev-1");
    assertThat(event.outcome().success()).isTrue();
  }

  @Test
  void createAccessKey_withoutUserName_targetsTheCaller() {
    CredentialEvent event =
        event(
            record(
                "iam.amazonaws.com",
                "CreateAccessKey",
                "null",
                "{\"accessKey\":{\"accessKeyId\":\"AKIANEW\",\"status\":\"Active\"}}"));
    assertThat(event.target().name()).isEqualTo("alice");
    assertThat(event.attribute("targetImplicit")).isEqualTo("true");
  }

  @Test
  void rootCreatingItsOwnKey_targetsRoot() {
    String root =
        record(
                "iam.amazonaws.com",
                "CreateAccessKey",
                "null",
                "{\"accessKey\":{\"accessKeyId\":\"AKIAROOT\",\"status\":\"Active\"}}")
            .replace(
                "\"type\":\"IAMUser\",\"principalId\":\"AIDAALICE\",\"arn\":\"arn:aws:iam::111122223333:user/ops/alice\"",
                "\"type\":\"Root\",\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\"");
    CredentialEvent event = event(root);
    assertThat(event.actor().kind()).isEqualTo(ActorKind.ROOT);
    assertThat(event.target().kind()).isEqualTo(TargetKind.ROOT_USER);
  }

  @Test
  void failedCall_isAFailedOutcome() {
    CredentialEvent event =
        event(
            record("iam.amazonaws.com", "CreateAccessKey", "{\"userName\":\"bob\"}", "null")
                .replace(
                    "\"readOnly\":false",
                    "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"not allowed\",\"readOnly\":false"));
    assertThat(event.outcome().success()).isFalse();
    assertThat(event.outcome().errorCode()).isEqualTo("AccessDenied");
    assertThat(event.credential().id()).isEmpty();
  }

  @Test
  void loginProfile_readsPasswordResetRequired() {
    CredentialEvent event =
        event(
            record(
                "iam.amazonaws.com",
                "CreateLoginProfile",
                "{\"userName\":\"bob\",\"passwordResetRequired\":true}",
                "{\"loginProfile\":{\"userName\":\"bob\",\"createDate\":\"Nov 20, 2026 10:15:01 AM\",\"passwordResetRequired\":true}}"));
    assertThat(event.credential().kind()).isEqualTo(CredentialKind.LOGIN_PROFILE);
    assertThat(event.attribute("passwordResetRequired")).isEqualTo("true");
  }

  @Test
  void sshPublicKey_toleratesBothCasings() {
    for (String member : new String[] {"sSHPublicKey", "sshPublicKey"}) {
      String idField = member.equals("sSHPublicKey") ? "sSHPublicKeyId" : "sshPublicKeyId";
      CredentialEvent event =
          event(
              record(
                  "iam.amazonaws.com",
                  "UploadSSHPublicKey",
                  "{\"userName\":\"bob\"}",
                  "{\""
                      + member
                      + "\":{\"userName\":\"bob\",\""
                      + idField
                      + "\":\"APKA1\",\"fingerprint\":\"aa:bb\",\"status\":\"Active\"}}"));
      assertThat(event.credential().id()).isEqualTo("APKA1");
      assertThat(event.credential().details()).containsEntry("fingerprint", "aa:bb");
    }
  }

  @Test
  void serviceSpecificCredential_neverKeepsThePassword() {
    CredentialEvent event =
        event(
            record(
                "iam.amazonaws.com",
                "CreateServiceSpecificCredential",
                "{\"userName\":\"bob\",\"serviceName\":\"codecommit.amazonaws.com\"}",
                "{\"serviceSpecificCredential\":{\"serviceSpecificCredentialId\":\"ACCA1\",\"serviceName\":\"codecommit.amazonaws.com\",\"serviceUserName\":\"bob-at-1\",\"servicePassword\":\"SECRET-PASSWORD\",\"userName\":\"bob\",\"status\":\"Active\"}}"));
    assertThat(event.credential().id()).isEqualTo("ACCA1");
    assertThat(event.toString()).doesNotContain("SECRET-PASSWORD");
  }

  @Test
  void ec2KeyPair_prefersTheKeyPairId() {
    CredentialEvent created =
        event(
            record(
                "ec2.amazonaws.com",
                "CreateKeyPair",
                "{\"keyName\":\"k1\"}",
                "{\"keyName\":\"k1\",\"keyFingerprint\":\"30:1d\",\"keyPairId\":\"key-0abc\",\"keyMaterial\":\"<sensitiveDataRemoved>\"}"));
    assertThat(created.credential().id()).isEqualTo("key-0abc");
    assertThat(created.credential().details()).containsEntry("keyName", "k1");
    CredentialEvent old =
        event(
            record(
                "ec2.amazonaws.com",
                "ImportKeyPair",
                "{\"keyName\":\"k2\"}",
                "{\"keyName\":\"k2\"}"));
    assertThat(old.credential().id()).isEqualTo("k2");
  }

  @Test
  void instanceConnect_namesTheKeyByFingerprintAndDropsTheKey() {
    String key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINnNrCoRSpEDQZ3sx52Hyf5nYGqlGQALWR+d1MdO3Ne4 eve@laptop";
    CredentialEvent event =
        event(
            record(
                "ec2-instance-connect.amazonaws.com",
                "SendSSHPublicKey",
                "{\"instanceId\":\"i-0abc\",\"instanceOSUser\":\"ec2-user\",\"sSHPublicKey\":\""
                    + key
                    + "\"}",
                "{\"requestId\":\"x\",\"success\":true}"));
    assertThat(event.credential().id())
        .isEqualTo("SHA256:0DSmEaqM4EblXprHI0ZbaIRSROz+Ww7FGC0zUzRwIq4");
    assertThat(event.target().id()).isEqualTo("i-0abc");
    assertThat(event.toString())
        .doesNotContain("AAAAC3NzaC1lZDI1NTE5AAAAINnNrCoRSpEDQZ3sx52Hyf5nYGqlGQALWR");
    CredentialEvent unsuccessful =
        event(
            record(
                "ec2-instance-connect.amazonaws.com",
                "SendSSHPublicKey",
                "{\"instanceId\":\"i-0abc\",\"sSHPublicKey\":\"" + key + "\"}",
                "{\"success\":false}"));
    assertThat(unsuccessful.outcome().success()).isFalse();
  }

  @Test
  void federationToken_keepsTheAccessKeyIdAndNeverTheSessionToken() {
    String json =
        record(
            "sts.amazonaws.com",
            "GetFederationToken",
            "{\"name\":\"fed\",\"policy\":\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}",
            "{\"credentials\":{\"accessKeyId\":\"ASIAFED\",\"expiration\":\"Nov 21, 2026, 10:18:02 PM\",\"sessionToken\":\"TOP-SECRET-SESSION-TOKEN\"},\"federatedUser\":{\"arn\":\"arn:aws:sts::111122223333:federated-user/fed\"}}");
    CredentialEvent event = event(json);
    assertThat(event.credential().id()).isEqualTo("ASIAFED");
    assertThat(event.credential().expiresAt()).contains(Instant.parse("2026-11-21T22:18:02Z"));
    assertThat(event.target().name()).isEqualTo("alice");
    assertThat(event.attribute("sessionPolicyAllowsAll")).isEqualTo("true");
    assertThat(event.toString()).doesNotContain("TOP-SECRET-SESSION-TOKEN");
    var finding = Fixtures.finding(json);
    assertThat(
            AlertJson.render(
                finding.toAlert(
                    io.credwatch.alert.Alert.Remediation.none("off", ""), Fixtures.NOW, true)))
        .doesNotContain("TOP-SECRET-SESSION-TOKEN");
  }

  @Test
  void trustAnchor_readsSourceTypeAndEnabled() {
    CredentialEvent event =
        event(
            record(
                "rolesanywhere.amazonaws.com",
                "CreateTrustAnchor",
                "{\"enabled\":false,\"name\":\"ta\",\"source\":{\"sourceType\":\"CERTIFICATE_BUNDLE\",\"sourceData\":{\"x509CertificateData\":\"-----BEGIN CERTIFICATE-----\"}}}",
                "{\"trustAnchor\":{\"trustAnchorId\":\"ta-1\",\"name\":\"ta\",\"enabled\":false}}"));
    assertThat(event.credential().id()).isEqualTo("ta-1");
    assertThat(event.attribute("sourceType")).isEqualTo("CERTIFICATE_BUNDLE");
    assertThat(event.attribute("enabled")).isEqualTo("false");
    assertThat(event.credential().issuer()).contains("external");
  }

  @Test
  void identityProvider_namesTheArnAndIssuer() {
    CredentialEvent event =
        event(
            record(
                "iam.amazonaws.com",
                "CreateOpenIDConnectProvider",
                "{\"url\":\"https://oidc.example.net\",\"clientIDList\":[\"sts.amazonaws.com\"]}",
                "{\"openIDConnectProviderArn\":\"arn:aws:iam::111122223333:oidc-provider/oidc.example.net\"}"));
    assertThat(event.credential().id())
        .isEqualTo("arn:aws:iam::111122223333:oidc-provider/oidc.example.net");
    assertThat(event.credential().issuer()).isEqualTo("https://oidc.example.net");
  }

  @Test
  void assumedRole_isASessionNamedByTheArn() {
    CredentialEvent event =
        event(
            record("iam.amazonaws.com", "UpdateLoginProfile", "{\"userName\":\"alice\"}", "null")
                .replace(
                    "\"type\":\"IAMUser\",\"principalId\":\"AIDAALICE\",\"arn\":\"arn:aws:iam::111122223333:user/ops/alice\"",
                    "\"type\":\"AssumedRole\",\"principalId\":\"AROA:alice\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/alice\",\"sessionContext\":{\"sessionIssuer\":{\"arn\":\"arn:aws:iam::111122223333:role/Admin\"}}")
                .replace(",\"userName\":\"alice\"}", "}"));
    assertThat(event.actor().kind()).isEqualTo(ActorKind.ASSUMED_ROLE);
    assertThat(event.actor().name()).isEqualTo("alice");
    assertThat(event.actor().sessionIssuer()).isEqualTo("arn:aws:iam::111122223333:role/Admin");
  }

  @Test
  void pantherShapedRecord_withSpacedTimes_isRead() {
    CredentialEvent event =
        event(
            record(
                    "iam.amazonaws.com",
                    "CreateAccessKey",
                    "{\"userName\":\"bob\"}",
                    "{\"accessKey\":{\"accessKeyId\":\"AKIANEW\"}}")
                .replace("\"2026-11-20T10:15:01Z\"", "\"2026-11-20 10:15:01.000000000\""));
    assertThat(event.eventTime()).contains(Instant.parse("2026-11-20T10:15:01Z"));
  }

  @Test
  void unknownAwsNotification_isIgnored() {
    assertThat(read("{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{}}"))
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Ignored.class, v -> assertThat(v.reason()).contains("aws:s3"));
  }
}
