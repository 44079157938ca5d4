package io.credwatch.invoke.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.RpcException;
import io.credwatch.azure.CredWatchFunctions;
import io.credwatch.cli.LocalRun;
import io.credwatch.json.JsonLimits;
import io.credwatch.source.PlatformDelivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./credwatch azure-invoke FILE}: runs the real functions once on FILE with the same
 * environment settings as in Azure, routed by shape:
 *
 * <ul>
 *   <li>an Event Hubs message body ({@code {"records":[...]}}) or an array of them: {@code
 *       EntraAuditLogs}, as one batch;
 *   <li>Event Grid events, in the Event Grid or CloudEvents schema, alone or in an array: {@code
 *       ArmEvents}, once per event as Event Grid delivers them;
 *   <li>a subscription-validation event: the handshake's answer.
 * </ul>
 *
 * Exit 0; 1 where Azure would retry (a function threw); 2 for usage or start-up errors.
 */
public final class LocalInvoke {
  private LocalInvoke() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    LocalRun run = new LocalRun(System.err);
    Optional<byte[]> bytes =
        run.input(
            args,
            "credwatch azure-invoke FILE   (an Event Hubs body or an array of them, or Event Grid"
                + " events in either schema)");
    if (bytes.isEmpty()) {
      return LocalRun.USAGE;
    }
    JsonNode input;
    try {
      input = JsonLimits.defaultMapper().readTree(bytes.get());
    } catch (IOException unreadable) {
      System.err.println(
          "credwatch: cannot read " + args[0] + " as JSON: " + unreadable.getMessage());
      return LocalRun.USAGE;
    }
    List<JsonNode> items = new ArrayList<>();
    if (input != null && input.isArray()) {
      input.forEach(items::add);
    } else if (input != null) {
      items.add(input);
    }
    if (items.isEmpty() || !items.stream().allMatch(JsonNode::isObject)) {
      System.err.println("credwatch: " + args[0] + " holds no JSON object to deliver");
      return LocalRun.USAGE;
    }
    boolean eventHubs = items.stream().allMatch(item -> item.has("records"));
    boolean eventGrid =
        items.stream().allMatch(item -> item.has("eventType") || item.has("specversion"));
    if (!eventHubs && !eventGrid) {
      System.err.println(
          "credwatch: "
              + args[0]
              + " is neither Event Hubs bodies ({\"records\":[...]}) nor Event Grid events"
              + " (eventType or specversion)");
      return LocalRun.USAGE;
    }
    if (eventGrid && items.size() == 1) {
      var code =
          new PlatformDelivery.EventGridEvent(items.get(0).toString(), "local").validationCode();
      if (code.isPresent()) {
        System.out.println(PlatformDelivery.EventGridEvent.validationAnswer(code.get()));
        return 0;
      }
    }
    CredWatchFunctions functions;
    try {
      functions = new CredWatchFunctions();
      functions.start();
    } catch (RuntimeException startup) {
      System.err.println("credwatch: the functions could not start: " + startup.getMessage());
      return LocalRun.USAGE;
    }
    run.ready();
    int status = 0;
    try {
      if (eventHubs) {
        List<String> messages = items.stream().map(JsonNode::toString).toList();
        functions.entraAuditLogs(messages, new Holder<>(), new Context("EntraAuditLogs"));
      } else {
        for (JsonNode event : items) {
          functions.armEvents(event.toString(), new Context("ArmEvents"));
        }
      }
    } catch (RuntimeException failed) {
      System.err.println(
          "credwatch: the function failed, so Azure would run it again: " + failed.getMessage());
      status = 1;
    }
    run.report("functions");
    return status;
  }

  /** The first attempt of an invocation under the function's retry policy, as the host gives it. */
  static class Context implements ExecutionContext {
    private final String function;
    private final String invocation = UUID.randomUUID().toString();

    Context(String function) {
      this.function = function;
    }

    @Override
    public Logger getLogger() {
      return Logger.getLogger("credwatch." + function);
    }

    @Override
    public String getInvocationId() {
      return invocation;
    }

    @Override
    public String getFunctionName() {
      return function;
    }

    @Override
    public RetryContext getRetryContext() {
      return new RetryContext() {
        @Override
        public int getRetrycount() {
          return 0;
        }

        @Override
        public int getMaxretrycount() {
          return CredWatchFunctions.EVENT_HUBS_RETRIES;
        }

        @Override
        public @Nullable RpcException getException() {
          return null;
        }
      };
    }
  }

  /** An output binding's value, as the host keeps it until the function returns. */
  static final class Holder<T> implements OutputBinding<T> {
    private @Nullable T value;

    @Override
    public @Nullable T getValue() {
      return value;
    }

    @Override
    public void setValue(@Nullable T value) {
      this.value = value;
    }
  }
}
