package io.credwatch.gcp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

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
    if (args.length != 1 || args[0].startsWith("-")) {
      System.err.println(
          "usage: credwatch gcp-invoke FILE   (a structured CloudEvent or a Pub/Sub push body)");
      return 2;
    }
    FileCloudEvent event;
    try {
      event = FileCloudEvent.parse(Files.readAllBytes(Path.of(args[0])));
    } catch (NoSuchFileException missing) {
      System.err.println("credwatch: no such file: " + args[0]);
      return 2;
    } catch (IOException | IllegalArgumentException unusable) {
      System.err.println("credwatch: cannot use " + args[0] + ": " + unusable.getMessage());
      return 2;
    }
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    CredWatchFunction function;
    try {
      function = new CredWatchFunction();
    } catch (RuntimeException startup) {
      System.err.println("credwatch: the function could not start: " + startup.getMessage());
      return 2;
    }
    long ready = System.currentTimeMillis();
    int status = 0;
    try {
      function.accept(event);
    } catch (RuntimeException failed) {
      System.err.println(
          "credwatch: the function failed, so Eventarc would redeliver the event: "
              + failed.getMessage());
      status = 1;
    }
    System.err.printf(
        Locale.ROOT,
        "credwatch: init %d ms (JVM start to function ready), event %d ms%n",
        ready - jvmStart,
        System.currentTimeMillis() - ready);
    return status;
  }
}
