package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.credwatch.http.BearerRest;
import io.credwatch.testing.Loopback;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on loopback standing in for Google REST APIs that have no emulator (Storage
 * HMAC keys, OS Login, IAM workload identity, API Keys) and for the metadata server. It keeps
 * resources by path in memory and answers like Google does: GET or 404, PUT and PATCH merge the
 * body (PATCH answers an operation, as IAM does), POST {@code :disable} disables, DELETE removes
 * the resource or, for API keys, stamps a deleteTime. {@link #refuse} makes every API call answer
 * an error status.
 */
final class GoogleApiStandIn implements AutoCloseable {
  static final String OWN_ACCOUNT = "credwatch-function@acme-sec.iam.gserviceaccount.com";

  /** The user-managed key of the shared service-account key sample, and its account. */
  static final String KEY = "3f8a1c6e9b2d4f7051a8c3e6b9d2f4a7c1e5b8d0";

  static final String ACCOUNT = "etl-runner@acme-prod-1.iam.gserviceaccount.com";

  /** The key's validAfterTime, as in the sample's response. */
  static final String CREATED = "2024-12-06T13:00:00Z";

  private static final String KEY_PATH =
      "/v1/projects/-/serviceAccounts/etl-runner%40acme-prod-1.iam.gserviceaccount.com/keys/" + KEY;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  final Map<String, ObjectNode> resources = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile int refusal;

  GoogleApiStandIn() throws IOException {
    server = Loopback.server();
    server.createContext(
        "/computeMetadata/v1/instance/service-accounts/default/",
        exchange -> {
          boolean flavoured =
              "Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"));
          boolean email = exchange.getRequestURI().getPath().endsWith("/email");
          respond(
              exchange,
              flavoured ? 200 : 403,
              email
                  ? OWN_ACCOUNT
                  : "{\"access_token\":\"ya29.test\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        });
    server.createContext("/", this::api);
    server.start();
  }

  /** A stand-in holding the sample's enabled service-account key. */
  static GoogleApiStandIn withServiceAccountKey() throws IOException {
    GoogleApiStandIn google = new GoogleApiStandIn();
    google.serviceAccountKey("USER_MANAGED");
    return google;
  }

  /** (Re)creates the sample's service-account key, enabled, of that type. */
  void serviceAccountKey(String keyType) throws IOException {
    put(
        KEY_PATH,
        "{\"name\":\"projects/acme-prod-1/serviceAccounts/"
            + ACCOUNT
            + "/keys/"
            + KEY
            + "\",\"validAfterTime\":\""
            + CREATED
            + "\",\"keyType\":\""
            + keyType
            + "\"}");
  }

  boolean keyDisabled() {
    return resource(KEY_PATH).path("disabled").asBoolean(false);
  }

  /** Every API call answers this status with a Google error body from now on. */
  void refuse(int status) {
    refusal = status;
  }

  void put(String path, String json) throws IOException {
    resources.put(path, (ObjectNode) JSON.readTree(json));
  }

  JsonNode resource(String path) {
    return resources.getOrDefault(path, JSON.createObjectNode());
  }

  /** host:port, as GCE_METADATA_HOST takes it. */
  String host() {
    return Loopback.base(server).getAuthority();
  }

  URI endpoint() {
    return Loopback.base(server);
  }

  /** A REST client for this stand-in's APIs, with a metadata-server token from it. */
  BearerRest rest() {
    HttpClient http = HttpClient.newHttpClient();
    MetadataToken token =
        new MetadataToken(http, Map.of("GCE_METADATA_HOST", host()), Clock.systemUTC());
    return new BearerRest(http, token::get, endpoint());
  }

  private void api(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(
        method
            + " "
            + path
            + (query == null ? "" : "?" + query)
            + " "
            + exchange.getRequestHeaders().getFirst("Authorization")
            + (body.isEmpty() ? "" : " " + body));
    int refused = refusal;
    if (refused != 0) {
      respond(
          exchange,
          refused,
          "{\"error\":{\"code\":" + refused + ",\"message\":\"refused for this test\"}}");
      return;
    }
    // IAM's custom verbs (POST name:disable) act on the resource before the colon.
    int verb = path.lastIndexOf(':');
    ObjectNode found = resources.get(verb > 0 ? path.substring(0, verb) : path);
    if (found == null) {
      respond(
          exchange,
          404,
          "{\"error\":{\"code\":404,\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}");
      return;
    }
    switch (method) {
      case "GET" -> respond(exchange, 200, found.toString());
      case "POST" -> {
        if (path.endsWith(":disable")) {
          found.put("disabled", true);
        }
        respond(exchange, 200, "{}");
      }
      case "PUT" -> {
        found.setAll((ObjectNode) JSON.readTree(body));
        respond(exchange, 200, found.toString());
      }
      case "PATCH" -> {
        found.setAll((ObjectNode) JSON.readTree(body));
        respond(exchange, 200, "{\"name\":\"" + path + "/operations/op1\",\"done\":true}");
      }
      case "DELETE" -> {
        if (path.startsWith("/v2/")) {
          found.put("deleteTime", "2024-12-20T00:00:00Z");
        } else {
          resources.remove(path);
        }
        respond(exchange, 200, "{}");
      }
      default -> respond(exchange, 405, "{}");
    }
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    Loopback.respond(exchange, code, "application/json", body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
