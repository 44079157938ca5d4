package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.detect.Finding;
import io.credwatch.testing.Fixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The export shapes security teams hold, each written from its documented schema (see each
 * fixture's shape class): every one is recognised by content, with no option to set, and names the
 * exact credential id wherever the record carries it. Non-API records are ignored with a reason
 * that names them.
 */
class ExportShapesTest {
  private static final String CAROL_KEY = "access-key AKIAT6NRNO5TIJFRULBO";
  private static final String SP_KEY = "client-secret 7c2e9a41-5b3d-4f18-a6e0-2d9b8c1f4e73";
  private static final String GRAPH_GRANT =
      "app-role-assignment 06b708a9-e830-4db3-a914-8e69da51d44f";
  private static final String FIC = "federated-credential ext-oidc-trust";
  private static final String SA_KEY =
      "service-account-key 5d2b8e1a4c7f0b3e6a9d2c5f8b1e4a7d0c3f6b9e";

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("cloudtrail-lookup-events.json", List.of(CAROL_KEY)),
        Arguments.of("cloudtrail-lake-results.json", List.of(CAROL_KEY)),
        Arguments.of("security-lake-ocsf.json", List.of(CAROL_KEY, "login-profile ")),
        Arguments.of("cloudtrail-event-name-with-spaces.json", List.of(CAROL_KEY)),
        Arguments.of("office365-management-activity.json", List.of(SP_KEY, GRAPH_GRANT)),
        Arguments.of("defender-cloudappevents.json", List.of(SP_KEY, GRAPH_GRANT)),
        Arguments.of(
            "sentinel-analytic-results.json",
            List.of(SP_KEY, "certificate 3e8d1b6a-9f2c-4a75-b0e4-6c1a8d3f5b92")),
        Arguments.of("log-analytics-azureactivity.json", List.of(FIC)),
        Arguments.of("az-activity-log-list.json", List.of(FIC)),
        Arguments.of("gcloud-logging-read.json", List.of(SA_KEY)),
        Arguments.of("bigquery-cloudaudit.json", List.of(SA_KEY)),
        Arguments.of("splunk-export.json", List.of(CAROL_KEY)),
        Arguments.of("elastic-event-original.json", List.of(CAROL_KEY)),
        Arguments.of("logstash-message.json", List.of(CAROL_KEY)),
        Arguments.of("wazuh-alerts.json", List.of(CAROL_KEY)),
        Arguments.of("datadog-logs.json", List.of(CAROL_KEY)));
  }

  private static List<String> credentials(String file) {
    return Fixtures.findings(Fixtures.resource("exports/" + file)).stream()
        .map(Finding::event)
        .map(e -> e.credential().kind().id() + " " + e.credential().id())
        .distinct()
        .toList();
  }

  private static List<Verdict> verdicts(String file) {
    return Fixtures.read(Fixtures.resource("exports/" + file));
  }

  private static List<String> ignoredReasons(String file) {
    return verdicts(file).stream()
        .filter(Verdict.Ignored.class::isInstance)
        .map(v -> ((Verdict.Ignored) v).reason())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void eachShape_isRecognised_andNamesTheExactCredential(String file, List<String> expected) {
    assertThat(verdicts(file)).noneMatch(Verdict.Malformed.class::isInstance);
    assertThat(credentials(file)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(ignoredReasons(file))
        .noneMatch(reason -> reason.startsWith(Verdict.Ignored.UNKNOWN_SHAPE));
  }

  @Test
  void signInRows_areIgnoredAsSignIns() {
    assertThat(ignoredReasons("log-analytics-signinlogs.json"))
        .containsExactly(
            "sign-in record, not an audit record: AADServicePrincipalSignInLogs",
            "sign-in record, not an audit record: SigninLogs");
  }

  @Test
  void otherWorkloadsAndNonAuditEntries_areNamed() {
    assertThat(ignoredReasons("office365-management-activity.json"))
        .containsExactly("not a credential operation: Exchange MailItemsAccessed");
    assertThat(ignoredReasons("defender-cloudappevents.json"))
        .containsExactly(
            "Defender CloudAppEvents row without its RawEventData record: FileDownloaded");
    assertThat(ignoredReasons("gcloud-logging-read.json"))
        .containsExactly(
            "Cloud Logging entry that is not an audit log: run.googleapis.com%2Fstdout",
            "Cloud Logging entry that is not an audit log:"
                + " type.googleapis.com/google.appengine.logging.v1.RequestLog");
    assertThat(ignoredReasons("security-lake-ocsf.json"))
        .containsExactly("not a credential operation: ec2.amazonaws.com DescribeInstances");
  }

  @Test
  void cloudTrailInsightsAndDigestFiles_areIgnoredByName() {
    assertThat(ignoredReasons("cloudtrail-insights.json"))
        .containsExactly(
            "CloudTrail Insights event (an unusual call rate, not an API call): CreateAccessKey");
    assertThat(ignoredReasons("cloudtrail-digest.json"))
        .containsExactly("CloudTrail digest file (hashes of log files, no events)");
  }

  @Test
  void identityCentersOwnSamlProvider_isAPlatformAction_butTheSameNameFromAUserAlerts() {
    List<Finding> findings =
        Fixtures.findings(Fixtures.resource("exports/identity-center-saml-provider.json"));
    assertThat(findings).hasSize(2);
    assertThat(findings.get(0).severity().id()).isEqualTo("info");
    assertThat(findings.get(1).severity().id()).isEqualTo("medium");
  }

  @Test
  void theLakesMapText_isReadBackIntoTheRecord() {
    io.credwatch.event.CredentialEvent event =
        Fixtures.events(Fixtures.resource("exports/cloudtrail-lake-results.json")).get(0);
    assertThat(event.actor().principal()).isEqualTo("arn:aws:iam::111122223333:user/carol");
    assertThat(event.target().name()).isEqualTo("bob");
    assertThat(event.eventTime()).contains(java.time.Instant.parse("2026-01-14T09:12:44Z"));
  }

  @Test
  void ocsfOnePointZero_foldsUnmappedRequestMembersBack() {
    List<io.credwatch.event.CredentialEvent> events =
        Fixtures.events(
            Fixtures.resource("exports/security-lake-ocsf.json")
                .lines()
                .skip(1)
                .findFirst()
                .orElseThrow());
    assertThat(events).hasSize(1);
    assertThat(events.get(0).target().name()).isEqualTo("bob");
    assertThat(events.get(0).actor().principal()).isEqualTo("arn:aws:iam::111122223333:user/carol");
  }

  @Test
  void aWrapperHoldingNoRecord_isReportedAsAnUnknownShapeWithItsKeys() {
    assertThat(ignoredReasons("logstash-plain-text.json"))
        .containsExactly("not an audit record of a known shape: keys: @timestamp, message, host");
  }

  @Test
  void theFunctionsReader_neverLooksInsidePipelineWrappers() {
    List<Verdict> verdicts =
        new EventReader()
            .read(
                Fixtures.resource("exports/splunk-export.json")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "splunk-export.json");
    assertThat(verdicts).hasSize(1);
    assertThat(((Verdict.Ignored) verdicts.get(0)).category())
        .isEqualTo(Verdict.Ignored.UNKNOWN_SHAPE);
  }
}
