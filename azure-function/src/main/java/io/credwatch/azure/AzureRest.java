package io.credwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.alert.UntrustedText;
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
 * Microsoft Graph or Azure Resource Manager calls over the JDK HTTP client with a managed-identity
 * token for that API: a handful of calls do not justify the Azure SDK and its Netty stack.
 */
final class AzureRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A call answered with an error status (0: no answer at all). */
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
  private final ManagedIdentityToken tokens;
  private final URI base;
  private final String resource;

  /**
   * @param base the API's base URL (a stand-in in tests)
   * @param resource the token audience, for example {@code https://graph.microsoft.com}
   */
  AzureRest(HttpClient http, ManagedIdentityToken tokens, URI base, String resource) {
    this.http = http;
    this.tokens = tokens;
    this.base = base;
    this.resource = resource;
  }

  /** The URL of a path under the base URL; the path's variable parts must be {@link #segment}s. */
  URI uri(String path) {
    return URI.create(base.toString().replaceAll("/+$", "") + path);
  }

  JsonNode get(URI uri) throws CallFailed {
    return call(HttpRequest.newBuilder(uri).GET());
  }

  /** The resource, or empty when the API answers 404. */
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

  JsonNode post(URI uri, String json) throws CallFailed {
    return withBody(uri, "POST", json);
  }

  JsonNode patch(URI uri, String json) throws CallFailed {
    return withBody(uri, "PATCH", json);
  }

  JsonNode delete(URI uri) throws CallFailed {
    return call(HttpRequest.newBuilder(uri).DELETE());
  }

  /** One path segment, percent-encoded: ids from events never reach a URL as path syntax. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode withBody(URI uri, String method, String json) throws CallFailed {
    return call(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  private JsonNode call(HttpRequest.Builder request) throws CallFailed {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + tokens.get(resource))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException failure) {
      throw new CallFailed(0, "no answer (" + failure.getClass().getSimpleName() + ")");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new CallFailed(0, "interrupted");
    } catch (ManagedIdentityToken.Unavailable noToken) {
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
      String code = body.path("error").path("code").asText("");
      String message = body.path("error").path("message").asText("");
      String retryAfter = response.headers().firstValue("Retry-After").orElse("");
      throw new CallFailed(
          status,
          "HTTP "
              + status
              + (code.isEmpty() ? "" : " " + UntrustedText.plain(code, 80))
              + (message.isEmpty() ? "" : ": " + UntrustedText.plain(message, 200))
              + (retryAfter.isEmpty()
                  ? ""
                  : " (Retry-After " + UntrustedText.plain(retryAfter, 20) + ")"));
    }
    return body;
  }
}
