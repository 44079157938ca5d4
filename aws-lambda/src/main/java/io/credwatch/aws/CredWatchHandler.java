package io.credwatch.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.credwatch.respond.AlertDeliveryFailedException;
import io.credwatch.respond.Deadline;
import io.credwatch.respond.StartUp;
import io.credwatch.source.PlatformDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda entry point ({@code io.credwatch.aws.CredWatchHandler::handleRequest}): EventBridge
 * events delivered directly (asynchronous invoke) or SQS batches of them. Kept thin: the work is in
 * {@link AwsCore}.
 *
 * <p>Direct invocations throw when an alert could not be delivered, so that Lambda retries the
 * event and finally sends it to the on-failure destination. SQS batches answer with {@code
 * batchItemFailures} naming only the messages to retry.
 */
public final class CredWatchHandler implements RequestStreamHandler, Resource {
  // Built once per container, during init (and so inside the SnapStart snapshot). A start-up
  // failure (a missing setting) is kept, and every invocation fails with its own message.
  private static final StartUp<AwsCore> FUNCTION =
      StartUp.now(() -> AwsCore.fromEnvironment(System.getenv(), System.err));

  public CredWatchHandler() {
    // Lambda constructs the handler during init: a start-up failure is an init error there, with
    // its own message, and Lambda runs init again before the next invocation.
    FUNCTION.get();
    Core.getGlobalContext().register(this);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    PlatformDelivery delivery =
        PlatformDelivery.lambda(input.readAllBytes(), context.getAwsRequestId());
    AwsCore.Invocation invocation =
        FUNCTION
            .get()
            .handle(
                delivery,
                accountOf(context),
                Deadline.in(
                    java.time.Duration.ofMillis(context.getRemainingTimeInMillis()),
                    java.time.Clock.systemUTC()));
    if (invocation.retry() && !invocation.sqsBatch()) {
      throw new AlertDeliveryFailedException(
          "an alert could not be delivered: failing the invocation so that Lambda retries the"
              + " event and finally sends it to the on-failure destination");
    }
    output.write(
        invocation.response().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The account from the invoked function's ARN: arn:aws:lambda:REGION:ACCOUNT:function:NAME. */
  static String accountOf(Context context) {
    String[] parts = String.valueOf(context.getInvokedFunctionArn()).split(":");
    return parts.length > 4 ? parts[4] : "";
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    FUNCTION.get().prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to refresh: no secret or connection is taken before the first invocation.
  }
}
