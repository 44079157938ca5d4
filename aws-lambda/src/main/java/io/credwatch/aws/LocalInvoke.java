package io.credwatch.aws;

import io.credwatch.cli.LocalRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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
    LocalRun run = new LocalRun(System.err);
    Optional<byte[]> input =
        run.input(args, "credwatch aws-invoke FILE   (an EventBridge event or an SQS batch)");
    if (input.isEmpty()) {
      return LocalRun.USAGE;
    }
    CredWatchHandler handler;
    String account;
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    try {
      handler = new CredWatchHandler();
      run.ready();
      // Lambda's context names the account; locally, ask STS (not counted in the timings).
      account = new AwsClients(System.getenv()).callerAccount();
    } catch (LinkageError | RuntimeException startup) {
      Throwable cause = startup instanceof ExceptionInInitializerError e ? e.getCause() : startup;
      System.err.println("credwatch: the function could not start: " + cause);
      return LocalRun.USAGE;
    }
    run.eventStarts();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status = 0;
    try {
      handler.handleRequest(
          new ByteArrayInputStream(input.get()), output, new LocalContext(region, account, 60_000));
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
    run.report("handler");
    return status;
  }
}
