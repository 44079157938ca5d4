package io.credwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.json.JsonLimits;
import io.credwatch.respond.ActionLedger;
import io.credwatch.respond.BreakerSlots;
import io.credwatch.respond.KeyUseWatch;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The action ledger in an Azure Table (the template's {@code credwatchstate}), over the Table REST
 * API with the function's Entra token for Storage. One partition; an alert's entity is {@code
 * alert-<id>}; the circuit breaker's slots are entities inserted only if absent ({@link
 * BreakerSlots}).
 *
 * <p>Tables have no TTL of their own: every entity carries {@code expires}, and the invocation that
 * opens an hour's window deletes the entities past it, so the table holds at most a few weeks.
 */
final class TableActionLedger implements ActionLedger, KeyUseWatch.Store {
  private static final ObjectMapper JSON = JsonLimits.defaultMapper();
  private static final String PARTITION = "credwatch";
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  /** How a request is authorized: the function's Entra token, or a shared key (Azurite). */
  @FunctionalInterface
  interface Authorization {
    /**
     * The Authorization header value.
     *
     * @param date the request's x-ms-date
     * @param path the request URI's path, as sent
     */
    String header(String date, String path) throws IOException;
  }

  private final HttpClient http;
  private final URI endpoint;
  private final String table;
  private final Authorization authorization;
  private final int maxPerWindow;

  /**
   * @param endpoint the Table service, {@code https://ACCOUNT.table.core.windows.net} (Azurite:
   *     {@code http://127.0.0.1:PORT/devstoreaccount1})
   */
  TableActionLedger(
      HttpClient http, URI endpoint, String table, Authorization authorization, int maxPerWindow) {
    this.http = http;
    this.endpoint = endpoint;
    this.table = table;
    this.authorization = authorization;
    this.maxPerWindow = maxPerWindow;
  }

  @Override
  public Optional<Entry> previous(String alertId) {
    HttpResponse<String> response = send("GET", entity("alert-" + alertId), null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode entity = body(response, 200, "read");
    if (!entity.hasNonNull("outcome") || !entity.hasNonNull("at")) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            entity.path("outcome").asText(),
            Instant.parse(entity.path("at").asText()),
            entity.path("alertSent").asBoolean(false)));
  }

  @Override
  public void record(String alertId, Entry entry) {
    ObjectNode entity = JSON.createObjectNode();
    entity.put("outcome", entry.outcome());
    entity.put("at", entry.at().toString());
    entity.put("alertSent", entry.alertSent());
    entity.put("expires", entry.at().plus(RETENTION).toString());
    // Insert Or Replace.
    body(send("PUT", entity("alert-" + alertId), entity), 204, "write");
  }

  /** A watched key: {@code watch-<key id>}, holding the alerted event, expiring with the watch. */
  @Override
  public void remember(String keyId, byte[] oneEvent, Instant expires) {
    ObjectNode entity = JSON.createObjectNode();
    entity.put("event", new String(oneEvent, StandardCharsets.UTF_8));
    entity.put("expires", expires.toString());
    body(send("PUT", entity("watch-" + keyId), entity), 204, "write");
  }

  /**
   * Read, then deleted: of two invocations that read it, only the one whose delete lands has it.
   */
  @Override
  public Optional<byte[]> take(String keyId) {
    HttpResponse<String> found = send("GET", entity("watch-" + keyId), null);
    if (found.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode entity = body(found, 200, "read");
    HttpResponse<String> deleted = send("DELETE", entity("watch-" + keyId), null);
    if (deleted.statusCode() == 404) {
      return Optional.empty();
    }
    body(deleted, 204, "delete a watch of");
    String event = entity.path("event").asText("");
    return event.isEmpty() ? Optional.empty() : Optional.of(event.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Budget take(Instant now) {
    BreakerSlots.Taken taken = BreakerSlots.take(slots, now, maxPerWindow);
    if (taken.openedWindow()) {
      deleteExpired(now);
    }
    return taken.budget();
  }

  private final BreakerSlots.Store<RuntimeException> slots =
      new BreakerSlots.Store<>() {
        @Override
        public boolean exists(String id) {
          return send("GET", entity(id), null).statusCode() == 200;
        }

        @Override
        public boolean createIfAbsent(String id, Instant expires) {
          return insert(id, expires);
        }
      };

  @Override
  public String limit() {
    return ActionLedger.hourly(maxPerWindow);
  }

  /** Inserts an entity only if absent: false when another invocation holds it. */
  private boolean insert(String rowKey, Instant expires) {
    ObjectNode entity = JSON.createObjectNode();
    entity.put("PartitionKey", PARTITION);
    entity.put("RowKey", rowKey);
    entity.put("expires", expires.toString());
    HttpResponse<String> response = send("POST", endpoint.resolve(path() + "/" + table), entity);
    if (response.statusCode() == 409) {
      return false;
    }
    body(response, 204, "write");
    return true;
  }

  /** The TTL: entities past their {@code expires}, deleted at most once an hour. */
  private void deleteExpired(Instant now) {
    String filter =
        URLEncoder.encode(
                "PartitionKey eq '" + PARTITION + "' and expires lt '" + now + "'",
                StandardCharsets.UTF_8)
            .replace("+", "%20");
    URI query =
        URI.create(endpoint + "/" + table + "()?$filter=" + filter + "&$select=RowKey&$top=100");
    JsonNode found = body(send("GET", query, null), 200, "list expired entries of");
    for (JsonNode expired : found.path("value")) {
      HttpResponse<String> deleted = send("DELETE", entity(expired.path("RowKey").asText()), null);
      if (deleted.statusCode() != 204 && deleted.statusCode() != 404) {
        body(deleted, 204, "delete an expired entry of");
      }
    }
  }

  private String path() {
    String path = endpoint.getRawPath();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private URI entity(String rowKey) {
    return URI.create(
        endpoint
            + "/"
            + table
            + "(PartitionKey='"
            + PARTITION
            + "',RowKey='"
            + URLEncoder.encode(rowKey, StandardCharsets.UTF_8)
            + "')");
  }

  private HttpResponse<String> send(String method, URI uri, @Nullable JsonNode json) {
    String date = RFC_1123.format(Instant.now());
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(10))
              .header("x-ms-date", date)
              .header("x-ms-version", "2020-12-06")
              .header("DataServiceVersion", "3.0;NetFx")
              .header("MaxDataServiceVersion", "3.0;NetFx")
              .header("Accept", "application/json;odata=nometadata")
              .header("Authorization", authorization.header(date, uri.getRawPath()));
      if (method.equals("DELETE")) {
        // Delete Entity needs an ETag condition; * deletes whatever version is there.
        request.header("If-Match", "*");
      }
      if (json == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .header("Prefer", "return-no-content")
            .method(method, HttpRequest.BodyPublishers.ofString(json.toString()));
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException unreachable) {
      throw new IllegalStateException(
          "Azure Table " + table + ": " + unreachable.getMessage(), unreachable);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling Azure Table " + table, interrupted);
    }
  }

  private JsonNode body(HttpResponse<String> response, int expected, String doing) {
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          "could not "
              + doing
              + " Azure Table "
              + table
              + ": HTTP "
              + response.statusCode()
              + " "
              + io.credwatch.alert.UntrustedText.plain(response.body(), 300));
    }
    try {
      return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException notJson) {
      throw new IllegalStateException("Azure Table " + table + " answered no JSON", notJson);
    }
  }
}
