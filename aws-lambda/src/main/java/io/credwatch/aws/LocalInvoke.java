package io.credwatch.aws;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ./credwatch aws-invoke FILE}: runs the real Lambda handler once on FILE (an EventBridge
 * event or an SQS batch) with the same environment settings as in Lambda; with {@code
 * AWS_ENDPOINT_URL} it works against moto. Prints the handler's response on standard output, its
 * logs and timings on standard error. Exit 0; 1 where Lambda would retry (the handler threw, or the
 * SQS batch reports failures); 2 for usage or start-up errors.
 */
public final class LocalInvoke {
  private LocalInvoke() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length != 1 || args[0].startsWith("-")) {
      System.err.println(
          "usage: credwatch aws-invoke FILE   (an EventBridge event or an SQS batch)");
      return 2;
    }
    byte[] payload;
    try {
      payload = Files.readAllBytes(Path.of(args[0]));
    } catch (NoSuchFileException missing) {
      System.err.println("credwatch: no such file: " + args[0]);
      return 2;
    } catch (IOException unreadable) {
      System.err.println("credwatch: cannot read " + args[0] + ": " + unreadable.getMessage());
      return 2;
    }
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    CredWatchHandler handler;
    String account;
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    long ready;
    try {
      handler = new CredWatchHandler();
      ready = System.currentTimeMillis();
      // Lambda's context names the account; locally, ask STS (not counted in the timings).
      account = new AwsClients(System.getenv()).callerAccount();
    } catch (LinkageError | RuntimeException startup) {
      Throwable cause = startup instanceof ExceptionInInitializerError e ? e.getCause() : startup;
      System.err.println("credwatch: the function could not start: " + cause);
      return 2;
    }
    long eventStart = System.currentTimeMillis();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status = 0;
    try {
      handler.handleRequest(
          new ByteArrayInputStream(payload), output, new LocalContext(region, account, 60_000));
      String response = output.toString(StandardCharsets.UTF_8);
      System.out.println(response);
      if (response.contains("\"itemIdentifier\"")) {
        System.err.println(
            "credwatch: Lambda would retry the SQS messages listed in batchItemFailures");
        status = 1;
      }
    } catch (IOException | RuntimeException failed) {
      System.err.println(
          "credwatch: the invocation failed, so Lambda would retry it: " + failed.getMessage());
      status = 1;
    }
    long done = System.currentTimeMillis();
    System.err.printf(
        Locale.ROOT,
        "credwatch: init %d ms (JVM start to handler ready), event %d ms, peak RSS %s%n",
        ready - jvmStart,
        done - eventStart,
        peakRss());
    return status;
  }

  /** VmHWM from /proc (Linux), or what the heap used when /proc is not there. */
  private static String peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (kb / 1024) + " MiB";
        }
      }
    } catch (IOException | NumberFormatException notLinux) {
      // fall through
    }
    Runtime runtime = Runtime.getRuntime();
    return ((runtime.totalMemory() - runtime.freeMemory()) >> 20) + " MiB heap";
  }
}
