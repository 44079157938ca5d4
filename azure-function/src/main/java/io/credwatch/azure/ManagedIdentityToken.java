package io.credwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.http.BearerRest;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens of the function app's managed identity from the App Service identity endpoint
 * ({@code IDENTITY_ENDPOINT} with the {@code X-IDENTITY-HEADER} secret), one per resource (Graph,
 * ARM), kept until five minutes before they expire. Never logged.
 */
final class ManagedIdentityToken {

  private record Cached(String token, Instant refreshAt) {}

  private static final ObjectMapper JSON = JsonLimits.defaultMapper();
  private final HttpClient http;
  private final String endpoint;
  private final String header;
  private final Clock clock;
  private final Map<String, Cached> tokens = new ConcurrentHashMap<>();

  ManagedIdentityToken(HttpClient http, Map<String, String> environment, Clock clock) {
    this.http = http;
    this.endpoint = environment.getOrDefault("IDENTITY_ENDPOINT", "").strip();
    this.header = environment.getOrDefault("IDENTITY_HEADER", "").strip();
    this.clock = clock;
  }

  /** A token for the resource, for example {@code https://graph.microsoft.com}. */
  String get(String resource) throws BearerRest.TokenUnavailable {
    Cached known = tokens.get(resource);
    if (known != null && clock.instant().isBefore(known.refreshAt())) {
      return known.token();
    }
    if (endpoint.isEmpty() || header.isEmpty()) {
      throw new BearerRest.TokenUnavailable(
          "no managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set (enable the"
              + " function app's system-assigned identity)");
    }
    URI uri =
        URI.create(
            endpoint
                + (endpoint.contains("?") ? "&" : "?")
                + "api-version=2019-08-01&resource="
                + URLEncoder.encode(resource, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("X-IDENTITY-HEADER", header)
                  .timeout(java.time.Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException failure) {
      throw new BearerRest.TokenUnavailable(
          "the identity endpoint did not answer (" + failure.getClass().getSimpleName() + ")");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BearerRest.TokenUnavailable("interrupted while asking the identity endpoint");
    }
    if (response.statusCode() != 200) {
      throw new BearerRest.TokenUnavailable(
          "the identity endpoint answered HTTP " + response.statusCode());
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException notJson) {
      throw new BearerRest.TokenUnavailable(
          "the identity endpoint answered something other than JSON");
    }
    String token = body.path("access_token").asText("");
    if (token.isEmpty()) {
      throw new BearerRest.TokenUnavailable("the identity endpoint gave no access_token");
    }
    long expiresOn = body.path("expires_on").asLong(clock.instant().getEpochSecond() + 600);
    tokens.put(resource, new Cached(token, Instant.ofEpochSecond(expiresOn).minusSeconds(300)));
    return token;
  }

  /**
   * The object id ({@code oid}) of the identity the token belongs to: the function's own service
   * principal, which remediation must never touch. Read from the token's payload, which is not
   * verified here: it comes straight from the platform's endpoint.
   */
  static Optional<String> objectId(String token) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return Optional.empty();
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      String oid = claims.path("oid").asText("");
      return oid.isEmpty() ? Optional.empty() : Optional.of(oid);
    } catch (IOException | IllegalArgumentException unreadable) {
      return Optional.empty();
    }
  }
}
