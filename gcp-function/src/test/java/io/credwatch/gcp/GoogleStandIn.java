package io.credwatch.gcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on loopback standing in for the metadata server and the IAM API (no IAM
 * emulator exists): one user-managed key of one service account, which can be disabled.
 */
final class GoogleStandIn implements AutoCloseable {
  static final String KEY = "3f8a1c6e9b2d4f7051a8c3e6b9d2f4a7c1e5b8d0";
  static final String ACCOUNT = "etl-runner@acme-prod-1.iam.gserviceaccount.com";

  /** The key's validAfterTime, as in the shared sample's response. */
  static final String CREATED = "2024-12-06T13:00:00Z";

  private final HttpServer server;
  volatile boolean disabled;
  volatile String keyType = "USER_MANAGED";
  volatile int status = 200;
  final List<String> calls = new CopyOnWriteArrayList<>();

  GoogleStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/computeMetadata/v1/instance/service-accounts/default/token",
        exchange -> {
          boolean flavoured =
              "Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"));
          respond(
              exchange,
              flavoured ? 200 : 403,
              "{\"access_token\":\"ya29.test\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        });
    server.createContext(
        "/v1/projects/-/serviceAccounts/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          calls.add(
              exchange.getRequestMethod()
                  + " "
                  + path
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          if (status != 200) {
            respond(
                exchange,
                status,
                "{\"error\":{\"code\":"
                    + status
                    + ",\"message\":\"refused for this test\",\"status\":\"PERMISSION_DENIED\"}}");
          } else if (!path.contains("/keys/" + KEY)) {
            respond(
                exchange,
                404,
                "{\"error\":{\"code\":404,\"message\":\"Service account key not found\",\"status\":\"NOT_FOUND\"}}");
          } else if (path.endsWith(":disable")) {
            disabled = true;
            respond(exchange, 200, "{}");
          } else {
            respond(
                exchange,
                200,
                "{\"name\":\"projects/acme-prod-1/serviceAccounts/"
                    + ACCOUNT
                    + "/keys/"
                    + KEY
                    + "\",\"validAfterTime\":\""
                    + CREATED
                    + "\",\"keyType\":\""
                    + keyType
                    + "\""
                    + (disabled ? ",\"disabled\":true" : "")
                    + "}");
          }
        });
    server.start();
  }

  /** host:port, as GCE_METADATA_HOST takes it. */
  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
