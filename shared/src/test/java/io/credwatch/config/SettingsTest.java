package io.credwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.alert.Severity;
import io.credwatch.respond.RemediationMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  @Test
  void defaults_areSafe() {
    Settings settings = Settings.defaults();
    assertThat(settings.remediation()).isEqualTo(RemediationMode.DRY_RUN);
    assertThat(settings.minSeverity()).isEqualTo(Severity.LOW);
    assertThat(settings.remediationMinSeverity()).isEqualTo(Severity.HIGH);
    assertThat(settings.maxRemediations()).isEqualTo(10);
    assertThat(settings.remediationTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.teamsWebhookUrl()).isEmpty();
    assertThat(settings.suppressions().entries()).isEmpty();
  }

  @Test
  void values_areRead() {
    Settings settings =
        Settings.from(
            Map.of(
                "CREDWATCH_REMEDIATION", "ENFORCE",
                "CREDWATCH_REMEDIATION_RULES",
                    "entra_owner_added=enforce, gcp_apikeys_key_created=off",
                "CREDWATCH_MIN_SEVERITY", "medium",
                "CREDWATCH_PROTECTED", "arn:aws:iam::111122223333:user/break-glass, svc-*",
                "CREDWATCH_MAX_REMEDIATIONS", "3"));
    assertThat(settings.remediation()).isEqualTo(RemediationMode.ENFORCE);
    assertThat(settings.ruleModes())
        .containsEntry("entra_owner_added", RemediationMode.ENFORCE)
        .containsEntry("gcp_apikeys_key_created", RemediationMode.OFF);
    assertThat(settings.protectedIdentities())
        .containsExactly("arn:aws:iam::111122223333:user/break-glass", "svc-*");
    assertThat(settings.policy(java.util.List.of("own-identity")).protectedIdentities())
        .contains("own-identity", "svc-*");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CREDWATCH_REMEDIATION|enfroce|CREDWATCH_REMEDIATION: 'enfroce' is not a mode (off, dry-run, enforce)",
        "CREDWATCH_MIN_SEVERITY|urgent|CREDWATCH_MIN_SEVERITY: 'urgent' is not a severity",
        "CREDWATCH_MAX_REMEDIATIONS|-1|CREDWATCH_MAX_REMEDIATIONS: -1 is outside 0..1000",
        "CREDWATCH_MAX_REMEDIATIONS|many|CREDWATCH_MAX_REMEDIATIONS: 'many' is not a whole number",
        "CREDWATCH_REMEDIATION_RULES|entra_owner_added|CREDWATCH_REMEDIATION_RULES: 'entra_owner_added' should be rule_name=mode",
        "CREDWATCH_SUPPRESSIONS|[{\"principal\":\"x\"}]|CREDWATCH_SUPPRESSIONS: suppression 1: 'owner' is required"
      })
  void invalidValue_namesTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> Settings.from(Map.of(variable, value)))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith(message)
        .extracting(e -> ((SettingsException) e).variable())
        .isEqualTo(variable);
  }

  @Test
  void teamsWebhook_isASecretThatIsNeverPrinted() {
    String url =
        "https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=TOPSECRETSIG";
    Settings settings = Settings.from(Map.of("CREDWATCH_TEAMS_WEBHOOK_URL", url));
    assertThat(settings.teamsWebhookUrl())
        .hasValueSatisfying(secret -> assertThat(secret.value()).isEqualTo(url));
    assertThat(settings.toString()).doesNotContain("TOPSECRETSIG").contains("Secret[redacted]");
    String insecure = url.replace("https://", "http://");
    assertThatThrownBy(() -> Settings.from(Map.of("CREDWATCH_TEAMS_WEBHOOK_URL", insecure)))
        .hasMessageContaining("must be an https URL")
        .hasMessageNotContaining("TOPSECRETSIG");
  }

  @Test
  void suppressions_fromAFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("suppressions.json");
    Files.writeString(
        file,
        "[{\"principal\":\"arn:aws:iam::*:role/ci-*\",\"owner\":\"platform\",\"reason\":\"CI\",\"expires\":\"2027-01-31\"}]");
    assertThat(
            Settings.from(Map.of("CREDWATCH_SUPPRESSIONS", "file:" + file))
                .suppressions()
                .entries())
        .hasSize(1);
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of("CREDWATCH_SUPPRESSIONS", "file:" + directory.resolve("missing.json"))))
        .hasMessageStartingWith("CREDWATCH_SUPPRESSIONS: cannot read");
  }

  @Test
  void detector_logsARuleFileThatReplacesABuiltInRule(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("aws_iam_access_key_created.yml"),
        io.credwatch.testing.Fixtures.resource("rules/aws_iam_access_key_created.yml"));
    java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
    Settings.from(Map.of("CREDWATCH_RULES_DIR", dir.toString()))
        .detector(
            java.time.Clock.systemUTC(),
            new io.credwatch.log.JsonLog(
                new java.io.PrintStream(logs, true, java.nio.charset.StandardCharsets.UTF_8),
                "test"));
    assertThat(logs.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("a rule file replaces a built-in rule")
        .contains("aws_iam_access_key_created.yml");
  }
}
