package io.credwatch.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * JDK HTTP servers standing in for cloud APIs (IAM, Graph, Teams...) in the local cloud and the
 * tests: bound to 127.0.0.1, never to other interfaces, and answered in one way by every stand-in.
 */
public final class Loopback {
  private Loopback() {}

  /** A server on 127.0.0.1 and a free port, not started: add contexts, then start it. */
  public static HttpServer server() throws IOException {
    return server(0);
  }

  /** A server on 127.0.0.1 and that port (0: a free one), not started. */
  public static HttpServer server(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public static URI base(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers and closes the exchange; an empty body (or a 204) is sent as no body at all. */
  public static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean none = bytes.length == 0 || status == 204;
    if (!none) {
      exchange.getResponseHeaders().add("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, none ? -1 : bytes.length);
    if (!none) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  /** "METHOD path[?query]" of a request, as a stand-in records the calls it receives. */
  public static String requestLine(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    return exchange.getRequestMethod()
        + " "
        + exchange.getRequestURI().getRawPath()
        + (query == null ? "" : "?" + query);
  }
}
