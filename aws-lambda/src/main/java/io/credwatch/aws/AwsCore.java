package io.credwatch.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.config.Secret;
import io.credwatch.config.Settings;
import io.credwatch.config.SettingsException;
import io.credwatch.config.SettingsReader;
import io.credwatch.json.JsonLimits;
import io.credwatch.log.JsonLog;
import io.credwatch.respond.ActionLedger;
import io.credwatch.respond.AlertSink;
import io.credwatch.respond.AwsAction;
import io.credwatch.respond.Deadline;
import io.credwatch.respond.Delivery;
import io.credwatch.respond.FollowUps;
import io.credwatch.respond.Pipeline;
import io.credwatch.sink.TeamsWebhookSink;
import io.credwatch.source.PlatformDelivery;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the Lambda does with one delivery, free of the Lambda API so that tests and the local
 * invoker run exactly this: read (EventBridge event or SQS batch), detect, respond (remediate, then
 * alert), and say what the platform must retry.
 */
public final class AwsCore implements AutoCloseable {
  private final Pipeline pipeline;
  private final List<AlertSink> sinks;
  private final AtomicReference<String> ownAccount = new AtomicReference<>();

  /** What one invocation did, and what the platform must do about it. */
  public record Invocation(
      boolean sqsBatch, List<String> failedMessageIds, boolean retry, ObjectNode response) {
    public Invocation {
      failedMessageIds = List.copyOf(failedMessageIds);
    }
  }

  AwsCore(Settings settings, AwsSettings aws, AwsClients clients, Clock clock, PrintStream logs) {
    Optional<SqsFollowUps> queue =
        aws.confirmationQueueUrl()
            .map(url -> new SqsFollowUps(clients.api(), clients.region(), url));
    Supplier<String> account =
        () -> {
          String known = ownAccount.get();
          if (known == null) {
            throw new IllegalStateException("the invocation did not say which account it runs in");
          }
          return known;
        };
    this.sinks = sinks(settings, aws, clients, account);
    Pipeline.Builder builder =
        Pipeline.from(settings, clock, new JsonLog(logs, "credwatch-aws"))
            .remediator(new AwsRemediator(clients.iam(), clients.ec2(), account))
            .sinks(sinks)
            .ledger(
                aws.stateTable()
                    .<ActionLedger>map(
                        table ->
                            new DynamoDbActionLedger(
                                clients.api(),
                                clients.region(),
                                table,
                                settings.maxActionsPerHour()))
                    .orElse(ActionLedger.NONE))
            .provenance(new CloudTrailProvenance(clients.api(), clients.region()))
            .followUps(queue.<FollowUps>map(q -> q).orElse(FollowUps.BY_RETRY));
    // First uses need the delayed queue to come back through (the template always creates it).
    queue.ifPresent(q -> builder.firstUse(new AwsLastUse(clients.iam()), q));
    this.pipeline = builder.build();
  }

  /** Built from the environment, as in Lambda. */
  public static AwsCore fromEnvironment(Map<String, String> environment, PrintStream logs) {
    return new AwsCore(
        Settings.from(environment),
        AwsSettings.from(environment),
        new AwsClients(environment),
        Clock.systemUTC(),
        logs);
  }

  private static List<AlertSink> sinks(
      Settings settings, AwsSettings aws, AwsClients clients, Supplier<String> ownAccount) {
    List<AlertSink> sinks = new ArrayList<>();
    aws.snsTopicArn()
        .ifPresent(
            topic ->
                sinks.add(
                    new SnsAlertSink(
                        clients.api(), clients.region(), topic, settings.alertFormat())));
    if (aws.securityHub()) {
      sinks.add(new SecurityHubSink(clients.api(), clients.region(), ownAccount));
    }
    if (settings.teamsWebhookUrl().isPresent()) {
      Secret url = settings.teamsWebhookUrl().get();
      sinks.add(TeamsWebhookSink.create(() -> url));
    } else if (aws.teamsWebhookSecretArn().isPresent()) {
      sinks.add(
          TeamsWebhookSink.create(
              new SecretWebhookUrl(clients, aws.teamsWebhookSecretArn().get())));
    }
    if (sinks.isEmpty()) {
      throw new SettingsException(
          AwsSettings.SNS_TOPIC_ARN,
          "no alert destination: set "
              + AwsSettings.SNS_TOPIC_ARN
              + ", "
              + Settings.TEAMS_WEBHOOK_URL
              + " or "
              + AwsSettings.TEAMS_WEBHOOK_SECRET_ARN);
    }
    return sinks;
  }

  /**
   * Handles one delivery.
   *
   * @param delivery the invocation's event: an EventBridge event or an SQS batch of them ({@link
   *     PlatformDelivery#lambda})
   * @param account the account the function runs in (from the invoked function's ARN)
   */
  public Invocation handle(PlatformDelivery delivery, String account) {
    return handle(delivery, account, Deadline.NONE);
  }

  /** One invocation, within Lambda's remaining time ({@code Context.getRemainingTimeInMillis}). */
  public Invocation handle(PlatformDelivery delivery, String account, Deadline deadline) {
    ownAccount.set(account);
    List<String> failed = new ArrayList<>();
    if (delivery instanceof PlatformDelivery.SqsBatch batch) {
      // First-use looks are the pipeline's own follow-ups, told apart by their message attribute.
      FirstUseLooks looks = FirstUseLooks.split(batch);
      for (FirstUseLooks.Look look : looks.looks()) {
        if (!pipeline.watchFirstUse(look.event(), look.poll(), deadline)) {
          failed.add(look.messageId());
        }
      }
      if (looks.rest().isEmpty()) {
        return sqsResponse(failed);
      }
      delivery = looks.rest().get();
    }
    Delivery.Result result = pipeline.handle(delivery, deadline);
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    failed.addAll(result.failedDeliveryIds());
    if (delivery instanceof PlatformDelivery.SqsBatch) {
      return sqsResponse(failed);
    }
    response.put("records", result.records());
    response.set("alerts", result.alerts());
    return new Invocation(false, failed, result.retry(), response);
  }

  /** The answer to an SQS batch: the messages to retry, by id. */
  private static Invocation sqsResponse(List<String> failed) {
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    ArrayNode failures = response.putArray("batchItemFailures");
    for (String id : failed) {
      failures.addObject().put("itemIdentifier", id);
    }
    // Every SQS record carries its message id, so nothing needs the whole batch retried.
    return new Invocation(true, failed, !failed.isEmpty(), response);
  }

  /** Every IAM action the code may call: the template grants exactly these (a test compares). */
  public static Set<String> requiredPermissions() {
    Set<String> permissions = new TreeSet<>();
    for (AwsAction action : AwsAction.values()) {
      permissions.addAll(action.permissions());
    }
    permissions.add("sns:Publish");
    // Publishing to a KMS-encrypted topic uses the topic's key on the publisher's behalf.
    permissions.add("kms:GenerateDataKey");
    permissions.add("kms:Decrypt");
    permissions.add("secretsmanager:GetSecretValue");
    permissions.addAll(DynamoDbActionLedger.PERMISSIONS);
    permissions.add(CloudTrailProvenance.PERMISSION);
    permissions.add(SqsFollowUps.PERMISSION);
    permissions.addAll(AwsLastUse.PERMISSIONS);
    permissions.add(SecurityHubSink.PERMISSION);
    return permissions;
  }

  /** Exercises reading, detection and rendering without any call, before a SnapStart snapshot. */
  void prime() {
    pipeline.prime(Priming.SAMPLE_EVENT).forEach(Priming::render);
  }

  List<AlertSink> sinks() {
    return sinks;
  }

  @Override
  public void close() {
    pipeline.close();
  }

  /** The Teams URL from Secrets Manager, read on first use (after any SnapStart restore). */
  private static final class SecretWebhookUrl implements Supplier<Secret> {
    private final AwsClients clients;
    private final String secretArn;
    private volatile @Nullable Secret url;

    SecretWebhookUrl(AwsClients clients, String secretArn) {
      this.clients = clients;
      this.secretArn = secretArn;
    }

    @Override
    public Secret get() {
      Secret known = url;
      if (known == null) {
        String text = clients.secretString(secretArn);
        known = new Secret(webhookUrl(text));
        url = known;
      }
      return known;
    }

    /** The secret is the URL itself, or JSON with a "url" member. */
    private static String webhookUrl(String text) {
      String value = text == null ? "" : text.strip();
      if (value.startsWith("{")) {
        try {
          value = JsonLimits.defaultMapper().readTree(value).path("url").asText("");
        } catch (IOException notJson) {
          value = "";
        }
      }
      return SettingsReader.checkedWebhook("the Teams webhook secret", value);
    }
  }
}
