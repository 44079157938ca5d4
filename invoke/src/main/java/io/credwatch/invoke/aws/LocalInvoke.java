package io.credwatch.invoke.aws;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import io.credwatch.aws.AwsClients;
import io.credwatch.aws.CredWatchHandler;
import io.credwatch.cli.LocalRun;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./credwatch aws-invoke FILE}: runs the function once on FILE (an EventBridge event or an
 * SQS batch) the way Lambda runs it: Lambda's own runtime interface client (the RIC, which the
 * java21 runtime provides) starts in a fresh JVM with the deployable jar, loads the handler, and
 * takes the event from a Runtime API served here on 127.0.0.1. So Lambda's serialization, deadline
 * and error reporting are the real ones. The same environment settings as in Lambda apply; with
 * {@code AWS_ENDPOINT_URL} it works against moto.
 *
 * <p>Prints the handler's response on standard output, the function's logs and the timings on
 * standard error. Exit 0; 1 where Lambda would retry (the handler failed, the runtime crashed or
 * timed out, or the SQS batch reports failures); 2 for usage or start-up errors.
 */
public final class LocalInvoke {
  /** The function's timeout in the template (infra/aws/template.yaml; SamTemplateTest checks). */
  static final int TIMEOUT_SECONDS = 60;

  /** The function's memory in the template (SamTemplateTest checks). */
  static final int MEMORY_MB = 1024;

  static final String HANDLER = CredWatchHandler.class.getName() + "::handleRequest";
  static final String RUNTIME_CLIENT = AWSLambda.class.getName();

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
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    String account;
    try {
      // Lambda's context names the account in the function's ARN; locally, STS says it.
      account = new AwsClients(System.getenv()).callerAccount();
    } catch (RuntimeException unreachable) {
      System.err.println(
          "credwatch: cannot ask STS which account the function runs in (is AWS_ENDPOINT_URL"
              + " right, and moto running?): "
              + unreachable.getMessage());
      return LocalRun.USAGE;
    }
    String functionArn = "arn:aws:lambda:" + region + ":" + account + ":function:credwatch:live";
    long spawned = System.currentTimeMillis();
    try (LambdaRuntimeApi api =
        new LambdaRuntimeApi(input.get(), functionArn, spawned + TIMEOUT_SECONDS * 1000L)) {
      Process runtime = startRuntime(api.address(), region);
      try {
        return outcome(run, api, runtime, spawned);
      } finally {
        runtime.destroy();
        runtime.waitFor(10, TimeUnit.SECONDS);
        runtime.destroyForcibly();
      }
    } catch (IOException | IllegalStateException cannotStart) {
      System.err.println(
          "credwatch: cannot start Lambda's runtime client: " + cannotStart.getMessage());
      return LocalRun.USAGE;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * What the runtime's JVM runs with, as in Lambda: the deployable jar (the launcher names it in
   * {@code credwatch.aws.deployable}) and the runtime interface client's own jars.
   */
  static String runtimeClasspath() {
    String deployable = System.getProperty("credwatch.aws.deployable", "");
    if (deployable.isEmpty() || !Files.isRegularFile(Path.of(deployable))) {
      throw new IllegalStateException(
          "the deployable jar is missing (credwatch.aws.deployable="
              + deployable
              + "): build it with mvn -B -pl aws-lambda -am package -DskipTests");
    }
    List<String> classpath = new ArrayList<>(List.of(deployable));
    for (Class<?> runtimeClass : List.of(AWSLambda.class, PojoSerializer.class)) {
      try {
        classpath.add(
            Path.of(runtimeClass.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
      } catch (URISyntaxException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    return String.join(File.pathSeparator, classpath);
  }

  /** The RIC in a fresh JVM with the deployable jar, as Lambda's java21 runtime starts it. */
  private static Process startRuntime(String runtimeApi, String region) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                // What Lambda's java17 and java21 runtimes run with by default: C1 only, which
                // shortens a cold start.
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                runtimeClasspath(),
                RUNTIME_CLIENT,
                HANDLER)
            .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    environment.put("AWS_LAMBDA_FUNCTION_NAME", "credwatch");
    environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(MEMORY_MB));
    environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/credwatch");
    environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
    environment.put("AWS_REGION", region);
    Process runtime = builder.start();
    // The function's logs (its standard output and error) go to standard error here, so that
    // standard output holds only the handler's response.
    Thread logs = new Thread(() -> copy(runtime.getInputStream()), "lambda-logs");
    logs.setDaemon(true);
    logs.start();
    return runtime;
  }

  private static void copy(InputStream logs) {
    try {
      logs.transferTo(System.err);
    } catch (IOException closed) {
      // the runtime has stopped
    }
  }

  private static int outcome(LocalRun run, LambdaRuntimeApi api, Process runtime, long spawned)
      throws InterruptedException {
    LambdaRuntimeApi.Result result;
    try {
      // Whichever comes first: the runtime's answer, or its end without one.
      result =
          api.result()
              .applyToEither(
                  runtime.onExit().thenApply(ended -> (LambdaRuntimeApi.Result) null), r -> r)
              .get(TIMEOUT_SECONDS + 30L, TimeUnit.SECONDS);
    } catch (TimeoutException late) {
      System.err.println(
          "credwatch: the function did not answer within its "
              + TIMEOUT_SECONDS
              + " s timeout, so Lambda would retry the event");
      return 1;
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible.getCause());
    }
    long answered = System.currentTimeMillis();
    String peak = LocalRun.peakRss(runtime.pid()).orElse("unknown");
    if (result == null) {
      System.err.println(
          "credwatch: Lambda's runtime exited with status "
              + runtime.exitValue()
              + " before answering, so Lambda would retry the event");
      return 1;
    }
    long ready = api.firstNext().getNow(answered);
    run.report("handler", ready - spawned, answered - ready, peak);
    if (result instanceof LambdaRuntimeApi.Result.Response response) {
      System.out.println(response.body());
      if (response.body().contains("\"itemIdentifier\"")) {
        System.err.println(
            "credwatch: Lambda would retry the SQS messages listed in batchItemFailures");
        return 1;
      }
      return 0;
    }
    if (result instanceof LambdaRuntimeApi.Result.HandlerError error) {
      System.err.println(
          "credwatch: the invocation failed, so Lambda would retry it: "
              + LambdaRuntimeApi.errorMessage(error.body()));
      return 1;
    }
    System.err.println(
        "credwatch: the function could not start: "
            + LambdaRuntimeApi.errorMessage(((LambdaRuntimeApi.Result.InitError) result).body()));
    return LocalRun.USAGE;
  }
}
