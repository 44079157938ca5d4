package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.credwatch.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The public sample corpus ({@code ../shared/corpus}, with {@code expected.json}): every {@code
 * alert} row must alert at low or above (naming the expected credential id where one is given),
 * every {@code no-alert} row must stay at info or silent. Runs the real command line, as {@code
 * ./credwatch scan --format jsonl ../shared/corpus} does. Required in CI
 * (CREDWATCH_REQUIRE_CORPUS=1).
 */
class CorpusConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ALERTING = Set.of("low", "medium", "high", "critical");

  @Test
  void everyExpectationOfTheCorpusHolds() throws Exception {
    Path corpus =
        Path.of(System.getProperty("credwatch.corpus", "../shared/corpus"))
            .toAbsolutePath()
            .normalize();
    boolean required =
        "1".equals(System.getenv("CREDWATCH_REQUIRE_CORPUS"))
            || "1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"));
    if (!Files.isRegularFile(corpus.resolve("expected.json"))) {
      if (required) {
        fail(
            "the corpus is required (CREDWATCH_REQUIRE_CORPUS=1) but "
                + corpus
                + "/expected.json is missing");
      }
      System.err.println(
          "SKIPPED CorpusConformanceTest: no corpus at "
              + corpus
              + " (set -Dcredwatch.corpus=...)");
      Assumptions.abort("no corpus at " + corpus);
    }
    CliRun run =
        CliRun.of("scan", "--format", "jsonl", "--min-severity", "info", corpus.toString());
    assertThat(run.status()).isZero();
    assertThat(run.err()).contains(" 0 malformed");
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Fixtures.resource("schemas/alert.schema.json"));
    Map<String, List<JsonNode>> alertsByFile = new HashMap<>();
    for (String line : run.outLines()) {
      JsonNode alert = JSON.readTree(line);
      assertThat(schema.validate(alert)).as(line).isEmpty();
      String file =
          corpus
              .relativize(
                  Path.of(alert.path("input").path("file").asText()).toAbsolutePath().normalize())
              .toString();
      alertsByFile.computeIfAbsent(file, ignored -> new ArrayList<>()).add(alert);
    }
    List<String> failures = new ArrayList<>();
    int alertRows = 0;
    int quietRows = 0;
    for (JsonNode row : JSON.readTree(corpus.resolve("expected.json").toFile())) {
      String file = row.path("file").asText();
      List<JsonNode> alerting =
          alertsByFile.getOrDefault(file, List.of()).stream()
              .filter(a -> ALERTING.contains(a.path("severity").asText()))
              .toList();
      switch (row.path("expect").asText()) {
        case "alert" -> {
          alertRows++;
          if (alerting.isEmpty()) {
            failures.add(file + ": expected an alert, got none at low or above");
          }
          String kind = row.path("credentialKind").asText(null);
          if (kind != null
              && alerting.stream()
                  .noneMatch(a -> a.path("credential").path("kind").asText().equals(kind))) {
            failures.add(file + ": expected credential kind " + kind);
          }
          String id = row.path("credentialId").asText(null);
          if (id != null
              && alerting.stream()
                  .noneMatch(a -> a.path("credential").path("id").asText().equals(id))) {
            failures.add(file + ": expected credential id " + id);
          }
        }
        case "no-alert" -> {
          quietRows++;
          if (!alerting.isEmpty()) {
            failures.add(
                file
                    + ": expected info or nothing, got "
                    + alerting.get(0).path("severity").asText()
                    + " from "
                    + alerting.get(0).path("rule").asText());
          }
        }
        default -> {
          // "either": both outcomes are acceptable.
        }
      }
    }
    assertThat(failures).as("corpus expectations").isEmpty();
    // Guard against reading an empty or different expectations file.
    assertThat(alertRows).isGreaterThanOrEqualTo(25);
    assertThat(quietRows).isGreaterThanOrEqualTo(20);
  }
}
