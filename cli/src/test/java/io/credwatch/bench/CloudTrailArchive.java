package io.credwatch.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * A CloudTrail archive as an organisation trail delivers it to S3: thousands of small gzip log
 * files ({@code {"Records":[...]}}) under {@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/}.
 * The records are realistic noise (role sessions, Describe and List calls, reads, writes, denied
 * calls, console sign-ins) with one access key created for another user every {@code 1000} records.
 * Seeded, so every run writes the same bytes.
 */
final class CloudTrailArchive {
  static final String ACCOUNT = "111122223333";

  /** How CloudTrail writes an access key's own creation time: the record's, to the second. */
  private static final java.time.format.DateTimeFormatter CREATE_DATE =
      java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);

  private final Random random = new Random(20261207L);
  private final List<String> createdKeys = new ArrayList<>();

  /** Every other new key is used by "its" owner a few hundred records later, from another IP. */
  private final java.util.ArrayDeque<String[]> pendingUses = new java.util.ArrayDeque<>();

  private long records;
  private long bytes;

  /** The access key ids created for other users, in the order they were written. */
  List<String> createdKeys() {
    return createdKeys;
  }

  long records() {
    return records;
  }

  /** Uncompressed JSON bytes written. */
  long bytes() {
    return bytes;
  }

  /**
   * Writes {@code files} log files of {@code recordsPerFile} records under {@code root}, with one
   * key created every {@code keyEvery} records; returns the folder that holds them.
   */
  Path write(Path root, int files, int recordsPerFile, int keyEvery) throws IOException {
    Path day = root.resolve("AWSLogs/" + ACCOUNT + "/CloudTrail/eu-west-1/2026/11/20");
    Files.createDirectories(day);
    for (int file = 0; file < files; file++) {
      int minute = file * 24 * 60 / files;
      String stamp = String.format(Locale.ROOT, "20261120T%02d%02dZ", minute / 60, minute % 60);
      Path path =
          day.resolve(
              ACCOUNT
                  + "_CloudTrail_eu-west-1_"
                  + stamp
                  + "_"
                  + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                  + ".json.gz");
      StringBuilder json = new StringBuilder(recordsPerFile * 1200).append("{\"Records\":[");
      for (int i = 0; i < recordsPerFile; i++) {
        if (i > 0) {
          json.append(',');
        }
        records++;
        String time =
            String.format(
                Locale.ROOT,
                "2026-11-20T%02d:%02d:%02dZ",
                minute / 60,
                minute % 60,
                i * 60 / recordsPerFile);
        String[] use = pendingUses.peek();
        if (records % keyEvery == 0) {
          json.append(createAccessKey(time));
        } else if (use != null && Long.parseLong(use[2]) <= records) {
          pendingUses.remove();
          json.append(useOf(time, use[0], use[1]));
        } else {
          json.append(noise(time));
        }
      }
      json.append("]}");
      byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
      bytes += utf8.length;
      try (OutputStream out =
          new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(path)), 65536)) {
        out.write(utf8);
      }
    }
    return day;
  }

  private String noise(String time) {
    int pick = random.nextInt(100);
    if (pick < 25) {
      return assumeRole(time);
    }
    if (pick < 45) {
      String[] describe = {
        "DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes", "DescribeSubnets"
      };
      return call(
          time,
          "ec2.amazonaws.com",
          describe[random.nextInt(describe.length)],
          "{\"filterSet\":{\"items\":[{\"name\":\"tag:team\",\"valueSet\":{\"items\":[{\"value\":\"payments\"}]}}]}}",
          "null",
          null);
    }
    if (pick < 60) {
      String[] list = {"ListUsers", "ListRoles", "ListAccessKeys", "ListAttachedRolePolicies"};
      return call(
          time,
          "iam.amazonaws.com",
          list[random.nextInt(list.length)],
          "{\"maxItems\":100}",
          "null",
          null);
    }
    if (pick < 75) {
      return call(
          time,
          "s3.amazonaws.com",
          "GetObject",
          "{\"bucketName\":\"logs-"
              + random.nextInt(50)
              + "\",\"key\":\"2026/11/20/"
              + id()
              + ".json.gz\",\"Host\":\"logs.s3.eu-west-1.amazonaws.com\"}",
          "null",
          null);
    }
    if (pick < 83) {
      return call(
          time,
          "kms.amazonaws.com",
          "Decrypt",
          "{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"arn:aws:lambda:eu-west-1:111122223333:function:orders\"}}",
          "null",
          null);
    }
    if (pick < 93) {
      // Denied calls, including denied credential additions: they add nothing.
      String[] denied = {"CreateAccessKey", "PutRolePolicy", "GetSecretValue", "CreateUser"};
      String name = denied[random.nextInt(denied.length)];
      return call(
          time,
          name.equals("GetSecretValue") ? "secretsmanager.amazonaws.com" : "iam.amazonaws.com",
          name,
          "{\"userName\":\"" + user() + "\"}",
          "null",
          "AccessDenied");
    }
    if (pick < 96) {
      return consoleLogin(time);
    }
    return call(
        time,
        "dynamodb.amazonaws.com",
        "PutItem",
        "{\"tableName\":\"orders\",\"key\":{\"pk\":\"" + id() + "\"}}",
        "null",
        null);
  }

  private String createAccessKey(String time) {
    String key = "AKIA" + hex16();
    createdKeys.add(key);
    String owner = "svc-" + random.nextInt(5000);
    if (createdKeys.size() % 2 == 0) {
      pendingUses.add(
          new String[] {key, owner, Long.toString(records + 200 + random.nextInt(300))});
    }
    return call(
        time,
        "iam.amazonaws.com",
        "CreateAccessKey",
        "{\"userName\":\"" + owner + "\"}",
        "{\"accessKey\":{\"userName\":\""
            + owner
            + "\",\"accessKeyId\":\""
            + key
            + "\",\"status\":\"Active\",\"createDate\":\""
            + CREATE_DATE.format(java.time.Instant.parse(time))
            + "\"}}",
        null);
  }

  private String useOf(String time, String key, String owner) {
    return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA"
        + hex16()
        + "\",\"arn\":\"arn:aws:iam::111122223333:user/"
        + owner
        + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\""
        + key
        + "\",\"userName\":\""
        + owner
        + "\"},\"eventTime\":\""
        + time
        + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"198.51.100."
        + random.nextInt(256)
        + "\",\"userAgent\":\"aws-cli/2.22.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1\",\"requestParameters\":{\"Host\":\"s3.eu-west-1.amazonaws.com\"},"
        + "\"responseElements\":null,\"requestID\":\""
        + id()
        + "\",\"eventID\":\""
        + id()
        + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
  }

  private String assumeRole(String time) {
    return call(
        time,
        "sts.amazonaws.com",
        "AssumeRole",
        "{\"roleArn\":\"arn:aws:iam::111122223333:role/deployer\",\"roleSessionName\":\""
            + id()
            + "\",\"durationSeconds\":3600}",
        "{\"credentials\":{\"accessKeyId\":\"ASIA"
            + hex16()
            + "\",\"expiration\":\"Nov 20, 2026, 11:15:01 AM\",\"sessionToken\":\""
            + id()
            + id()
            + "\"},\"assumedRoleUser\":{\"assumedRoleId\":\"AROAEXAMPLE:x\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/deployer/x\"}}",
        null);
  }

  private String consoleLogin(String time) {
    String caller = user();
    return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA"
        + hex16()
        + "\",\"arn\":\"arn:aws:iam::111122223333:user/"
        + caller
        + "\",\"accountId\":\"111122223333\",\"userName\":\""
        + caller
        + "\"},\"eventTime\":\""
        + time
        + "\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\""
        + ip()
        + "\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0\",\"requestParameters\":null,"
        + "\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"additionalEventData\":{\"LoginTo\":\"https://console.aws.amazon.com/console/home\",\"MobileVersion\":\"No\",\"MFAUsed\":\"Yes\"},"
        + "\"eventID\":\""
        + id()
        + "\",\"readOnly\":false,\"eventType\":\"AwsConsoleSignIn\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
  }

  private String call(
      String time,
      String source,
      String name,
      String request,
      String response,
      @org.jspecify.annotations.Nullable String errorCode) {
    String caller = user();
    boolean role = random.nextBoolean();
    String identity =
        role
            ? "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:"
                + caller
                + "\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/deployer/"
                + caller
                + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIA"
                + hex16()
                + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:role/deployer\",\"accountId\":\"111122223333\",\"userName\":\"deployer\"},"
                + "\"attributes\":{\"creationDate\":\"2026-11-20T09:00:00Z\",\"mfaAuthenticated\":\"false\"}}}"
            : "{\"type\":\"IAMUser\",\"principalId\":\"AIDA"
                + hex16()
                + "\",\"arn\":\"arn:aws:iam::111122223333:user/"
                + caller
                + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIA"
                + hex16()
                + "\",\"userName\":\""
                + caller
                + "\"}";
    String error =
        errorCode == null
            ? ""
            : ",\"errorCode\":\""
                + errorCode
                + "\",\"errorMessage\":\"User: arn:aws:iam::111122223333:user/"
                + caller
                + " is not authorized to perform: "
                + name
                + " because no identity-based policy allows the action\"";
    return "{\"eventVersion\":\"1.09\",\"userIdentity\":"
        + identity
        + ",\"eventTime\":\""
        + time
        + "\",\"eventSource\":\""
        + source
        + "\",\"eventName\":\""
        + name
        + "\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\""
        + ip()
        + "\",\"userAgent\":\"aws-sdk-java/2.41.28 Linux/6.1 OpenJDK_64-Bit_Server_VM/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_Lambda_java21\""
        + error
        + ",\"requestParameters\":"
        + request
        + ",\"responseElements\":"
        + response
        + ",\"requestID\":\""
        + id()
        + "\",\"eventID\":\""
        + id()
        + "\",\"readOnly\":"
        + (name.startsWith("Describe") || name.startsWith("List") || name.startsWith("Get"))
        + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\","
        + "\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\""
        + source
        + "\"}}";
  }

  private String id() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private String hex16() {
    return String.format(Locale.ROOT, "%016X", random.nextLong());
  }

  private String ip() {
    return "203.0." + random.nextInt(256) + "." + random.nextInt(256);
  }

  private String user() {
    return "user" + random.nextInt(5000);
  }
}
