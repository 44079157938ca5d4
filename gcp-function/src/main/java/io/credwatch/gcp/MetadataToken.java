package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.http.BearerRest;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An access token of the function's service account from the metadata server (honouring {@code
 * GCE_METADATA_HOST}, as Google's libraries do), kept until a minute before it expires. Never
 * logged.
 */
final class MetadataToken {

  private static final ObjectMapper JSON = JsonLimits.defaultMapper();
  private final HttpClient http;
  private final URI uri;
  private final Clock clock;
  private @Nullable String token;
  private Instant refreshAt = Instant.EPOCH;

  MetadataToken(HttpClient http, Map<String, String> environment, Clock clock) {
    this.http = http;
    String host = environment.getOrDefault("GCE_METADATA_HOST", "").strip();
    this.uri =
        URI.create(
            "http://"
                + (host.isEmpty() ? "metadata.google.internal" : host)
                + "/computeMetadata/v1/instance/service-accounts/default/token");
    this.clock = clock;
  }

  /**
   * The email of the function's own service account, which remediation must never touch; empty when
   * the metadata server does not say (then CREDWATCH_PROTECTED should name it).
   */
  Optional<String> serviceAccountEmail() {
    try {
      HttpResponse<String> response = ask(uri.resolve("email"), Duration.ofSeconds(2));
      String body = response.body().strip();
      return response.statusCode() == 200 && body.contains("@")
          ? Optional.of(body)
          : Optional.empty();
    } catch (IOException failure) {
      return Optional.empty();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private HttpResponse<String> ask(URI what, Duration timeout)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(what)
            .header("Metadata-Flavor", "Google")
            .timeout(timeout)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  synchronized String get() throws BearerRest.TokenUnavailable {
    String known = token;
    if (known != null && clock.instant().isBefore(refreshAt)) {
      return known;
    }
    try {
      HttpResponse<String> response = ask(uri, Duration.ofSeconds(5));
      if (response.statusCode() != 200) {
        throw new BearerRest.TokenUnavailable(
            "the metadata server answered HTTP " + response.statusCode());
      }
      JsonNode body = JSON.readTree(response.body());
      String fresh = body.path("access_token").asText("");
      if (fresh.isEmpty()) {
        throw new BearerRest.TokenUnavailable("the metadata server gave no access_token");
      }
      long seconds = body.path("expires_in").asLong(300);
      token = fresh;
      refreshAt = clock.instant().plusSeconds(Math.max(0, seconds - 60));
      return fresh;
    } catch (IOException failure) {
      throw new BearerRest.TokenUnavailable(
          "the metadata server did not answer (" + failure.getClass().getSimpleName() + ")");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BearerRest.TokenUnavailable("interrupted while asking the metadata server");
    }
  }
}
