package io.credwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.credwatch.http.Loopback;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on 127.0.0.1 standing in for what the Azure functions call (no emulator exists
 * for any of it): the App Service managed-identity endpoint, Microsoft Graph, Azure Resource
 * Manager and a Teams Workflows webhook. Graph and ARM objects live in memory by path and behave as
 * the real APIs do for the calls CredWatch makes: GET (or 404), {@code removePassword}, PATCH,
 * DELETE, owners and their {@code $ref}. {@link #refuse} makes every Graph and ARM call fail;
 * {@link #teamsAnswers} scripts the webhook's answers.
 */
public class AzureApis implements AutoCloseable {
  /** The webhook's path; any path below it is accepted too. */
  public static final String WEBHOOK_PATH = "/webhook";

  /** What the webhook's 429 answers ask for. */
  public static final int RETRY_AFTER_SECONDS = 3;

  private static final ObjectMapper JSON = JsonLimits.defaultMapper();

  private final HttpServer server;
  private final String identityHeader;
  private final String ownObjectId;
  private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<JsonNode> teamsPosts = new CopyOnWriteArrayList<>();
  private final Deque<Integer> teamsAnswers = new ArrayDeque<>();
  private volatile int teamsDefault = 202;
  private volatile int refusal;

  /**
   * Starts the stand-in.
   *
   * @param port the port of 127.0.0.1 (0: a free one)
   * @param identityHeader the secret the identity endpoint expects in X-IDENTITY-HEADER
   * @param ownObjectId the function app's own service principal: the oid of the tokens issued
   */
  public AzureApis(int port, String identityHeader, String ownObjectId) throws IOException {
    this.identityHeader = identityHeader;
    this.ownObjectId = ownObjectId;
    server = Loopback.server(port);
    server.createContext("/msi/token", this::token);
    server.createContext(WEBHOOK_PATH, this::teams);
    server.createContext("/", this::api);
    server.start();
  }

  public URI endpoint() {
    return Loopback.base(server);
  }

  /** The environment of a function app using this stand-in for everything. */
  public Map<String, String> environment() {
    return Map.of(
        "IDENTITY_ENDPOINT",
        endpoint() + "/msi/token",
        "IDENTITY_HEADER",
        identityHeader,
        "CREDWATCH_GRAPH_ENDPOINT",
        endpoint().toString(),
        "CREDWATCH_ARM_ENDPOINT",
        endpoint().toString(),
        "CREDWATCH_TEAMS_WEBHOOK_URL",
        endpoint() + WEBHOOK_PATH + "/workflows/credwatch");
  }

  /** Creates (or replaces) the Graph or ARM object at that path. */
  public void put(String path, String json) throws IOException {
    objects.put(path, (ObjectNode) JSON.readTree(json));
  }

  /** The object at that path now, or an empty object. */
  public JsonNode object(String path) {
    return objects.getOrDefault(path, JSON.createObjectNode());
  }

  /** True while an object exists at that path. */
  public boolean exists(String path) {
    return objects.containsKey(path);
  }

  /** Every Graph and ARM call so far: "METHOD path[?query] [body]". */
  public List<String> calls() {
    return calls;
  }

  /** Every message posted to the webhook so far. */
  public List<JsonNode> teamsPosts() {
    return teamsPosts;
  }

  /** Every Graph and ARM call answers this status from now on. */
  public void refuse(int status) {
    refusal = status;
  }

  /** The webhook's next answers, then {@code otherwise} for every later post. */
  public synchronized void teamsAnswers(int otherwise, Integer... next) {
    teamsAnswers.clear();
    teamsAnswers.addAll(List.of(next));
    teamsDefault = otherwise;
  }

  /** The Graph and ARM calls that change something. */
  public long writes() {
    return calls.stream().filter(call -> !call.startsWith("GET ")).count();
  }

  private void token(HttpExchange exchange) throws IOException {
    if (!identityHeader.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))) {
      respond(exchange, 401, "{\"error\":\"missing X-IDENTITY-HEADER\"}");
      return;
    }
    String claims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("{\"oid\":\"" + ownObjectId + "\"}").getBytes(StandardCharsets.UTF_8));
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
    calls.add(Loopback.requestLine(exchange) + (body.isEmpty() ? "" : " " + body));
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer eyJ")) {
      respond(exchange, 401, error("InvalidAuthenticationToken"));
      return;
    }
    if (refusal != 0) {
      respond(exchange, refusal, error("Refused by the stand-in"));
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
    return "{\"error\":{\"code\":\"StandIn\",\"message\":\"" + message + "\"}}";
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    Loopback.respond(exchange, code, "application/json", body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
