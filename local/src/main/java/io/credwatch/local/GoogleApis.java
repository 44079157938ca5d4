package io.credwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.credwatch.http.Loopback;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on 127.0.0.1 standing in for the Google REST APIs that have no emulator (IAM
 * service-account keys and workload identity, Storage HMAC keys, OS Login, API Keys) and for the
 * metadata server. It keeps resources by path in memory and answers as Google does: GET or 404, PUT
 * and PATCH merge the body (PATCH answers an operation, as IAM does), POST {@code :disable}
 * disables, DELETE removes the resource or, for API keys, stamps a deleteTime. {@link #refuse}
 * makes every API call answer an error status.
 */
public class GoogleApis implements AutoCloseable {
  /** The access token the metadata server hands out. */
  public static final String TOKEN = "ya29.stand-in";

  private static final ObjectMapper JSON = JsonLimits.defaultMapper();

  private final HttpServer server;
  private final Map<String, ObjectNode> resources = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<JsonNode> logEntries = new CopyOnWriteArrayList<>();
  private volatile int refusal;
  private final List<JsonNode> tasks = new CopyOnWriteArrayList<>();

  /** Per key id: the starts of the 10-minute samples in which it authenticated. */
  private final Map<String, List<java.time.Instant>> keyAuthentications = new ConcurrentHashMap<>();

  private final Map<String, java.time.Instant> lastAuthenticated = new ConcurrentHashMap<>();
  private volatile boolean monitoringDisabled;

  /**
   * Starts the stand-in.
   *
   * @param port the port of 127.0.0.1 (0: a free one)
   * @param ownAccount the service account the metadata server names as the function's own
   */
  public GoogleApis(int port, String ownAccount) throws IOException {
    server = Loopback.server(port);
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
                  ? ownAccount
                  : "{\"access_token\":\""
                      + TOKEN
                      + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        });
    server.createContext("/", this::api);
    server.start();
  }

  /** Every API call answers this status with a Google error body from now on. */
  public void refuse(int status) {
    refusal = status;
  }

  /** Creates (or replaces) the resource at that API path. */
  public void put(String path, String json) throws IOException {
    resources.put(path, (ObjectNode) JSON.readTree(json));
  }

  /**
   * Writes an audit entry (a LogEntry) to the Cloud Logging stand-in, as the cloud does for what
   * really happened: {@code entries.list} finds it by insertId and time, in its project.
   */
  public void logs(String entry) throws IOException {
    logEntries.add(JSON.readTree(entry));
  }

  /** Cloud Tasks tasks created so far (the createTask request bodies' {@code task}), in order. */
  public List<JsonNode> tasks() {
    return tasks;
  }

  /**
   * Records that a service-account key authenticated in the 10-minute sample starting then, as
   * Cloud Monitoring's {@code service_account/key/authn_events_count} shows it.
   */
  public void keyAuthenticated(String keyId, java.time.Instant sampleStart) {
    keyAuthentications.computeIfAbsent(keyId, id -> new CopyOnWriteArrayList<>()).add(sampleStart);
  }

  /** Answers Cloud Monitoring with 403, as a project without the API enabled does. */
  public void disableMonitoring() {
    monitoringDisabled = true;
  }

  /** Policy Analyzer's last authentication of the key with that full resource name. */
  public void keyLastAuthenticated(String fullResourceName, java.time.Instant at) {
    lastAuthenticated.put(fullResourceName, at);
  }

  /** Removes the resource at that path, as if someone else had deleted it. */
  public void delete(String path) {
    resources.remove(path);
  }

  /** True while a resource exists at that path. */
  public boolean exists(String path) {
    return resources.containsKey(path);
  }

  /** The resource at that path now, or an empty object. */
  public JsonNode resource(String path) {
    return resources.getOrDefault(path, JSON.createObjectNode());
  }

  /** Every API call so far: "METHOD path[?query] authorization [body]". */
  public List<String> calls() {
    return calls;
  }

  /** host:port, as GCE_METADATA_HOST takes it. */
  public String host() {
    return Loopback.base(server).getAuthority();
  }

  /** {@code http://127.0.0.1:PORT}: the base URL of every API here. */
  public URI endpoint() {
    return Loopback.base(server);
  }

  private void api(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(
        Loopback.requestLine(exchange)
            + " "
            + exchange.getRequestHeaders().getFirst("Authorization")
            + (body.isEmpty() ? "" : " " + body));
    int refused = refusal;
    if (refused != 0) {
      respond(
          exchange,
          refused,
          "{\"error\":{\"code\":" + refused + ",\"message\":\"refused by the stand-in\"}}");
      return;
    }
    if (method.equals("POST")
        && path.matches("/v2/projects/[^/]+/locations/[^/]+/queues/[^/]+/tasks")) {
      JsonNode task = JSON.readTree(body).path("task");
      tasks.add(task);
      respond(exchange, 200, "{\"name\":\"" + path + "/" + tasks.size() + "\"}");
      return;
    }
    if (method.equals("GET") && path.matches("/v3/projects/[^/]+/timeSeries")) {
      if (monitoringDisabled) {
        respond(
            exchange,
            403,
            "{\"error\":{\"code\":403,\"message\":\"Cloud Monitoring API has not been used in"
                + " project or it is disabled\",\"status\":\"PERMISSION_DENIED\"}}");
        return;
      }
      respond(exchange, 200, timeSeries(query(exchange)).toString());
      return;
    }
    if (method.equals("GET")
        && path.endsWith("/activityTypes/serviceAccountKeyLastAuthentication/activities:query")) {
      respond(exchange, 200, activities(query(exchange).getOrDefault("filter", "")).toString());
      return;
    }
    if (method.equals("POST") && path.equals("/v2/entries:list")) {
      respond(exchange, 200, listEntries(JSON.readTree(body)).toString());
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
          found.put("deleteTime", java.time.Instant.now().toString());
        } else if (path.contains("/providers/")) {
          // IAM keeps a deleted provider 30 days, for :undelete.
          found.put("state", "DELETED");
        } else {
          resources.remove(path);
        }
        respond(exchange, 200, "{}");
      }
      default -> respond(exchange, 405, "{}");
    }
  }

  private static final java.util.regex.Pattern FILTER =
      java.util.regex.Pattern.compile(
          "insertId=\"([^\"]*)\" AND timestamp>=\"([^\"]*)\" AND timestamp<=\"([^\"]*)\"");

  /**
   * Cloud Logging's entries.list, for the one filter CredWatch sends (insertId and a time range)
   * and the projects named in resourceNames; any other filter is a 400, as a typo would be.
   */
  private ObjectNode listEntries(JsonNode request) {
    ObjectNode response = JSON.createObjectNode();
    java.util.regex.Matcher filter = FILTER.matcher(request.path("filter").asText(""));
    if (!filter.matches()) {
      response.putObject("error").put("code", 400).put("message", "unsupported filter");
      return response;
    }
    java.time.Instant from = java.time.Instant.parse(filter.group(2));
    java.time.Instant to = java.time.Instant.parse(filter.group(3));
    com.fasterxml.jackson.databind.node.ArrayNode entries = response.putArray("entries");
    for (JsonNode entry : logEntries) {
      java.time.Instant at = java.time.Instant.parse(entry.path("timestamp").asText());
      boolean inProject = false;
      for (JsonNode resource : request.path("resourceNames")) {
        inProject |= entry.path("logName").asText().startsWith(resource.asText() + "/logs/");
      }
      if (inProject
          && entry.path("insertId").asText().equals(filter.group(1))
          && !at.isBefore(from)
          && !at.isAfter(to)) {
        entries.add(entry);
      }
    }
    return response;
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> parameters = new java.util.HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        parameters.put(
            java.net.URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private static final java.util.regex.Pattern KEY_FILTER =
      java.util.regex.Pattern.compile(
          "metric\\.type=\"iam\\.googleapis\\.com/service_account/key/authn_events_count\" AND"
              + " metric\\.labels\\.key_id=\"([0-9a-f]+)\"");

  /** timeSeries.list for the one filter CredWatch sends; newest point first, as Monitoring does. */
  private ObjectNode timeSeries(Map<String, String> query) {
    ObjectNode response = JSON.createObjectNode();
    java.util.regex.Matcher filter = KEY_FILTER.matcher(query.getOrDefault("filter", ""));
    if (!filter.matches()) {
      response.putObject("error").put("code", 400).put("message", "unsupported filter");
      return response;
    }
    java.time.Instant from = java.time.Instant.parse(query.get("interval.startTime"));
    java.time.Instant to = java.time.Instant.parse(query.get("interval.endTime"));
    List<java.time.Instant> samples =
        keyAuthentications.getOrDefault(filter.group(1), List.of()).stream()
            .filter(start -> !start.isBefore(from) && !start.isAfter(to))
            .sorted(java.util.Comparator.reverseOrder())
            .toList();
    if (samples.isEmpty()) {
      return response;
    }
    ObjectNode series = response.putArray("timeSeries").addObject();
    series
        .putObject("metric")
        .put("type", "iam.googleapis.com/service_account/key/authn_events_count")
        .putObject("labels")
        .put("key_id", filter.group(1));
    series.put("metricKind", "DELTA").put("valueType", "INT64");
    com.fasterxml.jackson.databind.node.ArrayNode points = series.putArray("points");
    for (java.time.Instant start : samples) {
      ObjectNode point = points.addObject();
      point
          .putObject("interval")
          .put("startTime", start.toString())
          .put("endTime", start.plusSeconds(600).toString());
      point.putObject("value").put("int64Value", "1");
    }
    return response;
  }

  /** Policy Analyzer's activities:query, by activities.fullResourceName. */
  private ObjectNode activities(String filter) {
    ObjectNode response = JSON.createObjectNode();
    com.fasterxml.jackson.databind.node.ArrayNode found = response.putArray("activities");
    lastAuthenticated.forEach(
        (resource, at) -> {
          if (filter.equals("activities.fullResourceName=\"" + resource + "\"")) {
            ObjectNode activity = found.addObject();
            activity.put("fullResourceName", resource);
            activity.put("activityType", "serviceAccountKeyLastAuthentication");
            activity.putObject("activity").put("lastAuthenticatedTime", at.toString());
          }
        });
    return response;
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    Loopback.respond(exchange, code, "application/json", body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
