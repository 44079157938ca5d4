package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.config.Settings;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README and the generated rule reference true to the code, as a new user reads them. */
class DocumentationTest {
  private static final Path ROOT = Fixtures.repositoryRoot();

  private static String read(String file) throws IOException {
    return Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
  }

  @Test
  void rulesReference_isWhatTheRulesCommandGenerates() throws IOException {
    CliRun run = CliRun.of("rules", "--format", "markdown");
    assertThat(run.status()).isZero();
    assertThat(read("docs/rules.md"))
        .as("docs/rules.md is stale: run ./credwatch rules --format markdown > docs/rules.md")
        .isEqualTo(run.out());
  }

  @Test
  void readme_settingsTableListsExactlyTheSharedSettings() throws Exception {
    io.credwatch.testing.ReadmeSettings.assertTableLists("## Settings", Settings.class);
  }

  @Test
  void readme_quickStartShowsWhatTheScanPrints() throws IOException {
    String readme = read("README.md");
    assertThat(readme).contains("\n    ./credwatch scan examples/events\n");
    CliRun run = CliRun.of("scan", ROOT.resolve("examples/events").toString());
    assertThat(run.status()).isZero();
    // The summary figures and the first alert shown in the README are the scan's own.
    Matcher summary =
        Pattern.compile("scanned 13 files \\([^)]*\\) in [0-9.]+ s: ([^\\n]*)").matcher(readme);
    assertThat(summary.find()).as("the README shows the scan summary").isTrue();
    assertThat(run.err()).contains(summary.group(1));
    String firstAlert =
        "  arn:aws:iam::111122223333:user/engineering/jdoe added access key AKIAEXAMPLEBACKDOOR1"
            + " to iam-user svc-reporting\n";
    assertThat(readme).contains(firstAlert);
    assertThat(run.out()).contains(firstAlert);
    Matcher findings = Pattern.compile("credwatch: findings: ([^\\n]*)").matcher(readme);
    assertThat(findings.find()).isTrue();
    assertThat(run.err()).contains("credwatch: findings: " + findings.group(1));
  }

  @Test
  void readme_testCommandIsTheOneCiRuns() throws IOException {
    assertThat(read("README.md")).contains("\n    mvn -B verify\n");
    // .ci/run takes the command from the README rather than repeating it.
    assertThat(read(".ci/run")).contains("sed -n").contains("README.md").contains("verify");
  }

  @Test
  void readme_suppressionExampleIsTheBundledFile() throws IOException {
    String readme = read("README.md");
    String example = read("examples/suppressions.json").strip();
    assertThat(readme).contains("```json\n" + example + "\n```");
    assertThat(example).contains("\"expires\": \"" + EXAMPLE_EXPIRY + "\"");
    CliRun run =
        CliRun.of(
            "scan",
            "--suppressions",
            ROOT.resolve("examples/suppressions.json").toString(),
            ROOT.resolve("examples/events").toString());
    assertThat(run.status()).isZero();
    // The example expires, as every suppression must; after that the alert says so instead.
    if (!java.time.LocalDate.now(java.time.ZoneOffset.UTC).isAfter(EXAMPLE_EXPIRY)) {
      assertThat(run.err()).contains("1 suppressed");
    } else {
      assertThat(run.out()).contains("expired on " + EXAMPLE_EXPIRY + " and no longer applies");
    }
  }

  private static final java.time.LocalDate EXAMPLE_EXPIRY = java.time.LocalDate.of(2027, 3, 31);
}
