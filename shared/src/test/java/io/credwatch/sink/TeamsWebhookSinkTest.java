package io.credwatch.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.credwatch.alert.Alert;
import io.credwatch.config.Secret;
import io.credwatch.http.Loopback;
import io.credwatch.respond.AlertDeliveryException;
import io.credwatch.testing.CloudTrailRecords;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback standing in for the Workflows webhook. */
class TeamsWebhookSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SIGNATURE = "sig=SECRETSIGNATURE123";

  /** One scripted answer: status, body, optional Retry-After. */
  private record Answer(int status, String body, String retryAfter) {}

  private HttpServer server;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<String> bodies = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Duration> sleeps = new ArrayList<>();
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = Loopback.server();
    server.createContext(
        "/workflows",
        exchange -> {
          requests.incrementAndGet();
          synchronized (bodies) {
            bodies.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          }
          Answer answer = script.isEmpty() ? new Answer(202, "", "") : script.poll();
          if (!answer.retryAfter().isEmpty()) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
          }
          Loopback.respond(exchange, answer.status(), "text/plain", answer.body());
        });
    server.start();
    url =
        Loopback.base(server)
            + "/workflows/triggers/manual/paths/invoke?api-version=1&"
            + SIGNATURE;
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private TeamsWebhookSink sink() {
    return new TeamsWebhookSink(() -> new Secret(url), HttpClient.newHttpClient(), sleeps::add);
  }

  private static Alert alert() {
    return Fixtures.alert(
        CloudTrailRecords.createAccessKey(CloudTrailRecords.iamUser("user/alice", "alice"), "bob"));
  }

  @Test
  void accepted_postsAWorkflowsMessageWithTheCard() throws Exception {
    sink().send(alert());
    assertThat(requests).hasValue(1);
    JsonNode message = JSON.readTree(bodies.get(0));
    assertThat(message.path("type").asText()).isEqualTo("message");
    assertThat(message.path("attachments").get(0).path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(bodies.get(0)).contains("AKIA");
  }

  @Test
  void legacyConnectorAnswerOne_isSuccess() throws Exception {
    script.add(new Answer(200, "1", ""));
    sink().send(alert());
    assertThat(requests).hasValue(1);
  }

  @Test
  void throttled_retriesAfterTheServersDelayThenSucceeds() throws Exception {
    script.add(new Answer(429, "slow down", "2"));
    script.add(new Answer(202, "", ""));
    sink().send(alert());
    assertThat(requests).hasValue(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void repeatedServerErrors_failRetryablyWithoutTheUrl() {
    for (int i = 0; i < 10; i++) {
      script.add(new Answer(500, "boom", ""));
    }
    assertThatThrownBy(() -> sink().send(alert()))
        .isInstanceOfSatisfying(
            AlertDeliveryException.class,
            failure -> {
              assertThat(failure.retryable()).isTrue();
              assertThat(failure.getMessage()).contains("HTTP 500").doesNotContain(SIGNATURE);
            });
    assertThat(requests).hasValue(4);
    assertThat(sleeps).hasSize(3).allSatisfy(pause -> assertThat(pause).isPositive());
  }

  @Test
  void badRequest_failsAtOnceAndIsNotRetried() {
    script.add(new Answer(400, "{\"error\":{\"code\":\"InvalidRequestContent\"}}", ""));
    assertThatThrownBy(() -> sink().send(alert()))
        .isInstanceOfSatisfying(
            AlertDeliveryException.class,
            failure -> {
              assertThat(failure.retryable()).isFalse();
              assertThat(failure.getMessage())
                  .contains("HTTP 400")
                  .contains("InvalidRequestContent");
            });
    assertThat(requests).hasValue(1);
  }

  @Test
  void legacyErrorWithStatus200_isAFailure() {
    script.add(new Answer(200, "Webhook Bad Request - Null or empty event", ""));
    assertThatThrownBy(() -> sink().send(alert()))
        .isInstanceOf(AlertDeliveryException.class)
        .hasMessageContaining("Null or empty event");
  }

  @Test
  void unreachable_failsRetryablyWithoutNamingTheHost() throws Exception {
    server.stop(0);
    assertThatThrownBy(() -> sink().send(alert()))
        .isInstanceOfSatisfying(
            AlertDeliveryException.class,
            failure -> {
              assertThat(failure.retryable()).isTrue();
              assertThat(failure.getMessage())
                  .doesNotContain("127.0.0.1")
                  .doesNotContain(SIGNATURE);
            });
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "https:///workflows?" + SIGNATURE,
        "ftp://example.test/workflows?" + SIGNATURE,
        "https://exa mple.test/workflows?" + SIGNATURE,
        "http://prod.example.test/workflows?" + SIGNATURE,
        "not a url " + SIGNATURE
      })
  void aMalformedUrlFromTheSecretStore_failsRetryably_withoutEverQuotingIt(String malformed) {
    TeamsWebhookSink sink =
        new TeamsWebhookSink(() -> new Secret(malformed), HttpClient.newHttpClient(), sleeps::add);
    assertThatThrownBy(() -> sink.send(alert()))
        .isInstanceOfSatisfying(
            AlertDeliveryException.class,
            failure -> {
              assertThat(failure.retryable()).isTrue();
              assertThat(failure.getMessage())
                  .contains("CREDWATCH_TEAMS_WEBHOOK_URL")
                  .doesNotContain(SIGNATURE)
                  .doesNotContain("example");
            });
    assertThat(requests).hasValue(0);
  }

  @Test
  void aFailingTeams_isRetriedOnlyWhileTheDeadlineAllows() {
    io.credwatch.testing.SettableClock clock =
        new io.credwatch.testing.SettableClock(java.time.Instant.parse("2026-12-07T00:00:00Z"));
    for (int i = 0; i < 4; i++) {
      script.add(new Answer(503, "busy", ""));
    }
    // Waits between attempts pass on the clock that the deadline reads.
    TeamsWebhookSink sink =
        new TeamsWebhookSink(() -> new Secret(url), HttpClient.newHttpClient(), clock::advance);

    assertThatThrownBy(
            () ->
                sink.send(
                    alert(), io.credwatch.respond.Deadline.in(Duration.ofMillis(4500), clock)))
        .isInstanceOfSatisfying(
            AlertDeliveryException.class, failure -> assertThat(failure.retryable()).isTrue());
    assertThat(requests.get()).isBetween(1, 2);

    // Without a deadline the same answers are tried four times.
    requests.set(0);
    for (int i = 0; i < 4; i++) {
      script.add(new Answer(503, "busy", ""));
    }
    assertThatThrownBy(() -> sink().send(alert())).isInstanceOf(AlertDeliveryException.class);
    assertThat(requests).hasValue(4);
  }
}
