package io.credwatch.azure;

import io.credwatch.respond.FollowUps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Brings an event that waits for confirmation back through a storage queue: the message is put with
 * a visibility delay (Queue service {@code Put Message}, {@code visibilitytimeout}), and the {@code
 * ConfirmationFollowUps} function reads it when it becomes visible. The message is the event as the
 * function was given it (an Event Hubs body of one record, or one Event Grid event), base64-encoded
 * as the queue trigger expects. Whatever the queue holds is confirmed in Azure's own log before any
 * action, so a message put there by anyone else acts on nothing.
 */
final class QueueFollowUps implements FollowUps {
  /** A queue message is at most 64 KiB; base64 makes 4 bytes of 3. */
  static final int MAX_EVENT_BYTES = 48 * 1024;

  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final String VERSION = "2021-08-06";

  /** How a request is authorized: the function's Entra token, or a shared key (Azurite). */
  @FunctionalInterface
  interface Authorization {
    /**
     * The Authorization header value.
     *
     * @param date the request's x-ms-date
     * @param version the request's x-ms-version
     * @param path the request URI's path, as sent
     */
    String header(String date, String version, String path) throws IOException;
  }

  private final HttpClient http;
  private final URI queue;
  private final Authorization authorization;
  private final Clock clock;

  /**
   * @param queue the queue's URL, {@code https://ACCOUNT.queue.core.windows.net/QUEUE} (Azurite:
   *     {@code http://127.0.0.1:PORT/devstoreaccount1/QUEUE})
   */
  QueueFollowUps(HttpClient http, URI queue, Authorization authorization, Clock clock) {
    this.http = http;
    this.queue = queue;
    this.authorization = authorization;
    this.clock = clock;
  }

  @Override
  public void schedule(byte[] event, Duration delay) {
    if (event.length > MAX_EVENT_BYTES) {
      throw new IllegalArgumentException(
          "the event is " + event.length + " bytes, more than a queue message holds");
    }
    long seconds = Math.max(0, Math.min(delay.toSeconds(), Duration.ofDays(7).toSeconds() - 1));
    URI messages = URI.create(queue + "/messages?visibilitytimeout=" + seconds);
    String date = RFC_1123.format(clock.instant());
    String body =
        "<QueueMessage><MessageText>"
            + Base64.getEncoder().encodeToString(event)
            + "</MessageText></QueueMessage>";
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(messages)
                  .timeout(Duration.ofSeconds(10))
                  .header("x-ms-date", date)
                  .header("x-ms-version", VERSION)
                  .header("Content-Type", "application/xml")
                  .header(
                      "Authorization", authorization.header(date, VERSION, messages.getRawPath()))
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException unreachable) {
      throw new IllegalStateException(
          "the confirmation queue could not be reached ("
              + unreachable.getClass().getSimpleName()
              + ")",
          unreachable);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while queueing the follow-up", interrupted);
    }
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "the confirmation queue refused the follow-up (HTTP "
              + response.statusCode()
              + (response.statusCode() == 403
                  ? "; the function's identity needs Storage Queue Data Message Sender on it)"
                  : ")"));
    }
  }
}
