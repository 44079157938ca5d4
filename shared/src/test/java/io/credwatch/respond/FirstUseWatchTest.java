package io.credwatch.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.Alert;
import io.credwatch.config.Settings;
import io.credwatch.event.CredentialEvent;
import io.credwatch.log.JsonLog;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.testing.Fixtures;
import io.credwatch.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The first-use watches of the functions, with in-memory ports: the schedule is bounded (ten looks,
 * none past 24 hours), a first use ends it with one follow-up of the same alert id, a credential
 * created outside the window starts none, a cloud that cannot be asked makes the look retried; an
 * Entra key's first sign-in is taken once.
 */
class FirstUseWatchTest {
  private static final Instant CREATED = Instant.parse("2026-11-20T10:15:01Z");
  private static final String ACCESS_KEY = "AKIAEXAMPLEBACKDOOR1";

  private final SettableClock clock = new SettableClock(CREATED.plusSeconds(30));
  private final List<Alert> sent = new ArrayList<>();
  private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private int asked;
  private Optional<FirstUseWatch.Observation> answer = Optional.empty();
  private int usedFromLook = Integer.MAX_VALUE;
  private boolean sinkDown;
  private boolean queueDown;

  private final AlertSink sink =
      new AlertSink() {
        @Override
        public String name() {
          return "memory";
        }

        @Override
        public void send(Alert alert) throws AlertDeliveryException {
          if (sinkDown) {
            throw new AlertDeliveryException("down", true);
          }
          sent.add(alert);
        }
      };

  private final FirstUseWatch.LastUse lastUse =
      new FirstUseWatch.LastUse() {
        @Override
        public boolean knows(CredentialEvent event) {
          return event.credential().id().equals(ACCESS_KEY);
        }

        @Override
        public Optional<FirstUseWatch.Observation> of(CredentialEvent event) {
          if (++asked >= usedFromLook) {
            if (answer.isEmpty()) {
              throw new IllegalStateException("IAM is unreachable");
            }
            return answer;
          }
          return Optional.empty();
        }

        @Override
        public String source() {
          return "memory:LastUsed";
        }
      };

  private final Map<String, byte[]> store = new HashMap<>();

  private Pipeline pipeline() {
    return Pipeline.from(
            Settings.defaults(),
            clock,
            new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8), "test"))
        .sinks(List.of(sink))
        .firstUse(
            lastUse,
            (event, poll, delay) -> {
              if (queueDown) {
                throw new IllegalStateException("the queue is unreachable");
              }
              queue.add(new Object[] {event, poll, delay});
            })
        .keyUse(
            new KeyUseWatch.Store() {
              @Override
              public void remember(String keyId, byte[] oneEvent, Instant expires) {
                store.put(keyId, oneEvent);
              }

              @Override
              public Optional<byte[]> take(String keyId) {
                return Optional.ofNullable(store.remove(keyId));
              }
            },
            // As the Azure function does: the remembered event is an Event Hubs body of one record.
            oneEvent ->
                new PlatformDelivery.EventHubsBody(
                    new String(oneEvent, StandardCharsets.UTF_8), "remembered", 0))
        .build();
  }

  private static byte[] example(String path) throws Exception {
    return Files.readAllBytes(Fixtures.repositoryRoot().resolve("examples/events/" + path));
  }

  /** Delivers what the queue holds, moving the clock by each delay, until it is empty. */
  private int runQueue(Pipeline pipeline) {
    int looks = 0;
    while (!queue.isEmpty()) {
      Object[] look = queue.poll();
      clock.advance((Duration) look[2]);
      looks++;
      assertThat(
              pipeline.watchFirstUse(
                  PlatformDelivery.lambda((byte[]) look[0], "look"),
                  (Integer) look[1],
                  Deadline.NONE))
          .isTrue();
      assertThat(looks).as("bounded").isLessThanOrEqualTo(FirstUseWatch.POLLS.size());
    }
    return looks;
  }

  @Test
  void aCredentialNeverUsed_isAskedAboutTenTimes_thenOneFollowUpSaysSo() throws Exception {
    Pipeline pipeline = pipeline();
    pipeline.handle(
        PlatformDelivery.lambda(
            example("aws/eventbridge-create-access-key-for-another-user.json"), "r"));
    assertThat(sent).hasSize(1);
    assertThat(runQueue(pipeline)).isEqualTo(10);
    assertThat(asked).isEqualTo(10);
    assertThat(clock.instant()).isEqualTo(CREATED.plus(Duration.ofHours(24)));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).id()).isEqualTo(sent.get(0).id());
    assertThat(sent.get(1).firstUse().orElseThrow().used()).isFalse();
  }

  @Test
  void theFirstLookThatSeesAUse_endsTheWatch_withWhereTheCloudSawIt() throws Exception {
    usedFromLook = 3;
    answer =
        Optional.of(
            new FirstUseWatch.Observation(
                CREATED.plus(Duration.ofMinutes(9)), "secretsmanager", "eu-west-1"));
    Pipeline pipeline = pipeline();
    pipeline.handle(
        PlatformDelivery.lambda(
            example("aws/eventbridge-create-access-key-for-another-user.json"), "r"));
    assertThat(runQueue(pipeline)).isEqualTo(3);
    assertThat(sent).hasSize(2);
    var firstUse = sent.get(1).firstUse().orElseThrow();
    assertThat(firstUse.used()).isTrue();
    assertThat(firstUse.afterCreation()).contains(Duration.ofMinutes(9));
    assertThat(firstUse.resource()).isEqualTo("secretsmanager");
    assertThat(firstUse.location()).isEqualTo("eu-west-1");
    assertThat(firstUse.learnedFrom()).isEqualTo("memory:LastUsed");
  }

  @Test
  void aCloudThatCannotBeAsked_makesTheLookRetried_andSendsNothing() throws Exception {
    usedFromLook = 1;
    Pipeline pipeline = pipeline();
    byte[] event = example("aws/eventbridge-create-access-key-for-another-user.json");
    pipeline.handle(PlatformDelivery.lambda(event, "r"));
    clock.advance(Duration.ofMinutes(2));
    queue.clear();
    assertThat(pipeline.watchFirstUse(PlatformDelivery.lambda(event, "look"), 0, Deadline.NONE))
        .isFalse();
    assertThat(sent).hasSize(1);
    assertThat(queue).isEmpty();
  }

  @Test
  void aQueueThatCannotTakeTheNextLook_makesThisLookRetried_notThrown() throws Exception {
    Pipeline pipeline = pipeline();
    byte[] event = example("aws/eventbridge-create-access-key-for-another-user.json");
    pipeline.handle(PlatformDelivery.lambda(event, "r"));
    queue.clear();
    clock.advance(Duration.ofMinutes(2));
    queueDown = true;
    assertThat(pipeline.watchFirstUse(PlatformDelivery.lambda(event, "look"), 0, Deadline.NONE))
        .isFalse();
    assertThat(sent).hasSize(1);
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("could not be scheduled");
    queueDown = false;
    assertThat(pipeline.watchFirstUse(PlatformDelivery.lambda(event, "look"), 0, Deadline.NONE))
        .isTrue();
    assertThat(queue).hasSize(1);
  }

  @Test
  void aCredentialAddedOutsideTheWindow_startsNoWatch_andALookOutOfScheduleIsDropped()
      throws Exception {
    clock.set(CREATED.plus(Duration.ofDays(2)));
    Pipeline pipeline = pipeline();
    byte[] event = example("aws/eventbridge-create-access-key-for-another-user.json");
    pipeline.handle(PlatformDelivery.lambda(event, "r"));
    assertThat(queue).isEmpty();
    assertThat(pipeline.watchFirstUse(PlatformDelivery.lambda(event, "look"), 3, Deadline.NONE))
        .isTrue();
    assertThat(pipeline.watchFirstUse(PlatformDelivery.lambda(event, "look"), 99, Deadline.NONE))
        .isTrue();
    assertThat(asked).isZero();
    assertThat(queue).isEmpty();
  }

  @Test
  void anEntraKeysFirstSignIn_isTakenOnce_andAFailedSendRemembersItAgain() throws Exception {
    clock.set(Instant.parse("2026-11-20T11:03:00Z"));
    Pipeline pipeline = pipeline();
    String audit =
        new String(example("azure/eventhub-entra-audit-logs.json"), StandardCharsets.UTF_8);
    pipeline.handle(new PlatformDelivery.EventHubsBody(audit, "t", 0));
    int detections = sent.size();
    assertThat(store).containsKey("f3b8e2d1-3333-4d4e-9f0a-000000000002");
    String signIn =
        "{\"records\":[{\"category\":\"ServicePrincipalSignInLogs\",\"properties\":{"
            + "\"createdDateTime\":\"2026-11-20T11:40:00Z\",\"ipAddress\":\"198.51.100.23\","
            + "\"servicePrincipalCredentialKeyId\":\"F3B8E2D1-3333-4D4E-9F0A-000000000002\","
            + "\"resourceDisplayName\":\"Azure Key Vault\",\"status\":{\"errorCode\":7000215}}}]}";
    sinkDown = true;
    assertThat(pipeline.signIns(new PlatformDelivery.EventHubsBody(signIn, "s", 0), Deadline.NONE))
        .isFalse();
    assertThat(store).as("remembered again").hasSize(1);
    sinkDown = false;
    assertThat(pipeline.signIns(new PlatformDelivery.EventHubsBody(signIn, "s", 0), Deadline.NONE))
        .isTrue();
    assertThat(pipeline.signIns(new PlatformDelivery.EventHubsBody(signIn, "s", 0), Deadline.NONE))
        .isTrue();
    assertThat(sent).hasSize(detections + 1);
    Alert followUp = sent.get(detections);
    assertThat(followUp.firstUse().orElseThrow().result()).isEqualTo("error 7000215");
    assertThat(followUp.firstUse().orElseThrow().fromAnotherSource()).isFalse();
    assertThat(followUp.severity()).isEqualTo(sent.get(0).severity());
    assertThat(store).isEmpty();
  }
}
