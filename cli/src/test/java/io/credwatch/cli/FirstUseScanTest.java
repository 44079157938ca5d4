package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertJson;
import io.credwatch.alert.AlertText;
import io.credwatch.alert.FirstUse;
import io.credwatch.alert.Severity;
import io.credwatch.alert.TeamsCard;
import io.credwatch.source.EventReader;
import io.credwatch.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Created, then used: generated logs in which new credentials are used from the creator's IP, from
 * another IP within minutes, at an hour the creator is never active, through AssumeRole session
 * keys, and never; in AWS, GCP and Entra. Each gives its expected firstUse and severity.
 */
class FirstUseScanTest {
  private static final String CREATOR_IP = "203.0.113.66";
  private static final String CREATED = "2026-11-20T10:15:01Z";

  private static final String SAME_IP = "AKIAFOLLOWSAMEIP0001";
  private static final String QUICK = "AKIAFOLLOWQUICK00002";
  private static final String NEVER = "AKIAFOLLOWNEVER00003";
  private static final String SESSION = "AKIAFOLLOWSESSION004";
  private static final String TEMP = "ASIAFOLLOWTEMPKEY004";
  private static final String LATE = "AKIAFOLLOWLATEHOUR05";
  private static final String GCP_KEY = "3f1c9a7e5b2d4f6081a3c5e7092b4d6f8a1c3e5b";
  private static final String ENTRA_KEY = "f3b8e2d1-3333-4d4e-9f0a-000000000002";
  private static final String ENTRA_ROW_KEY = "0d0d0d0d-4444-4e4e-8f8f-000000000404";

  private static final Path ROOT = Fixtures.repositoryRoot();

  private static Map<String, Alert> alerts;
  private static ScanSummary summary;

  @BeforeAll
  static void scan(@TempDir Path directory) throws IOException {
    Path logs = directory.resolve("logs");
    Files.createDirectories(logs);
    Files.write(logs.resolve("aws.jsonl"), awsLog());
    Files.write(logs.resolve("gcp.jsonl"), gcpLog());
    Files.write(logs.resolve("entra.jsonl"), entraLog());
    ScannerTest.Collector collector = new ScannerTest.Collector();
    Scanner scanner = ScannerTest.scanner(EventReader.forArchives(), collector);
    scanner.scan(logs);
    summary = scanner.finish();
    assertThat(collector.malformed).isEmpty();
    alerts =
        collector.alerts.stream()
            .collect(Collectors.toMap(a -> a.credential().id(), Function.identity()));
  }

  private static FirstUse firstUse(String credentialId) {
    assertThat(alerts).containsKey(credentialId);
    return alerts.get(credentialId).firstUse().orElseThrow();
  }

  /**
   * One record per file, read ahead by workers: the same alerts, first uses and counts as one
   * worker reading them in turn. The session key is minted in one file and used in a later one that
   * a worker has already prefiltered without it, so the scan must look at that file again.
   */
  @Test
  void filesReadAhead_onWorkers_giveWhatOneReaderGives(@TempDir Path directory) throws IOException {
    Path logs = directory.resolve("split");
    Files.createDirectories(logs);
    List<String> lines = new String(awsLog(), StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Files.writeString(logs.resolve(String.format("part-%03d.jsonl", i)), lines.get(i) + "\n");
    }
    List<String> parallel = alertDocuments(logs, 4);
    List<String> oneByOne = alertDocuments(logs, 1);
    assertThat(parallel).hasSize(5).isEqualTo(oneByOne);
    assertThat(parallel)
        .anySatisfy(alert -> assertThat(alert).contains(SESSION).contains("\"used\":true"));
  }

  /**
   * The same as CloudTrail log files of three records each: workers read them ahead and the second
   * read finds records by the offsets the first noted, not by framing. Same alerts as one reader.
   */
  @Test
  void logFilesReadAhead_foundByTheirRecordsOffsets_giveWhatOneReaderGives(@TempDir Path directory)
      throws IOException {
    Path logs = directory.resolve("trail");
    Files.createDirectories(logs);
    List<String> lines = new String(awsLog(), StandardCharsets.UTF_8).lines().toList();
    for (int first = 0; first < lines.size(); first += 3) {
      List<String> records = lines.subList(first, Math.min(first + 3, lines.size()));
      Files.writeString(
          logs.resolve(String.format("part-%03d.json", first)),
          "{\"Records\":[" + String.join(",\n  ", records) + "]}");
    }
    List<String> parallel = alertDocuments(logs, 4);
    assertThat(parallel).hasSize(5).isEqualTo(alertDocuments(logs, 1));
    assertThat(parallel)
        .anySatisfy(alert -> assertThat(alert).contains(SESSION).contains("\"used\":true"));
  }

  private static List<String> alertDocuments(Path logs, int threads) {
    ScannerTest.Collector collector = new ScannerTest.Collector();
    Scanner scanner = ScannerTest.scanner(EventReader.forArchives(), collector);
    scanner.useThreads(threads);
    scanner.scan(logs);
    ScanSummary totals = scanner.finish();
    assertThat(collector.malformed).isEmpty();
    assertThat(totals.files()).isGreaterThan(10);
    return collector.alerts.stream()
        .map(alert -> AlertJson.render(alert).replaceAll("\"detectedAt\":\"[^\"]*\"", ""))
        .toList();
  }

  @Test
  void usedFromTheCreatorsIp_isReported_andRaisesNothing() {
    FirstUse use = firstUse(SAME_IP);
    assertThat(use.used()).isTrue();
    assertThat(use.afterCreation()).contains(Duration.ofMinutes(10));
    assertThat(use.sourceIp()).isEqualTo(CREATOR_IP);
    assertThat(use.fromAnotherSource()).isFalse();
    assertThat(use.uses()).isEqualTo(1);
    assertThat(use.firstHour()).containsExactly("sts.amazonaws.com GetCallerIdentity");
    assertThat(alerts.get(SAME_IP).severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void usedWithinMinutesFromAnotherIp_raisesTheSeverity_andSaysWhy() {
    Alert alert = alerts.get(QUICK);
    FirstUse use = firstUse(QUICK);
    assertThat(use.afterCreation()).contains(Duration.ofMinutes(4));
    assertThat(use.sourceIp()).isEqualTo("198.51.100.99");
    assertThat(use.creatorIp()).isEqualTo(CREATOR_IP);
    assertThat(use.fromAnotherSource()).isTrue();
    assertThat(use.userAgent()).startsWith("Boto3/");
    // The first hour only: the 12:00 call is outside it, but counted among the uses.
    assertThat(use.firstHour())
        .containsExactly(
            "secretsmanager.amazonaws.com ListSecrets",
            "secretsmanager.amazonaws.com GetSecretValue");
    assertThat(use.uses()).isEqualTo(3);
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.reasons())
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .startsWith("raised to critical: first used 4 min after it was added")
                    .contains("198.51.100.99")
                    .contains(CREATOR_IP));
  }

  @Test
  void neverUsed_isSaid_onTheAlert_andInTheSummary() {
    FirstUse use = firstUse(NEVER);
    assertThat(use.used()).isFalse();
    assertThat(use.uses()).isZero();
    assertThat(alerts.get(NEVER).severity()).isEqualTo(Severity.HIGH);
    assertThat(summary.firstUse().unused()).anySatisfy(c -> assertThat(c).contains(NEVER));
    assertThat(summary.firstUse().unused()).noneSatisfy(c -> assertThat(c).contains(QUICK));
  }

  @Test
  void aSessionMintedWithTheKey_countsItsTemporaryKeysUses() {
    FirstUse use = firstUse(SESSION);
    assertThat(use.uses()).isEqualTo(2);
    assertThat(use.firstHour())
        .containsExactly("sts.amazonaws.com AssumeRole", "s3.amazonaws.com ListBuckets");
    assertThat(use.via()).isEqualTo("AssumeRole → " + TEMP);
    assertThat(use.fromAnotherSource()).isFalse();
  }

  @Test
  void usedAtAnHourTheCreatorIsNeverActive_raisesTheSeverity() {
    FirstUse use = firstUse(LATE);
    assertThat(use.at()).contains(Instant.parse("2026-11-21T03:10:01Z"));
    assertThat(use.fromAnotherSource()).isFalse();
    assertThat(alerts.get(LATE).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alerts.get(LATE).reasons())
        .anySatisfy(reason -> assertThat(reason).contains("first used at 03:00 UTC"));
    // The same creator's business-hours uses are not unusual.
    assertThat(alerts.get(SAME_IP).reasons()).noneSatisfy(r -> assertThat(r).contains("UTC"));
  }

  @Test
  void gcpServiceAccountKey_usedFromAnotherIp() {
    FirstUse use = firstUse(GCP_KEY);
    assertThat(use.afterCreation()).contains(Duration.ofMinutes(3).plusNanos(123_456_000));
    assertThat(use.sourceIp()).isEqualTo("192.0.2.44");
    assertThat(use.firstHour()).containsExactly("storage.googleapis.com storage.objects.list");
    assertThat(alerts.get(GCP_KEY).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void entraSignIns_ofTheNewKey_fromTheDiagnosticSettingAndALogAnalyticsRow() {
    FirstUse diagnostic = firstUse(ENTRA_KEY);
    assertThat(diagnostic.sourceIp()).isEqualTo("203.0.113.200");
    assertThat(diagnostic.location()).isEqualTo("Rotterdam, NL");
    assertThat(diagnostic.resource()).isEqualTo("Microsoft Graph");
    assertThat(diagnostic.result()).isEqualTo("success");
    assertThat(diagnostic.afterCreation()).contains(Duration.ofSeconds(166));
    assertThat(alerts.get(ENTRA_KEY).severity()).isEqualTo(Severity.CRITICAL);

    FirstUse row = firstUse(ENTRA_ROW_KEY);
    assertThat(row.sourceIp()).isEqualTo("198.51.100.23");
    assertThat(row.fromAnotherSource()).isFalse();
    assertThat(row.location()).isEqualTo("US");
    assertThat(row.result()).isEqualTo("error 7000215");
  }

  @Test
  void firstUse_isInEveryRendering_andTheDocumentStillMatchesItsSchema() {
    Alert alert = alerts.get(QUICK);
    var json = AlertJson.toNode(alert);
    assertThat(json.path("firstUse").path("sourceIp").asText()).isEqualTo("198.51.100.99");
    assertThat(json.path("firstUse").path("secondsAfterCreation").asLong()).isEqualTo(240);
    assertThat(json.path("firstUse").path("fromAnotherSource").asBoolean()).isTrue();
    assertThat(AlertText.body(alert))
        .contains("first use: 4 min after it was added")
        .contains("first used from: 198.51.100.99 (not 203.0.113.66, where it was added)");
    assertThat(TeamsCard.render(alert)).contains("First use").contains("198.51.100.99");
    assertThat(AlertJson.toNode(alerts.get(NEVER)).path("firstUse").path("used").asBoolean())
        .isFalse();
    assertThat(summary.firstUse().followed())
        .isEqualTo(alerts.values().stream().filter(a -> a.firstUse().isPresent()).count());
  }

  @Test
  void standardInput_isFollowedToo() throws IOException {
    ScannerTest.Collector collector = new ScannerTest.Collector();
    Scanner scanner = ScannerTest.scanner(EventReader.forArchives(), collector);
    scanner.scanUnnamedStream("-", new ByteArrayInputStream(awsLog()));
    scanner.finish();
    assertThat(collector.alerts)
        .filteredOn(a -> a.credential().id().equals(QUICK))
        .singleElement()
        .satisfies(a -> assertThat(a.firstUse().orElseThrow().uses()).isEqualTo(3));
  }

  // ---- the generated logs ----

  private static byte[] awsLog() throws IOException {
    String template =
        Files.readString(
            ROOT.resolve(
                "examples/events/aws/eventbridge-create-access-key-for-another-user.json"));
    String creation =
        io.credwatch.json.JsonLimits.defaultMapper().readTree(template).path("detail").toString();
    List<String> lines = new ArrayList<>();
    int n = 0;
    for (String key : List.of(SAME_IP, QUICK, NEVER, SESSION, LATE)) {
      lines.add(
          creation
              .replace("AKIAEXAMPLEBACKDOOR1", key)
              .replace(
                  "4b1e0d6e-9c1a-4f0e-8a53-0e5a1c2d3e41",
                  "00000000-0000-4000-8000-00000000000" + n++));
    }
    // The creator's own day: business hours only (09:00-17:59 UTC), 30 records.
    for (int i = 0; i < 30; i++) {
      lines.add(
          awsCall(
              "AKIAEXAMPLEJDOE00001",
              "arn:aws:iam::111122223333:user/engineering/jdoe",
              String.format("2026-11-%02dT%02d:05:00Z", 10 + i % 10, 9 + i % 9),
              "ec2.amazonaws.com",
              "DescribeInstances",
              CREATOR_IP,
              "null"));
    }
    String svc = "arn:aws:iam::111122223333:user/svc-reporting";
    lines.add(
        awsCall(
            SAME_IP,
            svc,
            "2026-11-20T10:25:01Z",
            "sts.amazonaws.com",
            "GetCallerIdentity",
            CREATOR_IP,
            "null"));
    lines.add(
        awsCall(
            QUICK,
            svc,
            "2026-11-20T10:19:01Z",
            "secretsmanager.amazonaws.com",
            "ListSecrets",
            "198.51.100.99",
            "null"));
    lines.add(
        awsCall(
            QUICK,
            svc,
            "2026-11-20T10:20:01Z",
            "secretsmanager.amazonaws.com",
            "GetSecretValue",
            "198.51.100.99",
            "null"));
    lines.add(
        awsCall(
            QUICK,
            svc,
            "2026-11-20T12:00:01Z",
            "s3.amazonaws.com",
            "ListBuckets",
            "198.51.100.99",
            "null"));
    lines.add(
        awsCall(
            SESSION,
            svc,
            "2026-11-20T10:20:01Z",
            "sts.amazonaws.com",
            "AssumeRole",
            CREATOR_IP,
            "{\"credentials\":{\"accessKeyId\":\""
                + TEMP
                + "\",\"expiration\":\"Nov 20, 2026 11:20:01 AM\"}}"));
    lines.add(
        awsCall(
            TEMP,
            "arn:aws:sts::111122223333:assumed-role/reports/s",
            "2026-11-20T10:22:01Z",
            "s3.amazonaws.com",
            "ListBuckets",
            "198.51.100.77",
            "null"));
    lines.add(
        awsCall(
            LATE,
            svc,
            "2026-11-21T03:10:01Z",
            "iam.amazonaws.com",
            "ListUsers",
            CREATOR_IP,
            "null"));
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static int calls;

  private static String awsCall(
      String key,
      String arn,
      String time,
      String service,
      String operation,
      String ip,
      String response) {
    return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAX\",\"arn\":\""
        + arn
        + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\""
        + key
        + "\"},\"eventTime\":\""
        + time
        + "\",\"eventSource\":\""
        + service
        + "\",\"eventName\":\""
        + operation
        + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\""
        + ip
        + "\",\"userAgent\":\"Boto3/1.35.0 md/Botocore#1.35.0\",\"requestParameters\":null,\"responseElements\":"
        + response
        + ",\"eventID\":\"use-"
        + (calls++)
        + "\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}";
  }

  private static byte[] gcpLog() throws IOException {
    var push =
        io.credwatch.json.JsonLimits.defaultMapper()
            .readTree(
                ROOT.resolve("examples/events/gcp/pubsub-push-service-account-key.json").toFile());
    String creation =
        new String(
                Base64.getDecoder().decode(push.path("message").path("data").asText()),
                StandardCharsets.UTF_8)
            .replace("\n", "");
    String use =
        "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\",\"status\":{},"
            + "\"authenticationInfo\":{\"principalEmail\":\"deployer@acme-prod-1.iam.gserviceaccount.com\","
            + "\"serviceAccountKeyName\":\"//iam.googleapis.com/projects/acme-prod-1/serviceAccounts/deployer@acme-prod-1.iam.gserviceaccount.com/keys/"
            + GCP_KEY
            + "\"},\"requestMetadata\":{\"callerIp\":\"192.0.2.44\",\"callerSuppliedUserAgent\":\"curl/8.5\"},"
            + "\"serviceName\":\"storage.googleapis.com\",\"methodName\":\"storage.objects.list\","
            + "\"resourceName\":\"projects/_/buckets/acme-backups\"},\"insertId\":\"use1\","
            + "\"resource\":{\"type\":\"gcs_bucket\",\"labels\":{\"project_id\":\"acme-prod-1\"}},"
            + "\"timestamp\":\"2026-11-20T11:18:00.123456Z\",\"logName\":\"projects/acme-prod-1/logs/cloudaudit.googleapis.com%2Fdata_access\"}";
    return (creation + "\n" + use + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] entraLog() throws IOException {
    var hub =
        io.credwatch.json.JsonLimits.defaultMapper()
            .readTree(
                ROOT.resolve("examples/events/azure/eventhub-entra-audit-logs.json").toFile());
    String creation = hub.path("records").get(0).toString();
    String second =
        creation
            .replace(ENTRA_KEY, ENTRA_ROW_KEY)
            .replace("c0ffee00-0000-4000-8000-000000000001", "c0ffee00-0000-4000-8000-000000000404")
            .replace("Directory_1a2b", "Directory_404");
    String signIn =
        "{\"time\":\"2026-11-20T11:05:00Z\",\"resourceId\":\"/tenants/6f1d2c3b-4a59-4e8d-9b7c-0123456789ab/providers/Microsoft.aadiam\","
            + "\"operationName\":\"Sign-in activity\",\"category\":\"ServicePrincipalSignInLogs\",\"callerIpAddress\":\"203.0.113.200\","
            + "\"properties\":{\"id\":\"s1\",\"createdDateTime\":\"2026-11-20T11:05:00.1234567+00:00\",\"ipAddress\":\"203.0.113.200\","
            + "\"appId\":\"a1b2c3d4-5555-4e6f-8a9b-cccccccccccc\",\"servicePrincipalCredentialKeyId\":\""
            + ENTRA_KEY
            + "\",\"resourceDisplayName\":\"Microsoft Graph\",\"status\":{\"errorCode\":0},"
            + "\"location\":{\"city\":\"Rotterdam\",\"countryOrRegion\":\"NL\"}}}";
    String row =
        "{\"TimeGenerated\":\"2026-11-20T11:40:00Z\",\"Type\":\"AADServicePrincipalSignInLogs\",\"ServicePrincipalCredentialKeyId\":\""
            + ENTRA_ROW_KEY
            + "\",\"IPAddress\":\"198.51.100.23\",\"Location\":\"US\",\"ResourceDisplayName\":\"Azure Key Vault\",\"ResultType\":\"7000215\"}";
    return (creation + "\n" + second + "\n" + signIn + "\n" + row + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
