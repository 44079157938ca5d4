package io.credwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.event.CredentialEvent;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import io.credwatch.testing.CloudTrailRecords;
import io.credwatch.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressionsTest {
  private static final String EVENT =
      CloudTrailRecords.createAccessKey(
          "{\"type\":\"AssumedRole\",\"principalId\":\"AROA:ci\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/ci-deployer/run-42\",\"accountId\":\"111122223333\","
              + "\"sessionContext\":{\"sessionIssuer\":{\"arn\":\"arn:aws:iam::111122223333:role/ci-deployer\"}}}",
          "svc-report");

  private static List<Finding> detect(String suppressions) {
    CredentialEvent event =
        ((Verdict.Relevant)
                new EventReader().read(EVENT.getBytes(StandardCharsets.UTF_8), "t").get(0))
            .events()
            .get(0);
    return new Detector(Fixtures.rules(), Suppressions.parse(suppressions), Fixtures.CLOCK)
        .detect(event);
  }

  @Test
  void sessionIssuerGlob_suppressesWithOwnerAndReason() {
    Finding finding =
        detect(
                "[{\"principal\":\"arn:aws:iam::*:role/ci-*\",\"rule\":\"aws_iam_access_key_created\",\"owner\":\"platform@acme\",\"reason\":\"CI rotates keys\",\"expires\":\"2027-01-31\"}]")
            .get(0);
    assertThat(finding.suppressed()).isTrue();
    assertThat(finding.suppression().orElseThrow().owner()).isEqualTo("platform@acme");
  }

  @Test
  void expiredSuppression_stopsWorkingAndSaysSo() {
    Finding finding =
        detect(
                "{\"suppressions\":[{\"principal\":\"arn:aws:iam::111122223333:role/ci-deployer\",\"owner\":\"platform@acme\",\"reason\":\"old\",\"expires\":\"2026-11-22\"}]}")
            .get(0);
    assertThat(finding.suppressed()).isFalse();
    assertThat(finding.notes())
        .singleElement()
        .asString()
        .contains("expired on 2026-11-22")
        .contains("platform@acme");
  }

  @Test
  void expiryDayItself_stillApplies() {
    assertThat(
            detect(
                    "[{\"principal\":\"arn:aws:iam::111122223333:role/ci-deployer\",\"owner\":\"o\",\"reason\":\"r\",\"expires\":\"2026-11-23\"}]")
                .get(0)
                .suppressed())
        .isTrue();
  }

  @Test
  void ruleAndTargetFilters_mustBothMatch() {
    assertThat(
            detect(
                    "[{\"principal\":\"*ci-deployer*\",\"rule\":\"gcp_apikeys_key_created\",\"owner\":\"o\",\"reason\":\"r\",\"expires\":\"2027-01-01\"}]")
                .get(0)
                .suppressed())
        .isFalse();
    assertThat(
            detect(
                    "[{\"principal\":\"*ci-deployer*\",\"target\":\"svc-other\",\"owner\":\"o\",\"reason\":\"r\",\"expires\":\"2027-01-01\"}]")
                .get(0)
                .suppressed())
        .isFalse();
    assertThat(
            detect(
                    "[{\"principal\":\"*ci-deployer*\",\"target\":\"svc-*\",\"owner\":\"o\",\"reason\":\"r\",\"expires\":\"2027-01-01\"}]")
                .get(0)
                .suppressed())
        .isTrue();
  }

  @Test
  void invalidSuppressions_nameTheEntryAndField() {
    assertThatThrownBy(
            () -> Suppressions.parse("[{\"principal\":\"x\",\"owner\":\"o\",\"reason\":\"r\"}]"))
        .hasMessage("suppression 1: 'expires' is required");
    assertThatThrownBy(
            () ->
                Suppressions.parse(
                    "[{\"principal\":\"x\",\"owner\":\"o\",\"reason\":\"r\",\"expires\":\"soon\"}]"))
        .hasMessageContaining("expires must be a date like 2027-01-31");
    assertThatThrownBy(
            () ->
                Suppressions.parse(
                    "[{\"principal\":\"*\",\"owner\":\"o\",\"reason\":\"r\",\"expires\":\"2027-01-01\"}]"))
        .hasMessageContaining("must name a rule");
    assertThatThrownBy(
            () ->
                Suppressions.parse(
                    "[{\"principal\":\"x\",\"owner\":\"o\",\"reason\":\"r\",\"expires\":\"2027-01-01\",\"until\":\"x\"}]"))
        .hasMessageContaining("unknown field 'until'");
    assertThatThrownBy(() -> Suppressions.parse("{not json"))
        .hasMessageStartingWith("not valid JSON");
  }
}
