package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Google REST calls with the JDK HTTP client and a metadata-server token: the few calls CredWatch
 * makes do not justify the gRPC client stack (about 50 MiB).
 */
final class GoogleRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A call answered with an error status. */
  static final class CallFailed extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    CallFailed(int status, String message) {
      super(message);
      this.status = status;
    }

    boolean retryable() {
      return status == 429 || status >= 500 || status == 0;
    }
  }

  private final HttpClient http;
  private final MetadataToken token;

  GoogleRest(HttpClient http, MetadataToken token) {
    this.http = http;
    this.token = token;
  }

  JsonNode get(URI uri) throws CallFailed {
    return call(HttpRequest.newBuilder(uri).GET());
  }

  JsonNode post(URI uri, String json) throws CallFailed {
    return withBody(uri, "POST", json);
  }

  /** The resource, or empty when Google answers 404. */
  Optional<JsonNode> getIfExists(URI uri) throws CallFailed {
    try {
      return Optional.of(get(uri));
    } catch (CallFailed failed) {
      if (failed.status == 404) {
        return Optional.empty();
      }
      throw failed;
    }
  }

  JsonNode put(URI uri, String json) throws CallFailed {
    return withBody(uri, "PUT", json);
  }

  JsonNode patch(URI uri, String json) throws CallFailed {
    return withBody(uri, "PATCH", json);
  }

  JsonNode delete(URI uri) throws CallFailed {
    return call(HttpRequest.newBuilder(uri).DELETE());
  }

  private JsonNode withBody(URI uri, String method, String json) throws CallFailed {
    return call(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  /** One path segment, percent-encoded: ids from events never reach a URL as path syntax. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode call(HttpRequest.Builder request) throws CallFailed {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token.get())
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException failure) {
      throw new CallFailed(0, "no answer (" + failure.getClass().getSimpleName() + ")");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new CallFailed(0, "interrupted");
    } catch (MetadataToken.Unavailable noToken) {
      throw new CallFailed(0, String.valueOf(noToken.getMessage()));
    }
    int status = response.statusCode();
    JsonNode body;
    try {
      body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException notJson) {
      body = JSON.createObjectNode();
    }
    if (status / 100 != 2) {
      String message = body.path("error").path("message").asText("");
      String reason = body.path("error").path("status").asText("");
      throw new CallFailed(
          status,
          "HTTP "
              + status
              + (reason.isEmpty() ? "" : " " + reason)
              + (message.isEmpty()
                  ? ""
                  : ": " + io.credwatch.alert.UntrustedText.plain(message, 200)));
    }
    return body;
  }
}
