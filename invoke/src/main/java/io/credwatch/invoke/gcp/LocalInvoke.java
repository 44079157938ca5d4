package io.credwatch.invoke.gcp;

import io.credwatch.cli.LocalRun;
import io.credwatch.gcp.CredWatchFunction;
import java.util.Optional;

/**
 * {@code ./credwatch gcp-invoke FILE}: runs the real function once on FILE (a structured CloudEvent
 * or a Pub/Sub push body) with the same environment settings as in the cloud. Exit 0; 1 where
 * Eventarc would retry (the function threw); 2 for usage or start-up errors.
 */
public final class LocalInvoke {
  private LocalInvoke() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    LocalRun run = new LocalRun(System.err);
    Optional<byte[]> input =
        run.input(
            args, "credwatch gcp-invoke FILE   (a structured CloudEvent or a Pub/Sub push body)");
    if (input.isEmpty()) {
      return LocalRun.USAGE;
    }
    FileCloudEvent event;
    try {
      event = FileCloudEvent.parse(input.get());
    } catch (IllegalArgumentException unusable) {
      System.err.println("credwatch: cannot use " + args[0] + ": " + unusable.getMessage());
      return LocalRun.USAGE;
    }
    CredWatchFunction function;
    try {
      function = new CredWatchFunction();
      function.start();
    } catch (RuntimeException startup) {
      System.err.println("credwatch: the function could not start: " + startup.getMessage());
      return LocalRun.USAGE;
    }
    run.ready();
    int status = 0;
    try {
      function.accept(event);
    } catch (RuntimeException failed) {
      System.err.println(
          "credwatch: the function failed, so Eventarc would redeliver the event: "
              + failed.getMessage());
      status = 1;
    }
    run.report("function");
    return status;
  }
}
