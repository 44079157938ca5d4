package io.credwatch.invoke.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.credwatch.http.Loopback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API for one invocation, on 127.0.0.1: what Lambda's own runtime interface
 * client (the RIC) talks to. The first {@code next} call gets the event, with the headers Lambda
 * sends; the RIC then posts the handler's response or error, and its next {@code next} call waits
 * until the runtime is stopped, as between invocations in Lambda.
 */
final class LambdaRuntimeApi implements AutoCloseable {
  private static final String BASE = "/2018-06-01/runtime";

  /** What the runtime answered. */
  sealed interface Result {
    /** The handler returned this response. */
    record Response(String body) implements Result {}

    /** The handler threw: Lambda's error document ({@code errorMessage}, {@code errorType}...). */
    record HandlerError(String body) implements Result {}

    /** The function could not be initialised (its class's static init threw). */
    record InitError(String body) implements Result {}
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final byte[] event;
  private final String requestId = UUID.randomUUID().toString();
  private final String functionArn;
  private final long deadlineMillis;
  private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean delivered;

  LambdaRuntimeApi(byte[] event, String functionArn, long deadlineMillis) throws IOException {
    this.event = event.clone();
    this.functionArn = functionArn;
    this.deadlineMillis = deadlineMillis;
    server = Loopback.server();
    server.setExecutor(threads);
    server.createContext(BASE + "/invocation/next", this::next);
    server.createContext(BASE + "/invocation/", this::answer);
    server.createContext(BASE + "/init/error", this::initError);
    server.start();
  }

  /** host:port, as AWS_LAMBDA_RUNTIME_API takes it. */
  String address() {
    return Loopback.base(server).getAuthority();
  }

  /** When the runtime first asked for an event (its init was then done), in epoch millis. */
  CompletableFuture<Long> firstNext() {
    return firstNext;
  }

  /** The runtime's answer to the event. */
  CompletableFuture<Result> result() {
    return result;
  }

  private void next(HttpExchange exchange) throws IOException {
    boolean first;
    synchronized (this) {
      first = !delivered;
      delivered = true;
    }
    if (!first) {
      // Lambda freezes the runtime here until the next event; this one never comes.
      try {
        stopped.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    firstNext.complete(System.currentTimeMillis());
    var headers = exchange.getResponseHeaders();
    headers.add("Lambda-Runtime-Aws-Request-Id", requestId);
    headers.add("Lambda-Runtime-Deadline-Ms", String.valueOf(deadlineMillis));
    headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
    // Without a Content-Type the RIC's native client crashes the JVM (SIGSEGV), so always send one.
    headers.add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, event.length);
    exchange.getResponseBody().write(event);
    exchange.close();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String invocation = BASE + "/invocation/" + requestId;
    if (path.equals(invocation + "/response")) {
      result.complete(new Result.Response(body));
    } else if (path.equals(invocation + "/error")) {
      result.complete(new Result.HandlerError(body));
    } else {
      Loopback.respond(exchange, 404, "application/json", "{\"errorMessage\":\"unknown\"}");
      return;
    }
    Loopback.respond(exchange, 202, "application/json", "{\"status\":\"OK\"}");
  }

  private void initError(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    result.complete(new Result.InitError(body));
    Loopback.respond(exchange, 202, "application/json", "{\"status\":\"OK\"}");
  }

  /** The error message of Lambda's error document, or the document itself. */
  static String errorMessage(String document) {
    try {
      return Optional.ofNullable(
              io.credwatch.json.JsonLimits.defaultMapper()
                  .readTree(document)
                  .path("errorMessage")
                  .textValue())
          .orElse(document);
    } catch (IOException notJson) {
      return document;
    }
  }

  @Override
  public void close() {
    stopped.countDown();
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
