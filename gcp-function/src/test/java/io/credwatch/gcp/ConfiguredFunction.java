package io.credwatch.gcp;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.util.Map;

/**
 * The real function, built from a test's settings instead of the process environment: the Functions
 * Framework instantiates a function class itself, with no arguments.
 */
public final class ConfiguredFunction implements CloudEventsFunction {
  static volatile Map<String, String> environment = Map.of();

  private final CredWatchFunction function =
      new CredWatchFunction(new GcpCore(environment, Clock.systemUTC(), System.err));

  @Override
  public void accept(CloudEvent event) {
    function.accept(event);
  }
}
