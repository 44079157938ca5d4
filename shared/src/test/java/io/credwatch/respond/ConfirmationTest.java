package io.credwatch.respond;

import static io.credwatch.testing.Fixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.Alert;
import io.credwatch.alert.Severity;
import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.RecordLocation;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.testing.CloudTrailRecords;
import io.credwatch.testing.Fixtures;
import io.credwatch.testing.InMemoryActionLedger;
import io.credwatch.testing.InMemoryAlertSink;
import io.credwatch.testing.RecordingRemediator;
import io.credwatch.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Provenance before action, in the shared core: the comparison with the log's record, the wait with
 * its backoff and its end, and the follow-up alert of the same id.
 */
class ConfirmationTest {
  private static final String BOB_KEY =
      CloudTrailRecords.createAccessKey(CloudTrailRecords.iamUser("user/alice", "alice"), "bob");
  private static final String CAROL_KEY =
      CloudTrailRecords.createAccessKey(CloudTrailRecords.iamUser("user/alice", "alice"), "carol");

  private static CredentialEvent event(String record) {
    return Fixtures.events(record).get(0);
  }

  /** A log holding exactly these records, and counting its lookups. */
  private static final class Log implements Provenance {
    final List<String> records = new ArrayList<>();
    int lookups;

    @Override
    public String log() {
      return "the test log";
    }

    @Override
    public Answer confirm(CredentialEvent claimed) {
      lookups++;
      List<io.credwatch.source.Verdict> found = new ArrayList<>();
      for (String record : records) {
        if (event(record).eventId().equals(claimed.eventId())) {
          found.addAll(Fixtures.read(record));
        }
      }
      return Provenance.compare(claimed, found, log(), Duration.ZERO);
    }
  }

  @Test
  void compare_confirmsTheSameRecord_contradictsAnotherTarget_andWaitsForAMissingOne() {
    CredentialEvent claimed = event(BOB_KEY);
    assertThat(Provenance.compare(claimed, Fixtures.read(BOB_KEY), "L", Duration.ZERO))
        .isEqualTo(new Provenance.Confirmed("L"));
    String sameIdOtherUser = CAROL_KEY.replace(event(CAROL_KEY).eventId(), claimed.eventId());
    assertThat(Provenance.compare(claimed, Fixtures.read(sameIdOtherUser), "L", Duration.ZERO))
        .isInstanceOfSatisfying(
            Provenance.Contradicted.class,
            c -> assertThat(c.why()).contains("another target").contains("carol"));
    assertThat(Provenance.compare(claimed, List.of(), "L", Duration.ZERO))
        .isInstanceOf(Provenance.NotYet.class);
  }

  @Test
  void check_waitsWithBackoff_untilTheWindowEnds_thenRefuses() {
    Log log = new Log();
    Confirmation confirmation = new Confirmation(log, true, Duration.ofMinutes(60));
    CredentialEvent claimed = event(BOB_KEY);
    Confirmation.Check first = confirmation.check(claimed, Fixtures.NOW, Fixtures.NOW, true);
    assertThat(first)
        .isInstanceOfSatisfying(
            Confirmation.Wait.class,
            w -> assertThat(w.checkAgainIn()).isEqualTo(Duration.ofMinutes(1)));
    Confirmation.Check later =
        confirmation.check(claimed, Fixtures.NOW, Fixtures.NOW.plusSeconds(40 * 60), true);
    assertThat(((Confirmation.Wait) later).checkAgainIn()).isEqualTo(Duration.ofMinutes(15));
    assertThat(confirmation.check(claimed, Fixtures.NOW, Fixtures.NOW.plusSeconds(3601), true))
        .isInstanceOfSatisfying(
            Confirmation.Refuse.class,
            r ->
                assertThat(r.outcome().detail())
                    .startsWith("not confirmed by the cloud's log within 60 minutes"));
    assertThat(confirmation.check(claimed, Fixtures.NOW, Fixtures.NOW, false))
        .isInstanceOf(Confirmation.Refuse.class);
    log.records.add(BOB_KEY);
    assertThat(confirmation.check(claimed, Fixtures.NOW, Fixtures.NOW, true))
        .isEqualTo(new Confirmation.Act("the test log"));
    assertThat(
            new Confirmation(log, false, Duration.ofMinutes(60))
                .check(claimed, Fixtures.NOW, Fixtures.NOW, false))
        .isEqualTo(new Confirmation.Act(""));
  }

  @Test
  void aLogThatThrows_isNotYet_withItsReason() {
    Provenance broken =
        new Provenance() {
          @Override
          public String log() {
            return "the broken log";
          }

          @Override
          public Answer confirm(CredentialEvent claimed) {
            throw new IllegalStateException("connection refused");
          }
        };
    Confirmation.Check check =
        new Confirmation(broken, true, Duration.ofMinutes(60))
            .check(event(BOB_KEY), Fixtures.NOW, Fixtures.NOW, true);
    assertThat(((Confirmation.Wait) check).outcome().detail())
        .contains("the broken log could not be read (connection refused)");
  }

  @Test
  void responder_alertsPendingOnce_thenActsWhenConfirmed_withAFollowUpOfTheSameId() {
    Log log = new Log();
    SettableClock clock = new SettableClock(Fixtures.NOW);
    RecordingRemediator remediator =
        new RecordingRemediator(Set.of(AwsAction.DEACTIVATE_ACCESS_KEY));
    InMemoryAlertSink sink = new InMemoryAlertSink();
    Finding finding = finding(BOB_KEY);
    RemediationPolicy policy =
        new RemediationPolicy(
            RemediationMode.ENFORCE, Map.of(), Severity.HIGH, List.of(), List.of(), 10);
    try (Responder responder =
        new Responder(
            policy,
            remediator,
            List.of(sink),
            Severity.LOW,
            Duration.ofSeconds(1),
            clock,
            new InMemoryActionLedger(),
            new Confirmation(log, true, Duration.ofMinutes(60)))) {
      Responder.Handled first = responder.handle(List.of(finding)).handled().get(0);
      assertThat(first.outcome()).isInstanceOf(Outcome.Pending.class);
      assertThat(first.checkAgainIn()).contains(Duration.ofMinutes(1));
      clock.advance(Duration.ofMinutes(1));
      Responder.Handled second = responder.handle(List.of(finding)).handled().get(0);
      assertThat(second.outcome()).isInstanceOf(Outcome.Pending.class);
      assertThat(second.sent()).isFalse();
      log.records.add(BOB_KEY);
      clock.advance(Duration.ofMinutes(1));
      Responder.Handled third = responder.handle(List.of(finding)).handled().get(0);
      assertThat(third.outcome().id()).isEqualTo("applied");
      assertThat(third.checkAgainIn()).isEmpty();
      Responder.Handled redelivered = responder.handle(List.of(finding)).handled().get(0);
      assertThat(redelivered.sent()).isFalse();
    }
    assertThat(remediator.calls()).hasSize(2); // the action, then the redelivery's dry-run look
    assertThat(sink.received()).extracting(Alert::id).containsOnly(sink.received().get(0).id());
    assertThat(sink.received())
        .extracting(a -> a.remediation().outcome())
        .containsExactly("pending", "applied");
    assertThat(sink.received().get(1).notes())
        .anySatisfy(note -> assertThat(note).startsWith("Follow-up to the alert sent at"));
  }

  @Test
  void followUpOf_anSqsBatch_isTheOneMessagesBody_andOfAnEventHubsBody_theOneRecord() {
    String sqs =
        "{\"Records\":[{\"messageId\":\"m-1\",\"body\":\"{\\\"a\\\":1}\",\"eventSource\":\"aws:sqs\"},"
            + "{\"messageId\":\"m-2\",\"body\":\"{\\\"b\\\":2}\",\"eventSource\":\"aws:sqs\"}]}";
    PlatformDelivery batch = PlatformDelivery.lambda(sqs.getBytes(StandardCharsets.UTF_8), "r");
    assertThat(
            new String(
                batch.followUpOf(new RecordLocation("x", 1, 0, "Records[1].body", "m-2")),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"b\":2}");
    PlatformDelivery.EventHubsBody body =
        new PlatformDelivery.EventHubsBody("{\"records\":[{\"r\":0},{\"r\":1}]}", "inv", 0);
    assertThat(
            new String(
                body.followUpOf(new RecordLocation("x", 1, 0, "records[1]", "")),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"records\":[{\"r\":1}]}");
  }
}
