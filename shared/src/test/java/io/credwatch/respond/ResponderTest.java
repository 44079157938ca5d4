package io.credwatch.respond;

import static io.credwatch.testing.Fixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.Alert;
import io.credwatch.alert.Severity;
import io.credwatch.detect.Finding;
import io.credwatch.testing.CloudTrailRecords;
import io.credwatch.testing.Fixtures;
import io.credwatch.testing.InMemoryAlertSink;
import io.credwatch.testing.RecordingRemediator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponderTest {
  private static final Finding OTHER_USER_KEY =
      finding(
          CloudTrailRecords.createAccessKey(
              CloudTrailRecords.iamUser("user/alice", "alice"), "bob"));
  private static final Set<AwsAction> AWS_KEYS = Set.of(AwsAction.DEACTIVATE_ACCESS_KEY);

  private static Responder responder(
      RemediationMode mode, RecordingRemediator remediator, InMemoryAlertSink... sinks) {
    RemediationPolicy policy =
        new RemediationPolicy(mode, Map.of(), Severity.HIGH, List.of(), List.of(), 1);
    return new Responder(
        policy, remediator, List.of(sinks), Severity.LOW, Duration.ofMillis(300), Fixtures.CLOCK);
  }

  @Test
  void enforce_remediatesThenSendsAnAlertThatSaysSo() {
    RecordingRemediator remediator = new RecordingRemediator(AWS_KEYS);
    InMemoryAlertSink sink = new InMemoryAlertSink();
    try (Responder responder = responder(RemediationMode.ENFORCE, remediator, sink)) {
      Responder.Result result = responder.handle(List.of(OTHER_USER_KEY));
      assertThat(result.deliveryFailed()).isFalse();
    }
    assertThat(remediator.calls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.mode()).isEqualTo(RemediationMode.ENFORCE);
              assertThat(call.plan().credentialId()).isEqualTo("AKIANEW");
            });
    Alert alert = sink.received().get(0);
    assertThat(alert.remediation().outcome()).isEqualTo("applied");
    assertThat(alert.remediation().mode()).isEqualTo("enforce");
    assertThat(alert.remediation().undo()).contains("--status Active");
    assertThat(alert.remediation().detail()).contains("note: sessions already minted");
  }

  @Test
  void dryRun_verifiesButDoesNotAct() {
    RecordingRemediator remediator = new RecordingRemediator(AWS_KEYS);
    InMemoryAlertSink sink = new InMemoryAlertSink();
    try (Responder responder = responder(RemediationMode.DRY_RUN, remediator, sink)) {
      responder.handle(List.of(OTHER_USER_KEY));
    }
    assertThat(remediator.calls())
        .singleElement()
        .extracting(RecordingRemediator.Call::mode)
        .isEqualTo(RemediationMode.DRY_RUN);
    assertThat(sink.received().get(0).remediation().outcome()).isEqualTo("dry-run");
  }

  @Test
  void failedRemediation_stillSendsTheAlert() {
    RecordingRemediator remediator =
        new RecordingRemediator(AWS_KEYS)
            .answering(
                (plan, mode) -> new Outcome.Failed("AccessDenied: iam:UpdateAccessKey", false));
    InMemoryAlertSink sink = new InMemoryAlertSink();
    try (Responder responder = responder(RemediationMode.ENFORCE, remediator, sink)) {
      responder.handle(List.of(OTHER_USER_KEY));
    }
    assertThat(sink.received())
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.remediation().outcome()).isEqualTo("failed");
              assertThat(alert.remediation().detail()).contains("AccessDenied");
            });
  }

  @Test
  void crashingOrSlowRemediation_isBoundedAndTheAlertGoesOut() {
    RecordingRemediator crashing =
        new RecordingRemediator(AWS_KEYS)
            .answering(
                (plan, mode) -> {
                  throw new IllegalStateException("boom");
                });
    InMemoryAlertSink sink = new InMemoryAlertSink();
    try (Responder responder = responder(RemediationMode.ENFORCE, crashing, sink)) {
      responder.handle(List.of(OTHER_USER_KEY));
    }
    assertThat(sink.received().get(0).remediation().detail()).contains("boom");

    RecordingRemediator slow = new RecordingRemediator(AWS_KEYS).slow(Duration.ofSeconds(5));
    InMemoryAlertSink second = new InMemoryAlertSink();
    long started = System.nanoTime();
    try (Responder responder = responder(RemediationMode.ENFORCE, slow, second)) {
      responder.handle(List.of(OTHER_USER_KEY));
    }
    assertThat(second.received().get(0).remediation().detail()).contains("timed out after 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("bounded by the budget, not the remediator")
        .isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void deliveryFailure_isReported_andOtherSinksStillReceive() {
    InMemoryAlertSink broken = new InMemoryAlertSink("sns").failNext(1, true);
    InMemoryAlertSink teams = new InMemoryAlertSink("teams");
    Responder.Result result;
    try (Responder responder =
        responder(RemediationMode.DRY_RUN, new RecordingRemediator(AWS_KEYS), broken, teams)) {
      result = responder.handle(List.of(OTHER_USER_KEY));
    }
    assertThat(result.deliveryFailed()).isTrue();
    assertThat(result.handled().get(0).failures()).singleElement().asString().startsWith("sns:");
    assertThat(result.handled().get(0).retryable()).isTrue();
    assertThat(teams.received()).hasSize(1);
  }

  @Test
  void capAndBelowMinimum_areNotSentOrActedOn() {
    RecordingRemediator remediator = new RecordingRemediator(AWS_KEYS);
    InMemoryAlertSink sink = new InMemoryAlertSink();
    Finding second =
        finding(
            CloudTrailRecords.createAccessKey(
                    CloudTrailRecords.iamUser("user/alice", "alice"), "carol")
                .replace("\"e1\"", "\"e2\""));
    Finding failed =
        finding(
            CloudTrailRecords.createAccessKey(
                    CloudTrailRecords.iamUser("user/alice", "alice"), "dave")
                .replace(
                    "\"eventID\":\"e1\"", "\"eventID\":\"e3\",\"errorCode\":\"AccessDenied\""));
    try (Responder responder = responder(RemediationMode.ENFORCE, remediator, sink)) {
      Responder.Result result = responder.handle(List.of(OTHER_USER_KEY, second, failed));
      assertThat(result.handled())
          .extracting(h -> h.outcome().id())
          .containsExactly("applied", "skipped", "skipped");
      assertThat(result.handled().get(1).outcome().detail()).contains("cap of 1");
      assertThat(result.handled().get(2).sent()).as("info is below the minimum severity").isFalse();
    }
    assertThat(remediator.calls()).hasSize(1);
    assertThat(sink.received()).hasSize(2);
  }

  @Test
  void missingRemediator_isSkippedWithAReason() {
    InMemoryAlertSink sink = new InMemoryAlertSink();
    try (Responder responder =
        responder(RemediationMode.ENFORCE, new RecordingRemediator(Set.of()), sink)) {
      responder.handle(List.of(OTHER_USER_KEY));
    }
    assertThat(sink.received().get(0).remediation().detail())
        .contains("no remediator for aws.iam.deactivate-access-key");
  }

  @Test
  void aSlowSink_withinAShortDeadline_leavesTheRestForTheRetry_andTheBatchCompletes() {
    io.credwatch.testing.SettableClock clock = new io.credwatch.testing.SettableClock(Fixtures.NOW);
    // Each alert takes this Teams 20 s (its timeouts and retries); the clock stands for the wait.
    AlertSink slowTeams =
        new AlertSink() {
          @Override
          public String name() {
            return "teams";
          }

          @Override
          public void send(Alert alert) {
            clock.advance(Duration.ofSeconds(20));
          }
        };
    RemediationPolicy policy =
        new RemediationPolicy(
            RemediationMode.DRY_RUN, Map.of(), Severity.HIGH, List.of(), List.of(), 5);
    List<Finding> three =
        List.of(
            OTHER_USER_KEY,
            finding(
                CloudTrailRecords.createAccessKey(
                    CloudTrailRecords.iamUser("user/alice", "alice"), "carol")),
            finding(
                CloudTrailRecords.createAccessKey(
                    CloudTrailRecords.iamUser("user/alice", "alice"), "dave")));
    try (Responder responder =
        new Responder(
            policy,
            new RecordingRemediator(AWS_KEYS),
            List.of(slowTeams),
            Severity.LOW,
            Duration.ofSeconds(5),
            clock)) {
      // 40 s left, as getRemainingTimeInMillis could say: room for two slow alerts, not three.
      Responder.Result result = responder.handle(three, Deadline.in(Duration.ofSeconds(40), clock));

      assertThat(result.handled()).hasSize(3);
      assertThat(result.handled().get(0).delivered()).isTrue();
      assertThat(result.handled().get(1).delivered()).isTrue();
      Responder.Handled last = result.handled().get(2);
      assertThat(last.delivered()).isFalse();
      assertThat(last.retryable()).isTrue();
      assertThat(last.failures()).containsExactly(Responder.OUT_OF_TIME);
      assertThat(last.outcome().detail())
          .startsWith("not attempted: the invocation's time ran out");
      assertThat(result.deliveryFailed()).isTrue();
    }
  }
}
