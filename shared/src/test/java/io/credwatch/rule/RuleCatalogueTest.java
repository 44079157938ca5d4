package io.credwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.credwatch.alert.Severity;
import io.credwatch.detect.Finding;
import io.credwatch.event.Cloud;
import io.credwatch.event.Operation;
import io.credwatch.source.OperationCatalog;
import io.credwatch.source.Verdict;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The regression gate over the rule catalogue (Sigma's and Panther's, in Java): every rule is
 * listed, valid against the schema, tagged, backed by match and non-match samples, and the samples
 * give exactly the expected verdicts.
 */
class RuleCatalogueTest {
  private static final Path RULES = Path.of("src/main/resources/rules");
  private static final Path SAMPLES = Path.of("src/test/resources/samples");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void index_listsExactlyTheRuleFiles() throws IOException {
    Set<String> onDisk = new HashSet<>();
    try (Stream<Path> files = Files.list(RULES)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .forEach(onDisk::add);
    }
    assertThat(new HashSet<>(RuleLoader.builtInFiles())).isEqualTo(onDisk);
  }

  @Test
  void everyRule_isValidAgainstTheSchema() throws IOException {
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Fixtures.resource("schemas/rule.schema.json"));
    for (String file : RuleLoader.builtInFiles()) {
      JsonNode rule =
          new YAMLMapper().readTree(Files.readString(RULES.resolve(file), StandardCharsets.UTF_8));
      Set<ValidationMessage> errors = schema.validate(rule);
      assertThat(errors).as(file).isEmpty();
    }
  }

  @Test
  void everyRule_loadsWithUniqueIdsAndAttackTags() {
    List<Rule> rules = Fixtures.rules().rules();
    assertThat(rules).hasSize(RuleLoader.builtInFiles().size());
    assertThat(rules.stream().map(Rule::id).distinct()).hasSize(rules.size());
    for (Rule rule : rules) {
      assertThat(rule.tags()).as(rule.name()).contains("attack.persistence", "attack.t1098.001");
      assertThat(rule.triage()).as(rule.name() + " triage").isNotEmpty();
      assertThat(rule.references()).as(rule.name() + " references").isNotEmpty();
      assertThat(rule.remediation().isPresent() || !rule.remediationNote().isEmpty())
          .as(rule.name() + " says how to respond")
          .isTrue();
    }
  }

  @Test
  void everyCataloguedOperation_isCoveredByARule() {
    for (Cloud cloud : Cloud.values()) {
      for (Operation operation : OperationCatalog.operations(cloud)) {
        boolean covered =
            Fixtures.rules().rules().stream()
                .anyMatch(r -> r.cloud() == cloud && r.operations().contains(operation));
        assertThat(covered).as(operation.qualified()).isTrue();
      }
    }
  }

  @Test
  void everyRule_hasMatchAndNonMatchSamples() throws IOException {
    for (Rule rule : Fixtures.rules().rules()) {
      assertThat(samples(rule.name(), "match")).as(rule.name() + " match samples").isNotEmpty();
      assertThat(samples(rule.name(), "nomatch")).as(rule.name() + " nomatch samples").isNotEmpty();
    }
  }

  @TestFactory
  Stream<DynamicTest> matchSamples_giveTheExpectedFinding() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Rule rule : Fixtures.rules().rules()) {
      for (Path sample : samples(rule.name(), "match")) {
        tests.add(
            DynamicTest.dynamicTest(
                rule.name() + "/match/" + sample.getFileName(), () -> checkMatch(rule, sample)));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> nomatchSamples_giveNothingAboveInfo() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Rule rule : Fixtures.rules().rules()) {
      for (Path sample : samples(rule.name(), "nomatch")) {
        tests.add(
            DynamicTest.dynamicTest(
                rule.name() + "/nomatch/" + sample.getFileName(),
                () -> checkNoMatch(rule, sample)));
      }
    }
    return tests.stream();
  }

  private static void checkMatch(Rule rule, Path sample) throws IOException {
    String input = Files.readString(sample, StandardCharsets.UTF_8);
    assertNoMalformed(input, sample);
    Path sidecar =
        sample.resolveSibling(sample.getFileName().toString().replace(".json", ".expect.json"));
    assertThat(sidecar).as("expectations for " + sample).exists();
    JsonNode expected = JSON.readTree(sidecar.toFile());
    assertThat(expected.path("rule").asText()).isEqualTo(rule.name());
    List<Finding> findings =
        Fixtures.findings(input).stream().filter(f -> f.rule().name().equals(rule.name())).toList();
    assertThat(findings).as(sample + " findings of " + rule.name()).isNotEmpty();
    Finding finding = findings.get(0);
    assertThat(finding.severity().id())
        .as(sample + " severity, reasons " + finding.reasons())
        .isEqualTo(expected.path("severity").asText());
    assertThat(finding.event().credential().kind().id())
        .as(sample + " kind")
        .isEqualTo(expected.path("credentialKind").asText());
    String credentialId =
        expected.path("credentialId").isNull() ? "" : expected.path("credentialId").asText();
    assertThat(finding.event().credential().id())
        .as(sample + " credential id")
        .isEqualTo(credentialId);
  }

  private static void checkNoMatch(Rule rule, Path sample) throws IOException {
    String input = Files.readString(sample, StandardCharsets.UTF_8);
    assertNoMalformed(input, sample);
    List<Finding> aboveInfo =
        Fixtures.findings(input).stream()
            .filter(f -> f.rule().name().equals(rule.name()))
            .filter(f -> f.severity().atLeast(Severity.LOW))
            .toList();
    assertThat(aboveInfo).as(sample + " must not alert for " + rule.name()).isEmpty();
  }

  private static void assertNoMalformed(String input, Path sample) {
    assertThat(Fixtures.read(input))
        .as(sample + " reads cleanly")
        .noneMatch(v -> v instanceof Verdict.Malformed);
  }

  private static List<Path> samples(String rule, String kind) throws IOException {
    Path folder = SAMPLES.resolve(rule).resolve(kind);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith(".expect.json"))
          .sorted()
          .toList();
    }
  }
}
