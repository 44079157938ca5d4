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
import org.jspecify.annotations.Nullable;

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
  private final List<JsonNode> activityLog = new CopyOnWriteArrayList<>();
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

  /**
   * Writes the records of an Event Hubs body ({@code {"records":[...]}} from the Entra diagnostic
   * setting), or one directory audit as Graph lists it, to Entra's audit log, as Entra does for
   * what really happened: Graph's {@code auditLogs/directoryAudits/{id}} then answers each record's
   * {@code properties}, the directory audit it streamed.
   */
  public void audits(String eventHubsBody) throws IOException {
    JsonNode parsed = JSON.readTree(eventHubsBody);
    List<JsonNode> audits = new java.util.ArrayList<>();
    if (parsed.has("records")) {
      parsed.path("records").forEach(record -> audits.add(record.path("properties")));
    } else {
      audits.add(parsed); // already a directory audit, as Graph lists it
    }
    for (JsonNode audit : audits) {
      put("/v1.0/auditLogs/directoryAudits/" + audit.path("id").asText(), audit.toString());
    }
  }

  /**
   * Writes the operation of an ARM Event Grid event (either schema, alone or in an array) to the
   * subscription's Activity Log, as ARM does for what really happened: the Activity Log's {@code
   * eventtypes/management/values} then lists it, as an EventData of the REST API, by its
   * correlation id.
   */
  public void activity(String eventGridEvent) throws IOException {
    JsonNode parsed = JSON.readTree(eventGridEvent);
    for (JsonNode event : parsed.isArray() ? parsed : JSON.createArrayNode().add(parsed)) {
      activityLog.add(activityEntry(event));
    }
  }

  private static ObjectNode activityEntry(JsonNode event) {
    JsonNode data = event.path("data");
    ObjectNode entry = JSON.createObjectNode();
    entry.set("authorization", data.path("authorization"));
    entry.set("claims", data.path("claims"));
    entry.put("caller", data.path("claims").path("name").asText(""));
    entry.put("correlationId", data.path("correlationId").asText());
    entry.put("eventDataId", java.util.UUID.randomUUID().toString());
    entry.putObject("eventName").put("value", "EndRequest");
    entry.put(
        "eventTimestamp",
        event.has("eventTime") ? event.path("eventTime").asText() : event.path("time").asText());
    entry.set("httpRequest", data.path("httpRequest"));
    entry.put("level", "Informational");
    entry.putObject("operationName").put("value", data.path("operationName").asText());
    entry.put("resourceId", data.path("resourceUri").asText());
    entry.putObject("resourceProviderName").put("value", data.path("resourceProvider").asText());
    entry.putObject("status").put("value", data.path("status").asText());
    entry.put("subscriptionId", data.path("subscriptionId").asText());
    entry.put("tenantId", data.path("tenantId").asText());
    entry.set("properties", data.path("properties"));
    return entry;
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
    if (path.endsWith("/providers/Microsoft.Insights/eventtypes/management/values")
        && method.equals("GET")) {
      respond(exchange, 200, activityLogValues(path, exchange.getRequestURI().getQuery()));
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

  private static final java.util.regex.Pattern CORRELATION =
      java.util.regex.Pattern.compile("correlationId eq '([^']*)'");

  /** The Activity Log entries of the subscription in the path with the filter's correlation id. */
  private String activityLogValues(String path, @Nullable String query) {
    java.util.regex.Matcher correlation = CORRELATION.matcher(query == null ? "" : query);
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode values = answer.putArray("value");
    if (!correlation.find()) {
      return answer.toString();
    }
    for (JsonNode entry : activityLog) {
      if (path.startsWith("/subscriptions/" + entry.path("subscriptionId").asText() + "/")
          && entry.path("correlationId").asText().equals(correlation.group(1))) {
        values.add(entry);
      }
    }
    return answer.toString();
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
