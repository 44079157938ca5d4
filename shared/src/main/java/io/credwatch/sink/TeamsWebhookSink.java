package io.credwatch.sink;

import io.credwatch.alert.Alert;
import io.credwatch.alert.TeamsCard;
import io.credwatch.config.Secret;
import io.credwatch.config.Settings;
import io.credwatch.config.SettingsException;
import io.credwatch.config.SettingsReader;
import io.credwatch.respond.AlertDeliveryException;
import io.credwatch.respond.AlertSink;
import io.credwatch.respond.Deadline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Posts alerts to a Microsoft Teams Workflows webhook as an Adaptive Card message, from any cloud.
 *
 * <p>Success is 202 Accepted (Workflows), or 200 with the body {@code 1} (the retired Office 365
 * connectors, still met behind proxies). 429 and 5xx are retried with exponential backoff and
 * jitter, honouring {@code Retry-After} up to a cap; other answers fail at once. The URL carries
 * its own credential (the signature), so it never appears in a message, a log line or an exception.
 */
public final class TeamsWebhookSink implements AlertSink {
  /** Waits between attempts; tests replace it to run without sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final int ATTEMPTS = 4;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_WAIT = Duration.ofSeconds(20);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Less time than this left in the invocation: no new attempt. */
  private static final Duration MIN_REQUEST_TIME = Duration.ofSeconds(1);

  private final Supplier<Secret> url;
  private final HttpClient http;
  private final Sleeper sleeper;

  /**
   * @param url the webhook URL, resolved when first needed (it may come from a secret store)
   */
  public TeamsWebhookSink(Supplier<Secret> url, HttpClient http, Sleeper sleeper) {
    this.url = url;
    this.http = http;
    this.sleeper = sleeper;
  }

  public static TeamsWebhookSink create(Supplier<Secret> url) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new TeamsWebhookSink(url, http, duration -> Thread.sleep(duration.toMillis()));
  }

  @Override
  public String name() {
    return "teams";
  }

  @Override
  public void send(Alert alert) throws AlertDeliveryException {
    send(alert, Deadline.NONE);
  }

  /**
   * Posts the card, retrying within the invocation's deadline: no attempt is started, and no wait
   * begun, that the deadline would cut short; the alert is then left to the platform's retry.
   */
  @Override
  public void send(Alert alert, Deadline deadline) throws AlertDeliveryException {
    HttpRequest request = request(alert);
    Duration waited = Duration.ZERO;
    String lastProblem = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<Duration> retryAfter = Optional.empty();
      Duration timeout = deadline.within(REQUEST_TIMEOUT);
      if (timeout.compareTo(MIN_REQUEST_TIME) < 0) {
        throw new AlertDeliveryException(
            "the invocation's time ran out before Teams accepted the alert"
                + (lastProblem.isEmpty() ? "" : " (last: " + lastProblem + ")"),
            true);
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status == 202 || (status == 200 && response.body().strip().equals("1"))) {
          return;
        }
        lastProblem = "HTTP " + status + describeBody(response.body());
        if (status != 429 && status < 500) {
          throw new AlertDeliveryException(
              "the Teams webhook refused the alert: " + lastProblem, false);
        }
        retryAfter = retryAfter(response);
      } catch (IOException failure) {
        // The exception text may name the host; the class name says enough.
        lastProblem = "no answer (" + failure.getClass().getSimpleName() + ")";
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new AlertDeliveryException("interrupted while posting to Teams", true);
      }
      if (attempt == ATTEMPTS) {
        break;
      }
      int step = attempt - 1;
      Duration pause = retryAfter.orElseGet(() -> backoff(FIRST_BACKOFF, step));
      if (waited.plus(pause).compareTo(MAX_WAIT) > 0
          || pause.plus(MIN_REQUEST_TIME).compareTo(deadline.forWork()) > 0) {
        break;
      }
      try {
        sleeper.sleep(pause);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new AlertDeliveryException("interrupted while waiting to retry Teams", true);
      }
      waited = waited.plus(pause);
    }
    throw new AlertDeliveryException(
        "the Teams webhook did not accept the alert after retries: " + lastProblem, true);
  }

  private HttpRequest request(Alert alert) throws AlertDeliveryException {
    URI uri;
    try {
      // Everything that touches the URL is in here: JDK messages about a URI quote it whole.
      uri =
          URI.create(SettingsReader.checkedWebhook(Settings.TEAMS_WEBHOOK_URL, url.get().value()));
      HttpRequest.newBuilder(uri);
    } catch (SettingsException unusable) {
      throw new AlertDeliveryException(String.valueOf(unusable.getMessage()), true);
    } catch (RuntimeException unusable) {
      throw new AlertDeliveryException(
          "the Teams webhook URL could not be read (" + unusable.getClass().getSimpleName() + ")",
          true);
    }
    return HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(TeamsCard.render(alert), StandardCharsets.UTF_8))
        .build();
  }

  private static Duration backoff(Duration first, int step) {
    long base = first.toMillis() << Math.min(step, 5);
    long jitter = ThreadLocalRandom.current().nextLong(base / 4 + 1);
    return Duration.ofMillis(base + jitter);
  }

  /** Retry-After in seconds or as an HTTP date; capped so that one answer cannot stall us. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
    if (header.isEmpty() || header.get().isEmpty()) {
      return Optional.empty();
    }
    Duration wait;
    try {
      wait = Duration.ofSeconds(Long.parseLong(header.get()));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(Instant.now(), at);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    return Optional.of(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
  }

  private static String describeBody(String body) {
    String oneLine = body.strip().replaceAll("\\s+", " ");
    if (oneLine.isEmpty()) {
      return "";
    }
    return ": " + io.credwatch.alert.UntrustedText.plain(oneLine, 200);
  }
}
