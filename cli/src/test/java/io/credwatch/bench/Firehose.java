package io.credwatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

/**
 * A firehose of audit events from the three clouds, one per line, as an organisation trail and log
 * sinks would export them: mostly irrelevant (reads, writes, sign-ins, metadata calls) with about
 * one credential addition per thousand events. Seeded, so every run writes the same bytes.
 */
final class Firehose {
  /** One credential addition per this many events. */
  static final int CREDENTIAL_EVERY = 1000;

  private final Random random = new Random(20261123L);
  private long events;
  private long credentialEvents;

  long events() {
    return events;
  }

  long credentialEvents() {
    return credentialEvents;
  }

  /** Writes about {@code megabytes} MiB of JSON lines to {@code file}. */
  void write(Path file, int megabytes) throws IOException {
    long target = (long) megabytes << 20;
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (written < target) {
        String line = next();
        out.write(line);
        out.write('\n');
        written += line.length() + 1;
      }
    }
  }

  private String next() {
    events++;
    boolean credential = events % CREDENTIAL_EVERY == 0;
    if (credential) {
      credentialEvents++;
    }
    int pick = random.nextInt(100);
    if (pick < 50) {
      return credential
          ? cloudTrail(
              "iam.amazonaws.com", "CreateAccessKey", accessKeyRequest(), accessKeyResponse())
          : cloudTrailNoise();
    }
    if (pick < 80) {
      return credential ? gcpServiceAccountKey() : gcpNoise();
    }
    if (pick < 90) {
      return credential ? entraCredential() : entraNoise();
    }
    return credential ? eventGridFederatedCredential() : eventGridNoise();
  }

  private String id() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private String ip() {
    return "203.0." + random.nextInt(256) + "." + random.nextInt(256);
  }

  private String user() {
    return "user" + random.nextInt(5000);
  }

  private String cloudTrailNoise() {
    return switch (random.nextInt(6)) {
      case 0 ->
          cloudTrail(
              "s3.amazonaws.com",
              "GetObject",
              "{\"bucketName\":\"logs-"
                  + random.nextInt(50)
                  + "\",\"key\":\"2026/11/20/"
                  + id()
                  + ".json.gz\",\"Host\":\"logs.s3.eu-west-1.amazonaws.com\"}",
              "null");
      case 1 ->
          cloudTrail(
              "ec2.amazonaws.com",
              "DescribeInstances",
              "{\"instancesSet\":{},\"filterSet\":{\"items\":[{\"name\":\"tag:team\",\"valueSet\":{\"items\":[{\"value\":\"payments\"}]}}]}}",
              "null");
      case 2 ->
          cloudTrail(
              "sts.amazonaws.com",
              "AssumeRole",
              "{\"roleArn\":\"arn:aws:iam::111122223333:role/deployer\",\"roleSessionName\":\""
                  + id()
                  + "\",\"durationSeconds\":3600}",
              "{\"credentials\":{\"accessKeyId\":\"ASIA"
                  + random.nextInt(1_000_000)
                  + "\",\"expiration\":\"Nov 20, 2026, 11:15:01 AM\",\"sessionToken\":\""
                  + id()
                  + id()
                  + "\"},\"assumedRoleUser\":{\"assumedRoleId\":\"AROA:x\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/deployer/x\"}}");
      case 3 -> cloudTrail("iam.amazonaws.com", "ListUsers", "{\"maxItems\":100}", "null");
      case 4 ->
          cloudTrail(
              "kms.amazonaws.com",
              "Decrypt",
              "{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"arn:aws:lambda:eu-west-1:111122223333:function:orders\"}}",
              "null");
      default ->
          cloudTrail(
              "dynamodb.amazonaws.com",
              "PutItem",
              "{\"tableName\":\"orders\",\"key\":{\"pk\":\"" + id() + "\"}}",
              "null");
    };
  }

  private String accessKeyRequest() {
    return "{\"userName\":\"" + user() + "\"}";
  }

  private String accessKeyResponse() {
    return "{\"accessKey\":{\"accessKeyId\":\"AKIA"
        + Long.toHexString(random.nextLong()).toUpperCase(java.util.Locale.ROOT)
        + "\",\"status\":\"Active\",\"createDate\":\"Nov 20, 2026 10:15:01 AM\"}}";
  }

  private String cloudTrail(String source, String name, String request, String response) {
    String caller = user();
    return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA"
        + random.nextInt(1_000_000)
        + "\",\"arn\":\"arn:aws:iam::111122223333:user/"
        + caller
        + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIA"
        + random.nextInt(1_000_000)
        + "\",\"userName\":\""
        + caller
        + "\",\"sessionContext\":{\"attributes\":{\"creationDate\":\"2026-11-20T09:00:00Z\",\"mfaAuthenticated\":\"false\"}}},"
        + "\"eventTime\":\"2026-11-20T10:"
        + (10 + random.nextInt(50))
        + ":01Z\",\"eventSource\":\""
        + source
        + "\",\"eventName\":\""
        + name
        + "\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\""
        + ip()
        + "\",\"userAgent\":\"aws-sdk-java/2.41.28 Linux/6.1 OpenJDK_64-Bit_Server_VM/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_Lambda_java21\","
        + "\"requestParameters\":"
        + request
        + ",\"responseElements\":"
        + response
        + ",\"requestID\":\""
        + id()
        + "\",\"eventID\":\""
        + id()
        + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\","
        + "\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\""
        + source
        + "\"}}";
  }

  private String gcpEntry(
      String service,
      String method,
      String resource,
      String permission,
      String request,
      String response) {
    return "{\"insertId\":\""
        + Long.toHexString(random.nextLong())
        + "\",\"logName\":\"projects/acme-prod-1/logs/cloudaudit.googleapis.com%2Factivity\","
        + "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\",\"status\":{},\"authenticationInfo\":{\"principalEmail\":\""
        + user()
        + "@acme.example\"},\"requestMetadata\":{\"callerIp\":\""
        + ip()
        + "\",\"callerSuppliedUserAgent\":\"google-cloud-sdk gcloud/502.0.0,gzip(gfe)\",\"requestAttributes\":{\"time\":\"2026-11-20T10:15:00Z\",\"auth\":{}},\"destinationAttributes\":{}},"
        + "\"serviceName\":\""
        + service
        + "\",\"methodName\":\""
        + method
        + "\",\"authorizationInfo\":[{\"resource\":\""
        + resource
        + "\",\"permission\":\""
        + permission
        + "\",\"granted\":true,\"resourceAttributes\":{}}],\"resourceName\":\""
        + resource
        + "\",\"request\":"
        + request
        + ",\"response\":"
        + response
        + "},"
        + "\"resource\":{\"type\":\"audited_resource\",\"labels\":{\"project_id\":\"acme-prod-1\",\"service\":\""
        + service
        + "\",\"method\":\""
        + method
        + "\"}},"
        + "\"timestamp\":\"2026-11-20T10:15:00."
        + random.nextInt(1_000_000)
        + "Z\",\"severity\":\"NOTICE\",\"receiveTimestamp\":\"2026-11-20T10:15:01Z\"}";
  }

  private String gcpNoise() {
    return switch (random.nextInt(4)) {
      case 0 ->
          gcpEntry(
              "storage.googleapis.com",
              "storage.objects.get",
              "projects/_/buckets/data/objects/" + id(),
              "storage.objects.get",
              "{}",
              "{}");
      case 1 ->
          gcpEntry(
              "compute.googleapis.com",
              "v1.compute.instances.list",
              "projects/acme-prod-1/zones/europe-west1-b/instances",
              "compute.instances.list",
              "{\"@type\":\"type.googleapis.com/compute.instances.list\"}",
              "{}");
      case 2 ->
          gcpEntry(
              "bigquery.googleapis.com",
              "google.cloud.bigquery.v2.JobService.InsertJob",
              "projects/acme-prod-1/jobs/" + id(),
              "bigquery.jobs.create",
              "{\"@type\":\"type.googleapis.com/google.cloud.bigquery.v2.InsertJobRequest\",\"job\":{\"jobConfig\":{\"type\":\"QUERY\",\"queryConfig\":{\"query\":\"SELECT * FROM sales\"}}}}",
              "{}");
      default ->
          gcpEntry(
              "iam.googleapis.com",
              "google.iam.admin.v1.GetServiceAccount",
              "projects/acme-prod-1/serviceAccounts/etl@acme-prod-1.iam.gserviceaccount.com",
              "iam.serviceAccounts.get",
              "{}",
              "{}");
    };
  }

  private String gcpServiceAccountKey() {
    String account = "etl" + random.nextInt(100) + "@acme-prod-1.iam.gserviceaccount.com";
    return gcpEntry(
        "iam.googleapis.com",
        "google.iam.admin.v1.CreateServiceAccountKey",
        "projects/-/serviceAccounts/" + account,
        "iam.serviceAccountKeys.create",
        "{\"name\":\"projects/-/serviceAccounts/" + account + "\",\"private_key_type\":2}",
        "{\"name\":\"projects/acme-prod-1/serviceAccounts/"
            + account
            + "/keys/"
            + Long.toHexString(random.nextLong())
            + Long.toHexString(random.nextLong())
            + "\",\"valid_before_time\":{\"seconds\":253402300799}}");
  }

  private String entraRecord(String activity, String modified) {
    return "{\"time\":\"2026-11-20T10:15:02.1234567Z\",\"resourceId\":\"/tenants/6f1d2c3b-4a59-4e8d-9b7c-0123456789ab/providers/Microsoft.aadiam\",\"operationName\":\""
        + activity
        + "\",\"category\":\"AuditLogs\",\"tenantId\":\"6f1d2c3b-4a59-4e8d-9b7c-0123456789ab\",\"correlationId\":\""
        + id()
        + "\",\"callerIpAddress\":\""
        + ip()
        + "\",\"properties\":{\"id\":\"Directory_"
        + id()
        + "\",\"category\":\"UserManagement\",\"result\":\"success\",\"activityDisplayName\":\""
        + activity
        + "\",\"loggedByService\":\"Core Directory\",\"initiatedBy\":{\"user\":{\"id\":\""
        + id()
        + "\",\"userPrincipalName\":\""
        + user()
        + "@acme.example\",\"ipAddress\":\""
        + ip()
        + "\"}},\"targetResources\":[{\"id\":\""
        + id()
        + "\",\"displayName\":\"payments-api\",\"type\":\"ServicePrincipal\",\"modifiedProperties\":["
        + modified
        + "]}],\"additionalDetails\":[{\"key\":\"User-Agent\",\"value\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\"}]}}";
  }

  private String entraNoise() {
    return entraRecord(
        random.nextBoolean() ? "Update user" : "Add member to group",
        "{\"displayName\":\"Group.DisplayName\",\"oldValue\":null,\"newValue\":\"\\\"engineering\\\"\"}");
  }

  private String entraCredential() {
    return entraRecord(
        "Add service principal credentials",
        "{\"displayName\":\"KeyDescription\",\"oldValue\":\"[]\",\"newValue\":\"[\\\"[KeyIdentifier="
            + id()
            + ",KeyType=Password,KeyUsage=Verify,DisplayName=ci]\\\"]\"}");
  }

  private String eventGridNoise() {
    return eventGrid(
        "/subscriptions/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/acme"
            + random.nextInt(100),
        "Microsoft.Storage/storageAccounts/write");
  }

  private String eventGridFederatedCredential() {
    return eventGrid(
        "/subscriptions/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-batch/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-"
            + random.nextInt(100)
            + "/federatedIdentityCredentials/fic-"
            + id(),
        "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write");
  }

  private String eventGrid(String resource, String operation) {
    return "{\"topic\":\"/subscriptions/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\",\"subject\":\""
        + resource
        + "\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\",\"eventTime\":\"2026-11-20T11:10:00.5Z\",\"id\":\""
        + id()
        + "\",\"data\":{\"authorization\":{\"scope\":\""
        + resource
        + "\",\"action\":\""
        + operation
        + "\",\"evidence\":{\"role\":\"Contributor\",\"principalType\":\"User\"}},"
        + "\"claims\":{\"ipaddr\":\""
        + ip()
        + "\",\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\":\""
        + user()
        + "@acme.example\"},\"correlationId\":\""
        + id()
        + "\",\"resourceUri\":\""
        + resource
        + "\",\"operationName\":\""
        + operation
        + "\",\"status\":\"Succeeded\",\"subscriptionId\":\"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"},\"dataVersion\":\"2\",\"metadataVersion\":\"1\"}";
  }
}
