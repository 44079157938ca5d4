package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envelopes and shapes: every native delivery is unwrapped and its records read. */
class EventReaderTest {
  static final String ACCESS_KEY_RECORD =
      """
      {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAALICE","userName":"alice"},
       "eventTime":"2026-11-20T10:15:01Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2",
       "requestParameters":{"userName":"bob"},"responseElements":{"accessKey":{"userName":"bob","accessKeyId":"AKIANEWKEY","status":"Active","createDate":"Nov 20, 2026 10:15:01 AM"}},
       "requestID":"r1","eventID":"e1","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}""";

  static final String LIST_USERS_RECORD =
      """
      {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},"eventTime":"2026-11-20T10:15:00Z",
       "eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","requestParameters":null,"responseElements":null,"eventID":"e0","recipientAccountId":"111122223333"}""";

  static String eventBridge(String record) {
    return """
        {"version":"0","id":"eb-1","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"111122223333","time":"2026-11-20T10:15:02Z","region":"us-east-1","resources":[],"detail":%s}"""
        .formatted(record);
  }

  static String sqsMessage(String id, String body) {
    return """
        {"messageId":"%s","receiptHandle":"h","body":%s,"attributes":{},"messageAttributes":{},"md5OfBody":"x","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:111122223333:q","awsRegion":"us-east-1"}"""
        .formatted(id, quote(body));
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  static final String SA_KEY_ENTRY =
      """
      {"insertId":"ins-1","logName":"projects/p1/logs/cloudaudit.googleapis.com%2Factivity","timestamp":"2026-11-20T10:15:02.1Z","severity":"NOTICE",
       "resource":{"type":"service_account","labels":{"project_id":"p1","email_id":"sa1@p1.iam.gserviceaccount.com"}},
       "protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","serviceName":"iam.googleapis.com","methodName":"google.iam.admin.v1.CreateServiceAccountKey",
        "resourceName":"projects/-/serviceAccounts/1234567890","authenticationInfo":{"principalEmail":"mallory@example.com"},"requestMetadata":{"callerIp":"203.0.113.7"},
        "authorizationInfo":[{"permission":"iam.serviceAccountKeys.create","granted":true}],
        "request":{"name":"projects/-/serviceAccounts/sa1@p1.iam.gserviceaccount.com"},
        "response":{"name":"projects/p1/serviceAccounts/sa1@p1.iam.gserviceaccount.com/keys/0123456789abcdef0123456789abcdef01234567","valid_before_time":{"seconds":253402300799}}}}""";

  static final String FIC_WRITE_DATA =
      """
      {"authorization":{"scope":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi1/federatedIdentityCredentials/fic1","action":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write","evidence":{"role":"Owner","principalId":"oid-1","principalType":"User"}},
       "claims":{"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"alice@contoso.example","http://schemas.microsoft.com/identity/claims/objectidentifier":"oid-1","ipaddr":"203.0.113.9"},
       "correlationId":"corr-1","resourceUri":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi1/federatedIdentityCredentials/fic1",
       "operationName":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write","status":"Succeeded","subscriptionId":"s1","tenantId":"t1"}""";

  static final String ENTRA_RECORD =
      """
      {"time":"2026-11-20T10:15:02.1234567Z","resourceId":"/tenants/t1/providers/Microsoft.aadiam","operationName":"Add service principal credentials","category":"AuditLogs","tenantId":"t1","correlationId":"c1",
       "properties":{"id":"Directory_1","activityDisplayName":"Add service principal credentials","result":"success","initiatedBy":{"user":{"id":"u1","userPrincipalName":"a@contoso.example","ipAddress":"203.0.113.7"}},
        "targetResources":[{"id":"sp1","displayName":"payments-api","type":"ServicePrincipal","modifiedProperties":[{"displayName":"KeyDescription","oldValue":"[]",
         "newValue":"[\\"[KeyIdentifier=3f0c0000-0000-0000-0000-000000000001,KeyType=Password,KeyUsage=Verify,DisplayName=ci]\\"]"}]}]}}""";

  private static List<Verdict> read(String json) {
    return new EventReader().read(json.getBytes(StandardCharsets.UTF_8), "test.json");
  }

  private static CredentialEvent onlyEvent(List<Verdict> verdicts) {
    List<CredentialEvent> events = new ArrayList<>();
    for (Verdict verdict : verdicts) {
      assertThat(verdict).isInstanceOf(Verdict.Relevant.class);
      events.addAll(((Verdict.Relevant) verdict).events());
    }
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Test
  void rawCloudTrailRecord_isReadWithItsLocation() {
    List<Verdict> verdicts = read(ACCESS_KEY_RECORD);
    CredentialEvent event = onlyEvent(verdicts);
    assertThat(event.credential().id()).isEqualTo("AKIANEWKEY");
    assertThat(event.location().file()).isEqualTo("test.json");
    assertThat(event.location().index()).isZero();
    assertThat(event.location().line()).isEqualTo(1);
  }

  @Test
  void eventBridgeEvent_unwrapsTheDetail() {
    CredentialEvent event = onlyEvent(read(eventBridge(ACCESS_KEY_RECORD)));
    assertThat(event.operation().qualified()).isEqualTo("iam.amazonaws.com:CreateAccessKey");
    assertThat(event.target().name()).isEqualTo("bob");
  }

  @Test
  void eventBridgeEvent_ofAnotherType_isIgnoredWithTheType() {
    List<Verdict> verdicts =
        read(
            "{\"version\":\"0\",\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"detail\":{\"state\":\"running\"}}");
    assertThat(verdicts)
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Ignored.class,
            v -> assertThat(v.reason()).contains("EC2 Instance State-change Notification"));
  }

  @Test
  void cloudTrailLogFile_readsEveryRecordInOrder() {
    List<Verdict> verdicts =
        read(
            "{\"Records\":["
                + LIST_USERS_RECORD
                + ","
                + ACCESS_KEY_RECORD
                + ","
                + LIST_USERS_RECORD
                + "]}");
    assertThat(verdicts).hasSize(3);
    assertThat(verdicts.get(0)).isInstanceOf(Verdict.Ignored.class);
    assertThat(verdicts.get(1)).isInstanceOf(Verdict.Relevant.class);
    assertThat(verdicts).extracting(v -> v.location().index()).containsExactly(0L, 1L, 2L);
    assertThat(verdicts)
        .extracting(v -> v.location().path())
        .containsExactly("Records[0]", "Records[1]", "Records[2]");
  }

  @Test
  void sqsBatch_namesEachMessageAndKeepsGoingPastAPoisonMessage() {
    String batch =
        "{\"Records\":["
            + sqsMessage("m-1", eventBridge(ACCESS_KEY_RECORD))
            + ","
            + sqsMessage("m-2", "not json at all")
            + ","
            + sqsMessage("m-3", eventBridge(LIST_USERS_RECORD))
            + "]}";
    List<Verdict> verdicts = read(batch);
    assertThat(verdicts)
        .extracting(v -> v.location().deliveryId())
        .containsExactly("m-1", "m-2", "m-3");
    assertThat(verdicts.get(0)).isInstanceOf(Verdict.Relevant.class);
    assertThat(verdicts.get(1))
        .isInstanceOfSatisfying(
            Verdict.Malformed.class,
            v -> assertThat(v.reason()).startsWith("SQS message body is not valid JSON"));
    assertThat(verdicts.get(2)).isInstanceOf(Verdict.Ignored.class);
    assertThat(verdicts.get(0).location().path()).isEqualTo("Records[0].body");
  }

  @Test
  void pubSubPush_decodesTheLogEntry() {
    String data = Base64.getEncoder().encodeToString(SA_KEY_ENTRY.getBytes(StandardCharsets.UTF_8));
    String push =
        "{\"message\":{\"data\":\""
            + data
            + "\",\"messageId\":\"1234\",\"attributes\":{}},\"subscription\":\"projects/p1/subscriptions/s\"}";
    CredentialEvent event = onlyEvent(read(push));
    assertThat(event.credential().kind()).isEqualTo(CredentialKind.SERVICE_ACCOUNT_KEY);
    assertThat(event.credential().id()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    assertThat(event.location().deliveryId()).isEqualTo("1234");
    assertThat(event.location().path()).isEqualTo("message.data");
  }

  @Test
  void messagePublishedCloudEvent_decodesTheLogEntry() {
    String data = Base64.getEncoder().encodeToString(SA_KEY_ENTRY.getBytes(StandardCharsets.UTF_8));
    String cloudEvent =
        "{\"specversion\":\"1.0\",\"type\":\"google.cloud.pubsub.topic.v1.messagePublished\",\"source\":\"//pubsub.googleapis.com/projects/p1/topics/t\",\"id\":\"9\","
            + "\"data\":{\"message\":{\"data\":\""
            + data
            + "\",\"messageId\":\"9\"},\"subscription\":\"s\"}}";
    CredentialEvent event = onlyEvent(read(cloudEvent));
    assertThat(event.actor().id()).isEqualTo("mallory@example.com");
    assertThat(event.location().deliveryId()).isEqualTo("9");
  }

  @Test
  void auditLogWrittenCloudEvent_readsTheLogEntryInData() {
    String cloudEvent =
        "{\"specversion\":\"1.0\",\"type\":\"google.cloud.audit.log.v1.written\",\"source\":\"//cloudaudit.googleapis.com/projects/p1/logs/activity\",\"id\":\"ce-1\",\"data\":"
            + SA_KEY_ENTRY
            + "}";
    CredentialEvent event = onlyEvent(read(cloudEvent));
    assertThat(event.account()).isEqualTo("p1");
    assertThat(event.eventId()).isEqualTo("ins-1");
  }

  @Test
  void badBase64_isMalformed() {
    List<Verdict> verdicts = read("{\"message\":{\"data\":\"***\",\"messageId\":\"1\"}}");
    assertThat(verdicts)
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Malformed.class, v -> assertThat(v.reason()).contains("base64"));
  }

  @Test
  void eventGridArray_readsEachEventAndIgnoresTheHandshake() {
    String events =
        "[{\"id\":\"eg-1\",\"topic\":\"/subscriptions/s1\",\"subject\":\"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi1/federatedIdentityCredentials/fic1\","
            + "\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\",\"eventTime\":\"2026-11-20T10:15:02Z\",\"dataVersion\":\"2\",\"data\":"
            + FIC_WRITE_DATA
            + "},"
            + "{\"id\":\"v-1\",\"topic\":\"/subscriptions/s1\",\"subject\":\"\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"data\":{\"validationCode\":\"512d38b6\"},\"dataVersion\":\"1\"}]";
    List<Verdict> verdicts = read(events);
    assertThat(verdicts).hasSize(2);
    assertThat(verdicts.get(0))
        .isInstanceOfSatisfying(
            Verdict.Relevant.class,
            v -> assertThat(v.events().get(0).credential().id()).isEqualTo("fic1"));
    assertThat(verdicts.get(1))
        .isInstanceOfSatisfying(
            Verdict.Ignored.class, v -> assertThat(v.reason()).contains("validation"));
  }

  @Test
  void cloudEventsSchemaArmEvent_isRead() {
    String event =
        "{\"specversion\":\"1.0\",\"type\":\"Microsoft.Resources.ResourceWriteSuccess\",\"source\":\"/subscriptions/s1\",\"id\":\"ce-2\",\"time\":\"2026-11-20T10:15:02Z\","
            + "\"subject\":\"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi1/federatedIdentityCredentials/fic1\",\"data\":"
            + FIC_WRITE_DATA
            + "}";
    CredentialEvent parsed = onlyEvent(read(event));
    assertThat(parsed.eventId()).isEqualTo("ce-2");
    assertThat(parsed.actor().name()).isEqualTo("alice@contoso.example");
  }

  @Test
  void eventHubsBody_readsEachEntraRecord() {
    List<Verdict> verdicts =
        read(
            "{\"records\":["
                + ENTRA_RECORD
                + ","
                + ENTRA_RECORD.replace("Add service principal credentials", "Update user")
                + "]}");
    assertThat(verdicts).hasSize(2);
    assertThat(verdicts.get(0)).isInstanceOf(Verdict.Relevant.class);
    assertThat(verdicts.get(1))
        .isInstanceOfSatisfying(
            Verdict.Ignored.class, v -> assertThat(v.reason()).contains("Update user"));
    assertThat(verdicts)
        .extracting(v -> v.location().path())
        .containsExactly("records[0]", "records[1]");
  }

  @Test
  void eventHubsMessageArray_readsEachBody() {
    List<Verdict> verdicts =
        read("[{\"records\":[" + ENTRA_RECORD + "]},{\"records\":[" + ENTRA_RECORD + "]}]");
    assertThat(verdicts).hasSize(2).allMatch(v -> v instanceof Verdict.Relevant);
  }

  @Test
  void graphListResponse_readsEachDirectoryAudit() {
    String graph =
        ENTRA_RECORD.substring(
            ENTRA_RECORD.indexOf("\"properties\":") + "\"properties\":".length(),
            ENTRA_RECORD.length() - 1);
    List<Verdict> verdicts = read("{\"@odata.context\":\"x\",\"value\":[" + graph + "]}");
    assertThat(onlyEvent(verdicts).credential().id())
        .isEqualTo("3f0c0000-0000-0000-0000-000000000001");
  }

  @Test
  void unknownButValidJson_isIgnoredWithItsKeys() {
    assertThat(read("{\"hello\":\"world\",\"n\":1}"))
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Ignored.class, v -> assertThat(v.reason()).contains("hello, n"));
    assertThat(read("{}"))
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Ignored.class, v -> assertThat(v.reason()).isEqualTo("empty JSON object"));
    assertThat(read("[]")).singleElement().isInstanceOf(Verdict.Ignored.class);
    assertThat(read("{\"message\":\"hello\"}")).singleElement().isInstanceOf(Verdict.Ignored.class);
  }

  @Test
  void nonCredentialOperation_isIgnoredWithTheOperation() {
    assertThat(read(LIST_USERS_RECORD))
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Ignored.class,
            v ->
                assertThat(v.reason())
                    .isEqualTo("not a credential operation: iam.amazonaws.com ListUsers"));
  }

  @Test
  void nestedEnvelopesBeyondTheLimit_areMalformed() {
    String nested = eventBridge(ACCESS_KEY_RECORD);
    for (int i = 0; i < 6; i++) {
      nested = "{\"Records\":[" + sqsMessage("m" + i, nested) + "]}";
    }
    assertThat(read(nested))
        .singleElement()
        .isInstanceOfSatisfying(
            Verdict.Malformed.class, v -> assertThat(v.reason()).contains("nested more than"));
  }

  @Test
  void threeClouds_inOneArray_areAllRead() {
    List<Verdict> verdicts =
        read(
            "["
                + ACCESS_KEY_RECORD
                + ","
                + SA_KEY_ENTRY
                + ",{\"records\":["
                + ENTRA_RECORD
                + "]}]");
    assertThat(verdicts).hasSize(3).allMatch(v -> v instanceof Verdict.Relevant);
    assertThat(verdicts)
        .extracting(v -> ((Verdict.Relevant) v).events().get(0).cloud().id())
        .containsExactly("aws", "gcp", "azure");
  }
}
