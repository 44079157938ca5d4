package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredWatchCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXAMPLES =
      Fixtures.repositoryRoot().resolve("examples/events").toString();

  /** The same alerts as OCSF Detection Findings, one per line, in the same order. */
  @Test
  void scanOcsf_givesOneDetectionFindingPerAlert() throws Exception {
    List<String> documents = CliRun.of("scan", "--format", "jsonl", EXAMPLES).outLines();
    CliRun run = CliRun.of("scan", "--format", "ocsf", EXAMPLES);
    assertThat(run.status()).isZero();
    List<String> findings = run.outLines();
    assertThat(findings).hasSameSizeAs(documents).isNotEmpty();
    for (int i = 0; i < findings.size(); i++) {
      JsonNode finding = JSON.readTree(findings.get(i));
      assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
      assertThat(finding.path("metadata").path("version").asText()).isEqualTo("1.1.0");
      assertThat(finding.path("finding_info").path("uid").asText())
          .isEqualTo(JSON.readTree(documents.get(i)).path("id").asText());
    }
    assertThat(CliRun.of("scan", "--format", "xml", EXAMPLES).err())
        .contains("--format must be text, jsonl or ocsf");
  }

  @Test
  void scanJsonLines_carriesTheContractFields() throws Exception {
    CliRun run = CliRun.of("scan", "--format", "jsonl", EXAMPLES);
    assertThat(run.status()).isZero();
    List<String> lines = run.outLines();
    assertThat(lines).hasSize(18);
    for (String line : lines) {
      JsonNode alert = JSON.readTree(line);
      assertThat(alert.path("severity").asText()).isIn("low", "medium", "high", "critical");
      assertThat(alert.path("cloud").asText()).isIn("aws", "azure", "gcp");
      assertThat(alert.path("ruleId").asText()).hasSize(36);
      assertThat(alert.path("credential").path("kind").isTextual()).isTrue();
      assertThat(alert.path("credential").has("id")).isTrue();
      assertThat(alert.path("input").path("file").asText()).startsWith(EXAMPLES);
      assertThat(alert.path("input").path("index").isIntegralNumber()).isTrue();
    }
    assertThat(lines)
        .anySatisfy(line -> assertThat(line).contains("\"id\":\"AKIAEXAMPLEBACKDOOR1\""));
    assertThat(run.err())
        .contains("scanned 13 files")
        .contains("26 records, 19 credential operations, 7 ignored, 0 malformed");
  }

  @Test
  void scanText_isReadableAndSummarised() {
    CliRun run =
        CliRun.of("scan", EXAMPLES + "/aws/eventbridge-create-access-key-for-another-user.json");
    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("HIGH  aws  IAM access key created  [aws_iam_access_key_created]")
        .contains("added access key AKIAEXAMPLEBACKDOOR1 to iam-user svc-reporting")
        .contains(
            "undo: aws iam update-access-key --user-name svc-reporting --access-key-id AKIAEXAMPLEBACKDOOR1 --status Active");
    assertThat(run.err()).contains("findings: 1 high");
  }

  @Test
  void failOn_exitsOneWhenAFindingReachesIt() {
    assertThat(CliRun.of("scan", "--quiet", "--fail-on", "high", EXAMPLES).status()).isEqualTo(1);
    assertThat(CliRun.of("scan", "--quiet", "--fail-on", "critical", EXAMPLES).status()).isZero();
  }

  @Test
  void minSeverity_filtersAndCountsWhatIsHidden() {
    CliRun high = CliRun.of("scan", "--format", "jsonl", "--min-severity", "high", EXAMPLES);
    assertThat(high.outLines())
        .hasSize(13)
        .allSatisfy(line -> assertThat(line).contains("\"severity\":\"high\""));
    assertThat(high.err()).contains("6 below high not shown");
    CliRun all = CliRun.of("scan", "--format", "jsonl", "--min-severity", "info", EXAMPLES);
    assertThat(all.outLines())
        .hasSize(19)
        .anySatisfy(line -> assertThat(line).contains("\"severity\":\"info\""));
  }

  @Test
  void usageErrors_exitTwo() {
    assertThat(CliRun.of().status()).isEqualTo(2);
    assertThat(CliRun.of("scna").err()).contains("unknown command 'scna'");
    assertThat(CliRun.of("scna").status()).isEqualTo(2);
    assertThat(CliRun.of("scan").err()).contains("scan needs at least one PATH");
    assertThat(CliRun.of("scan", "--colour", EXAMPLES).status()).isEqualTo(2);
    assertThat(CliRun.of("scan", "--min-severity", "urgent", EXAMPLES).err())
        .contains("--min-severity must be one of info, low, medium, high, critical");
    assertThat(CliRun.of("scan", "--format", "xml", EXAMPLES).status()).isEqualTo(2);
    CliRun missing = CliRun.of("scan", "/no/such/folder");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or folder: /no/such/folder");
  }

  @Test
  void invalidSetting_exitsTwoNamingTheVariable() {
    CliRun run =
        CliRun.of(Map.of("CREDWATCH_SUPPRESSIONS", "[{\"principal\":\"x\"}]"), "scan", EXAMPLES);
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("CREDWATCH_SUPPRESSIONS: suppression 1: 'owner' is required");
  }

  @Test
  void suppressionsFile_silencesAndCounts(@org.junit.jupiter.api.io.TempDir Path directory)
      throws Exception {
    Path file = directory.resolve("s.json");
    java.nio.file.Files.writeString(
        file,
        "[{\"principal\":\"arn:aws:iam::111122223333:user/engineering/jdoe\",\"owner\":\"secops\",\"reason\":\"test\",\"expires\":\"2099-01-01\"}]");
    CliRun run =
        CliRun.of(
            "scan", "--format", "jsonl", "--suppressions", file.toString(), EXAMPLES + "/aws");
    assertThat(run.outLines()).isEmpty();
    assertThat(run.err()).contains("6 suppressed");
    CliRun shown =
        CliRun.of(
            "scan",
            "--format",
            "jsonl",
            "--show-suppressed",
            "--suppressions",
            file.toString(),
            EXAMPLES + "/aws");
    assertThat(shown.outLines())
        .hasSize(6)
        .allSatisfy(line -> assertThat(line).contains("\"owner\":\"secops\""));
  }

  @Test
  void quiet_printsNoSummary() {
    assertThat(CliRun.of("scan", "--quiet", EXAMPLES).err()).isEmpty();
  }

  @Test
  void rules_listsEveryRule() {
    CliRun run = CliRun.of("rules");
    assertThat(run.status()).isZero();
    assertThat(run.outLines()).hasSize(Fixtures.rules().size());
    assertThat(CliRun.of("rules", "--format", "markdown").out()).startsWith("# Detection rules");
  }

  @Test
  void help_exitsZero() {
    CliRun run = CliRun.of("help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("usage: credwatch COMMAND").contains("  scan [options] PATH...");
  }
}
