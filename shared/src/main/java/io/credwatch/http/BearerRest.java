package io.credwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.alert.UntrustedText;
import io.credwatch.json.JsonLimits;
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
 * JSON calls to one cloud REST API (Google IAM, Storage, Pub/Sub; Microsoft Graph; Azure Resource
 * Manager) over the JDK HTTP client with a bearer token: the few calls CredWatch makes do not
 * justify a cloud SDK and its HTTP stack. Errors keep the API's own code and message, made safe to
 * show, and its Retry-After; the token is never logged.
 */
public final class BearerRest {
  private static final ObjectMapper JSON = JsonLimits.defaultMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** Where tokens come from: a metadata server, a managed-identity endpoint... */
  @FunctionalInterface
  public interface Token {
    String get() throws TokenUnavailable;
  }

  /** No token could be had. */
  public static final class TokenUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public TokenUnavailable(String message) {
      super(message);
    }
  }

  /** A call answered with an error status (0: no answer at all). */
  public static final class CallFailed extends Exception {
    private static final long serialVersionUID = 1L;
    public final int status;

    public CallFailed(int status, String message) {
      super(message);
      this.status = status;
    }

    public boolean retryable() {
      return status == 429 || status >= 500 || status == 0;
    }
  }

  private final HttpClient http;
  private final Token token;
  private final String base;

  /**
   * @param base the API's base URL (a stand-in in tests), without a trailing slash needed
   */
  /**
   * The HTTP client every function calls its cloud's APIs with: a short connect timeout, and no
   * redirects (a token must never follow one to another host).
   */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(java.time.Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public BearerRest(HttpClient http, Token token, URI base) {
    this.http = http;
    this.token = token;
    this.base = base.toString().replaceAll("/+$", "");
  }

  /** A URL under the base URL; the path's variable parts must be {@link #segment}s. */
  public URI uri(String path) {
    return URI.create(base + path);
  }

  /** One path segment, percent-encoded: ids from events never reach a URL as path syntax. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonNode get(URI uri) throws CallFailed {
    return call(HttpRequest.newBuilder(uri).GET());
  }

  /** The resource, or empty when the API answers 404. */
  public Optional<JsonNode> getIfExists(URI uri) throws CallFailed {
    try {
      return Optional.of(get(uri));
    } catch (CallFailed failed) {
      if (failed.status == 404) {
        return Optional.empty();
      }
      throw failed;
    }
  }

  public JsonNode post(URI uri, String json) throws CallFailed {
    return withBody(uri, "POST", json);
  }

  public JsonNode put(URI uri, String json) throws CallFailed {
    return withBody(uri, "PUT", json);
  }

  public JsonNode patch(URI uri, String json) throws CallFailed {
    return withBody(uri, "PATCH", json);
  }

  public JsonNode delete(URI uri) throws CallFailed {
    return call(HttpRequest.newBuilder(uri).DELETE());
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
                  .timeout(CALL_TIMEOUT)
                  .header("Authorization", "Bearer " + token.get())
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException failure) {
      throw new CallFailed(0, "no answer (" + failure.getClass().getSimpleName() + ")");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new CallFailed(0, "interrupted");
    } catch (TokenUnavailable noToken) {
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
      throw new CallFailed(status, describe(status, body, response));
    }
    return body;
  }

  /**
   * "HTTP 403 PERMISSION_DENIED: the API's message (Retry-After 3)", from Google's or Azure's
   * error.
   */
  private static String describe(int status, JsonNode body, HttpResponse<String> response) {
    JsonNode error = body.path("error");
    // Google puts the reason in error.status; Graph and ARM in error.code.
    String reason = error.path("status").asText(error.path("code").asText(""));
    String message = error.path("message").asText("");
    String retryAfter = response.headers().firstValue("Retry-After").orElse("");
    return "HTTP "
        + status
        + (reason.isEmpty() ? "" : " " + UntrustedText.plain(reason, 80))
        + (message.isEmpty() ? "" : ": " + UntrustedText.plain(message, 200))
        + (retryAfter.isEmpty()
            ? ""
            : " (Retry-After " + UntrustedText.plain(retryAfter, 20) + ")");
  }
}
