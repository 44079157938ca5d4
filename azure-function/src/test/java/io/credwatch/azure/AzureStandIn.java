package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on loopback standing in for what the Azure functions call (no emulator exists
 * for any of it): the App Service managed-identity endpoint, Microsoft Graph, Azure Resource
 * Manager and a Teams Workflows webhook. Graph and ARM objects live in memory by path and behave as
 * the real APIs do for the calls CredWatch makes: GET (or 404), {@code removePassword}, PATCH,
 * DELETE, owners and their {@code $ref}. {@link #refuse} makes every Graph and ARM call fail;
 * {@link #teamsAnswers} scripts the webhook's answers.
 */
final class AzureStandIn implements AutoCloseable {
  static final String IDENTITY_HEADER = "test-identity-header";

  /** What the webhook's 429 answers ask for. */
  static final int RETRY_AFTER_SECONDS = 3;

  /** The function app's own service principal, as the oid of the tokens this stand-in issues. */
  static final String OWN_OBJECT_ID = "0f0e0d0c-0b0a-4909-8807-060504030201";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<JsonNode> teamsPosts = new CopyOnWriteArrayList<>();
  private final Deque<Integer> teamsAnswers = new ArrayDeque<>();
  private volatile int teamsDefault = 202;
  private volatile int refusal;

  AzureStandIn() throws IOException {
    server = Loopback.server();
    server.createContext("/msi/token", this::token);
    server.createContext("/webhook", this::teams);
    server.createContext("/", this::api);
    server.start();
  }

  URI endpoint() {
    return Loopback.base(server);
  }

  /** The environment of a function app using this stand-in for everything. */
  Map<String, String> environment() {
    return Map.of(
        "IDENTITY_ENDPOINT",
        endpoint() + "/msi/token",
        "IDENTITY_HEADER",
        IDENTITY_HEADER,
        "CREDWATCH_GRAPH_ENDPOINT",
        endpoint().toString(),
        "CREDWATCH_ARM_ENDPOINT",
        endpoint().toString(),
        "CREDWATCH_TEAMS_WEBHOOK_URL",
        endpoint() + "/webhook/workflows/credwatch");
  }

  /** A REST client for this stand-in's Graph and ARM, with a managed-identity token from it. */
  BearerRest rest() {
    HttpClient http = HttpClient.newHttpClient();
    ManagedIdentityToken tokens = new ManagedIdentityToken(http, environment(), Clock.systemUTC());
    return new BearerRest(http, () -> tokens.get(AzureFunctionCore.GRAPH_RESOURCE), endpoint());
  }

  void put(String path, String json) throws IOException {
    objects.put(path, (ObjectNode) JSON.readTree(json));
  }

  JsonNode object(String path) {
    return objects.getOrDefault(path, JSON.createObjectNode());
  }

  /** Every Graph and ARM call answers this status from now on. */
  void refuse(int status) {
    refusal = status;
  }

  /** The webhook's next answers, then {@code otherwise} for every later post. */
  synchronized void teamsAnswers(int otherwise, Integer... next) {
    teamsAnswers.clear();
    teamsAnswers.addAll(List.of(next));
    teamsDefault = otherwise;
  }

  /**
   * The text of a posted Teams card as Teams shows it: Markdown escapes (a backslash before the
   * character) removed.
   */
  static String cardText(JsonNode post) {
    assertThat(post.path("type").asText()).isEqualTo("message");
    JsonNode attachment = post.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    return attachment.path("content").toString().replaceAll("\\\\\\\\(.)", "$1");
  }

  /** The text of the last card posted to the webhook. */
  String lastCardText() {
    assertThat(teamsPosts).isNotEmpty();
    return cardText(teamsPosts.get(teamsPosts.size() - 1));
  }

  long writes() {
    return calls.stream().filter(call -> !call.startsWith("GET ")).count();
  }

  private void token(HttpExchange exchange) throws IOException {
    if (!IDENTITY_HEADER.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))) {
      respond(exchange, 401, "{\"error\":\"missing X-IDENTITY-HEADER\"}");
      return;
    }
    String claims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"oid\":\"" + OWN_OBJECT_ID + "\"}").getBytes(StandardCharsets.UTF_8));
    long expiresOn = System.currentTimeMillis() / 1000 + 3600;
    respond(
        exchange,
        200,
        "{\"access_token\":\"eyJhbGciOiJub25lIn0."
            + claims
            + ".\",\"expires_on\":\""
            + expiresOn
            + "\",\"token_type\":\"Bearer\"}");
  }

  private synchronized void teams(HttpExchange exchange) throws IOException {
    teamsPosts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
    Integer next = teamsAnswers.poll();
    int status = next == null ? teamsDefault : next;
    if (status == 429) {
      exchange.getResponseHeaders().add("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    }
    respond(exchange, status, status == 202 ? "" : "{\"error\":\"scripted\"}");
  }

  private void api(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(
        method
            + " "
            + exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + exchange.getRequestURI().getRawQuery())
            + (body.isEmpty() ? "" : " " + body));
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer eyJ")) {
      respond(exchange, 401, error("InvalidAuthenticationToken"));
      return;
    }
    if (refusal != 0) {
      respond(exchange, refusal, error("Refused for this test"));
      return;
    }
    if (path.endsWith("/removePassword") && method.equals("POST")) {
      ObjectNode owner = objects.get(path.substring(0, path.length() - "/removePassword".length()));
      String keyId = JSON.readTree(body).path("keyId").asText();
      if (owner == null || !remove((ArrayNode) owner.path("passwordCredentials"), keyId)) {
        respond(exchange, 404, error("No password credential found with keyId " + keyId));
      } else {
        respond(exchange, 204, "");
      }
      return;
    }
    if (path.endsWith("/$ref") && method.equals("DELETE")) {
      String owners = path.substring(0, path.lastIndexOf("/", path.length() - 6));
      String ownerId = path.substring(owners.length() + 1, path.length() - 5);
      ObjectNode list = objects.get(owners);
      if (list == null || !remove((ArrayNode) list.path("value"), ownerId)) {
        respond(exchange, 404, error("owner not found"));
      } else {
        respond(exchange, 204, "");
      }
      return;
    }
    ObjectNode found = objects.get(path);
    if (found == null) {
      respond(exchange, 404, error("Resource not found"));
      return;
    }
    switch (method) {
      case "GET" -> respond(exchange, 200, found.toString());
      case "PATCH" -> {
        found.setAll((ObjectNode) JSON.readTree(body));
        respond(exchange, 204, "");
      }
      case "DELETE" -> {
        objects.remove(path);
        respond(exchange, path.contains("/providers/") ? 200 : 204, "");
      }
      default -> respond(exchange, 405, error("method"));
    }
  }

  private static boolean remove(ArrayNode list, String id) {
    for (Iterator<JsonNode> items = list.iterator(); items.hasNext(); ) {
      JsonNode item = items.next();
      if (item.path("keyId").asText(item.path("id").asText()).equalsIgnoreCase(id)) {
        items.remove();
        return true;
      }
    }
    return false;
  }

  private static String error(String message) {
    return "{\"error\":{\"code\":\"Test\",\"message\":\"" + message + "\"}}";
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    Loopback.respond(exchange, code, "application/json", body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
