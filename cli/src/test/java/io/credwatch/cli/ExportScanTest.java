package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner on exports as security teams hold them: the portal's CSV, a lookback window as the
 * Sentinel analytic's, and the summary's report of what it could not place.
 */
class ExportScanTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXPORTS =
      Fixtures.repositoryRoot().resolve("shared/src/test/resources/exports");

  private static List<JsonNode> alerts(CliRun run) throws Exception {
    List<JsonNode> alerts = new java.util.ArrayList<>();
    for (String line : run.outLines()) {
      alerts.add(JSON.readTree(line));
    }
    return alerts;
  }

  @Test
  void thePortalsCsvExport_givesTheSameAlertsAsItsJsonExport() throws Exception {
    CliRun csv =
        CliRun.of(
            "scan",
            "--format",
            "jsonl",
            "--min-severity",
            "info",
            EXPORTS.resolve("log-analytics-auditlogs.csv").toString());
    CliRun json =
        CliRun.of(
            "scan",
            "--format",
            "jsonl",
            "--min-severity",
            "info",
            EXPORTS.resolve("log-analytics-auditlogs.json").toString());
    assertThat(csv.status()).isZero();
    assertThat(csv.err()).contains("11 records").contains("0 malformed");
    List<String> fromCsv = alerts(csv).stream().map(a -> a.path("id").asText()).toList();
    List<String> fromJson = alerts(json).stream().map(a -> a.path("id").asText()).toList();
    assertThat(fromCsv).hasSize(9).containsExactlyElementsOf(fromJson);
  }

  @Test
  void theAnalyticsOperations_giveTheSameAlertsFromEventHubsRecordsAndLogAnalyticsRows()
      throws Exception {
    List<String> operations = new java.util.ArrayList<>();
    List<List<String>> ids = new java.util.ArrayList<>();
    for (String file :
        List.of(
            "event-hubs-auditlogs.json",
            "log-analytics-auditlogs.json",
            "log-analytics-query-api.json")) {
      CliRun run =
          CliRun.of(
              "scan",
              "--format",
              "jsonl",
              "--min-severity",
              "info",
              EXPORTS.resolve(file).toString());
      assertThat(run.status()).as(file).isZero();
      List<JsonNode> alerts = alerts(run);
      ids.add(alerts.stream().map(a -> a.path("id").asText()).toList());
      if (operations.isEmpty()) {
        alerts.forEach(a -> operations.add(a.path("event").path("operation").asText()));
      }
    }
    assertThat(operations)
        .containsExactly(
            "entra:Add service principal credentials",
            "entra:Update application – Certificates and secrets management",
            "entra:Add application",
            "entra:Add owner to application",
            "entra:Add app role assignment to service principal",
            "entra:Create application password for user",
            "entra:Update application password for user",
            "entra:Delete application password for user",
            "entra:Create application password for user");
    assertThat(ids.get(1)).isEqualTo(ids.get(0));
    assertThat(ids.get(2)).isEqualTo(ids.get(0));
  }

  @Test
  void sinceAndUntil_keepOnlyTheWindow_andCountTheRest() throws Exception {
    String file = EXPORTS.resolve("log-analytics-auditlogs.json").toString();
    // The rows are at 09:01 .. 09:11 on 2026-11-20.
    CliRun window =
        CliRun.of(
            "scan",
            "--format",
            "jsonl",
            "--min-severity",
            "info",
            "--since",
            "2026-11-20T09:03:00Z",
            "--until",
            "2026-11-20T09:06:00Z",
            file);
    assertThat(window.status()).isZero();
    assertThat(alerts(window))
        .extracting(a -> a.path("event").path("operation").asText())
        .containsExactly(
            "entra:Update application – Certificates and secrets management",
            "entra:Add application",
            "entra:Add owner to application");
    assertThat(window.err()).contains("8 outside the --since/--until window (or no event time)");

    CliRun lastDay = CliRun.of("scan", "--format", "jsonl", "--since", "24h", file);
    assertThat(lastDay.outLines()).as("rows from 2026-11-20 are older than a day").isEmpty();
  }

  @Test
  void aBadWindow_isAUsageError() {
    String file = EXPORTS.resolve("log-analytics-auditlogs.json").toString();
    CliRun garbage = CliRun.of("scan", "--since", "yesterday", file);
    assertThat(garbage.status()).isEqualTo(2);
    assertThat(garbage.err())
        .contains("--since must be a duration back from now (90m, 24h, 7d, 2w)");
    CliRun reversed = CliRun.of("scan", "--since", "2026-11-21", "--until", "2026-11-20", file);
    assertThat(reversed.status()).isEqualTo(2);
    assertThat(reversed.err()).contains("is not before --until");
  }

  @Test
  void durations_countBackFromNow_andDatesStartAtMidnightUtc() {
    Instant now = Instant.parse("2026-12-02T12:00:00Z");
    TimeWindow window = TimeWindow.parse(Optional.of("24h"), Optional.of("2026-12-02"), now);
    assertThat(window.since()).contains(Instant.parse("2026-12-01T12:00:00Z"));
    assertThat(window.until()).contains(Instant.parse("2026-12-02T00:00:00Z"));
    assertThat(window.contains(Optional.of(Instant.parse("2026-12-01T12:00:00Z")))).isTrue();
    assertThat(window.contains(Optional.of(Instant.parse("2026-12-02T00:00:00Z")))).isFalse();
    assertThat(window.contains(Optional.empty())).isFalse();
    assertThat(TimeWindow.ALL.contains(Optional.empty())).isTrue();
  }

  @Test
  void theSummary_namesTheCommonestUnknownShapes_withAnExample(@TempDir Path folder)
      throws Exception {
    Files.copy(EXPORTS.resolve("unknown-shapes.json"), folder.resolve("mixed.json"));
    Files.writeString(
        folder.resolve("more.jsonl"),
        "{\"alpha\": 7, \"beta\": 8}\n{\"delta\": [1]}\n{\"epsilon\": 1}\n",
        StandardCharsets.UTF_8);
    CliRun run = CliRun.of("scan", folder.toString());
    assertThat(run.status()).isZero();
    List<String> unknown =
        run.err().lines().filter(line -> line.startsWith("credwatch: unknown shape:")).toList();
    assertThat(unknown).hasSize(3);
    assertThat(unknown.get(0))
        .isEqualTo(
            "credwatch: unknown shape: 4 records with keys: alpha, beta, first at "
                + folder.resolve("mixed.json")
                + " #0 (line 1)");
    assertThat(run.err()).contains("7 not an audit record of a known shape");
  }
}
