package io.credwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.credwatch.detect.Finding;
import io.credwatch.json.JsonLimits;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OCSF rendering: every alert of the examples and the corpus validates against the JSON Schema
 * generated from OCSF 1.1.0's own definitions (tools/ocsf/json_schema.py), and the facts land where
 * OCSF puts them.
 */
class OcsfFindingTest {
  private static final ObjectMapper JSON = JsonLimits.defaultMapper();
  private static JsonSchema schema;

  @BeforeAll
  static void schema() {
    schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Fixtures.resource("ocsf/1.1.0/detection_finding.schema.json"));
  }

  private static JsonNode valid(String rendered) throws IOException {
    JsonNode node = JSON.readTree(rendered);
    assertThat(schema.validate(node)).isEmpty();
    return node;
  }

  @Test
  void everyAlertOfTheExamplesAndTheCorpus_isAValidDetectionFinding() throws IOException {
    List<Alert> alerts = new ArrayList<>();
    Path root = Fixtures.repositoryRoot();
    List<Path> files = new ArrayList<>();
    for (Path folder : List.of(root.resolve("examples/events"), root.resolve("../shared/corpus"))) {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> walk = Files.walk(folder)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals("expected.json"))
              .filter(p -> p.toString().matches(".*\\.(json|jsonl|json\\.gz)$"))
              .sorted()
              .forEach(files::add);
        }
      }
    }
    for (Path file : files) {
      for (Finding finding : Fixtures.findings(text(file))) {
        alerts.add(
            finding.toAlert(
                new Alert.Remediation(
                    "dry-run",
                    "aws.iam.deactivate-access-key",
                    "dry-run",
                    "would act",
                    "",
                    List.of()),
                Fixtures.NOW,
                false));
      }
    }
    assertThat(alerts).hasSizeGreaterThan(20);
    for (Alert alert : alerts) {
      JsonNode finding = valid(AlertFormat.OCSF.render(alert));
      assertThat(finding.path("finding_info").path("uid").asText()).isEqualTo(alert.id());
      assertThat(finding.path("severity_id").asInt())
          .isEqualTo(OcsfFinding.severityId(alert.severity()));
    }
  }

  @Test
  void theFactsLand_whereOcsfPutsThem() throws IOException {
    Alert alert = AlertsForTests.standard();
    JsonNode finding = valid(AlertFormat.OCSF.render(alert));
    assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
    assertThat(finding.path("type_uid").asLong()).isEqualTo(200401);
    assertThat(finding.path("time").asLong()).isEqualTo(alert.detectedAt().toEpochMilli());
    assertThat(finding.path("cloud").path("provider").asText()).isEqualTo("AWS");
    assertThat(finding.path("cloud").path("account").path("uid").asText())
        .isEqualTo(alert.account());
    assertThat(finding.path("actor").path("user").path("uid").asText())
        .isEqualTo(alert.actor().principal());
    assertThat(finding.path("resources").get(1).path("uid").asText())
        .isEqualTo("AKIAEXAMPLENEWKEY001");
    assertThat(finding.path("resources").get(1).path("type").asText())
        .isEqualTo("credential:access-key");
    assertThat(finding.path("evidences").get(0).path("src_endpoint").path("ip").asText())
        .isEqualTo("203.0.113.7");
    assertThat(
            finding.path("finding_info").path("attacks").get(0).path("sub_technique").path("uid"))
        .hasToString("\"T1098.001\"");
    assertThat(finding.path("remediation").path("desc").asText()).startsWith("applied");
    // What OCSF has no field for, in the alert document's own shape.
    JsonNode unmapped = finding.path("unmapped").path("credwatch");
    assertThat(unmapped.path("credential").path("kind").asText()).isEqualTo("access-key");
    assertThat(unmapped.path("remediation").path("outcome").asText()).isEqualTo("applied");
  }

  @Test
  void aFirstUseFollowUp_isAnUpdate_aScansFirstUseIsNot() throws IOException {
    Alert alert = AlertsForTests.standard();
    FirstUse fromCloud =
        new FirstUse(
            true,
            "iam:GetAccessKeyLastUsed",
            "24 h",
            java.util.Optional.of(Fixtures.NOW.plusSeconds(300)),
            java.util.Optional.of(Duration.ofMinutes(5)),
            "",
            "",
            "",
            "",
            "eu-west-1",
            "s3",
            "",
            List.of(),
            0);
    JsonNode update = valid(AlertFormat.OCSF.render(alert.withFirstUse(fromCloud, List.of())));
    assertThat(update.path("activity_id").asInt()).isEqualTo(2);
    assertThat(update.path("type_uid").asLong()).isEqualTo(200402);
    assertThat(update.path("unmapped").path("credwatch").path("firstUse").path("used").asBoolean())
        .isTrue();
  }

  @Test
  void aHostileString_staysAString_andAnOversizedFindingIsClipped() throws IOException {
    Alert hostile =
        AlertsForTests.alert(
            AlertsForTests.createAccessKey(
                "bob", "\",\"class_uid\":1,\"x\":\"" + "y".repeat(300_000)));
    String clipped = AlertFormat.OCSF.renderWithin(hostile, 64 * 1024);
    assertThat(clipped.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64 * 1024);
    JsonNode finding = valid(clipped);
    assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
  }

  private static String text(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
