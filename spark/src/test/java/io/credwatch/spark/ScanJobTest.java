package io.credwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertJson;
import io.credwatch.alert.Severity;
import io.credwatch.cli.ScanListener;
import io.credwatch.cli.ScanSummary;
import io.credwatch.cli.Scanner;
import io.credwatch.source.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in local[2] against the job jar as spark-submit runs it (relocated Jackson inside,
 * Spark's own beside it): on the examples and the corpus it finds exactly what the command line
 * finds, in the same shape, with every record accounted for, and writes the OCSF findings as
 * Parquet in Security Lake's partitions.
 */
class ScanJobTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final List<Path> INPUTS =
      List.of(ROOT.resolve("examples/events"), ROOT.resolve("../shared/corpus").normalize());

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("credwatch-scan-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** What ./credwatch scan --no-first-use --format jsonl gives for the same folders. */
  private record CliScan(List<String> documents, ScanSummary summary) {}

  private static CliScan commandLine() {
    List<String> documents = new ArrayList<>();
    ScanListener listener =
        new ScanListener() {
          @Override
          public void alert(Alert alert) {
            documents.add(AlertJson.render(alert));
          }

          @Override
          public void malformed(Verdict.Malformed malformed) {}

          @Override
          public void unreadable(String path, String reason) {
            throw new AssertionError(path + ": " + reason);
          }
        };
    Scanner scanner = Scanner.withDefaults(Severity.LOW, listener);
    scanner.followFirstUse(false);
    INPUTS.forEach(scanner::scan);
    return new CliScan(documents, scanner.finish());
  }

  /** The same alert, whenever it was detected. */
  private static String comparable(String document) {
    return document.replaceAll("\"detectedAt\":\"[^\"]*\"", "");
  }

  @Test
  void theJob_findsWhatTheCommandLineFinds_andWritesOcsfParquet(@TempDir Path output)
      throws IOException {
    ScanJob.Totals totals =
        ScanJob.run(
            spark, INPUTS.stream().map(Path::toString).toList(), output.toString(), Severity.LOW);
    CliScan cli = commandLine();

    List<String> written = new ArrayList<>();
    try (Stream<Path> parts = Files.list(output.resolve("alerts"))) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        written.addAll(Files.readAllLines(part));
      }
    }
    assertThat(cli.documents()).hasSizeGreaterThan(20);
    assertThat(written.stream().map(ScanJobTest::comparable).sorted().toList())
        .isEqualTo(cli.documents().stream().map(ScanJobTest::comparable).sorted().toList());
    assertThat(totals.alerts()).isEqualTo(cli.documents().size());
    // Every record accounted for, as the command line counts them.
    assertThat(totals.counts().get("files")).isEqualTo(cli.summary().files());
    assertThat(totals.counts().get("records")).isEqualTo(cli.summary().records());
    assertThat(totals.counts().get("relevant")).isEqualTo(cli.summary().relevant());
    assertThat(totals.counts().get("ignored")).isEqualTo(cli.summary().ignored());
    assertThat(totals.counts().get("malformed")).isEqualTo(cli.summary().malformed());
    assertThat(totals.counts().get("records"))
        .isEqualTo(
            totals.counts().get("relevant")
                + totals.counts().get("ignored")
                + totals.counts().get("malformed"));

    Dataset<Row> ocsf = spark.read().parquet(output.resolve("ocsf").toString());
    assertThat(ocsf.count()).isEqualTo(totals.alerts());
    assertThat(ocsf.filter("class_uid = 2004 AND category_uid = 2").count())
        .isEqualTo(totals.alerts());
    assertThat(ocsf.columns()).contains("region", "accountId", "eventDay", "finding_info");
    assertThat(ocsf.schema().apply("unmapped").dataType().simpleString())
        .isEqualTo("map<string,string>");
    assertThat(ocsf.selectExpr("unmapped['credwatch'] AS credwatch").first().getString(0))
        .contains("\"credential\":{", "\"remediation\":{", "\"triage\":[");
    try (Stream<Path> walk = Files.walk(output.resolve("ocsf"))) {
      assertThat(walk.map(p -> output.relativize(p).toString()))
          .anyMatch(p -> p.matches("ocsf/region=us-east-1/accountId=111122223333/eventDay=\\d{8}"));
    }
  }

  @Test
  void anInputWithNothingToScan_isRefused_withWhatItLookedFor(@TempDir Path empty) {
    assertThatThrownBy(
            () ->
                ScanJob.run(
                    spark,
                    List.of(empty.toString()),
                    empty.resolve("out").toString(),
                    Severity.LOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to scan");
  }
}
