package io.credwatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a JDK HTTP server answering as Google and Azure APIs do. */
class BearerRestTest {
  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private BearerRest rest;

  @BeforeEach
  void start() throws IOException {
    server = Loopback.server();
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + path
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          int status;
          String body;
          switch (path) {
            case "/google-denied" -> {
              status = 403;
              body = "{\"error\":{\"status\":\"PERMISSION_DENIED\",\"message\":\"no\\u202eway\"}}";
            }
            case "/graph-throttled" -> {
              status = 429;
              body = "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}";
              exchange.getResponseHeaders().add("Retry-After", "7");
            }
            case "/missing" -> {
              status = 404;
              body = "not json";
            }
            default -> {
              status = 200;
              body = "{\"ok\":true}";
            }
          }
          Loopback.respond(exchange, status, "application/json", body);
        });
    server.start();
    rest =
        new BearerRest(
            HttpClient.newHttpClient(), () -> "t0ken", URI.create(Loopback.base(server) + "/"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void everyVerb_sendsTheBearerTokenAndBody() throws Exception {
    assertThat(rest.get(rest.uri("/a")).path("ok").asBoolean()).isTrue();
    rest.post(rest.uri("/b"), "{\"x\":1}");
    rest.put(rest.uri("/c"), "{}");
    rest.patch(rest.uri("/d"), "{}");
    rest.delete(rest.uri("/e"));
    assertThat(seen)
        .containsExactly(
            "GET /a Bearer t0ken ",
            "POST /b Bearer t0ken {\"x\":1}",
            "PUT /c Bearer t0ken {}",
            "PATCH /d Bearer t0ken {}",
            "DELETE /e Bearer t0ken ");
  }

  @Test
  void errors_keepTheApisReasonSafely_andTheirRetryAfter() {
    assertThatThrownBy(() -> rest.get(rest.uri("/google-denied")))
        .isInstanceOfSatisfying(
            BearerRest.CallFailed.class,
            failed -> {
              assertThat(failed.status).isEqualTo(403);
              assertThat(failed.retryable()).isFalse();
              assertThat(failed.getMessage())
                  .startsWith("HTTP 403 PERMISSION_DENIED: no")
                  .doesNotContain("\u202e");
            });
    assertThatThrownBy(() -> rest.get(rest.uri("/graph-throttled")))
        .isInstanceOfSatisfying(
            BearerRest.CallFailed.class,
            failed -> {
              assertThat(failed.retryable()).isTrue();
              assertThat(failed.getMessage())
                  .isEqualTo("HTTP 429 TooManyRequests: slow down (Retry-After 7)");
            });
  }

  @Test
  void notFound_isEmptyForGetIfExists() throws Exception {
    assertThat(rest.getIfExists(rest.uri("/missing"))).isEmpty();
    assertThat(rest.getIfExists(rest.uri("/there"))).isPresent();
  }

  @Test
  void noToken_isARetryableFailureWithoutACall() {
    BearerRest tokenless =
        new BearerRest(
            HttpClient.newHttpClient(),
            () -> {
              throw new BearerRest.TokenUnavailable("no managed identity");
            },
            Loopback.base(server));
    assertThatThrownBy(() -> tokenless.get(tokenless.uri("/a")))
        .isInstanceOfSatisfying(
            BearerRest.CallFailed.class,
            failed -> {
              assertThat(failed.status).isZero();
              assertThat(failed.retryable()).isTrue();
              assertThat(failed.getMessage()).isEqualTo("no managed identity");
            });
    assertThat(seen).isEmpty();
  }

  @Test
  void segments_cannotCarryPathSyntax() {
    assertThat(BearerRest.segment("a/../b c@d?e#f")).isEqualTo("a%2F..%2Fb%20c%40d%3Fe%23f");
  }
}
