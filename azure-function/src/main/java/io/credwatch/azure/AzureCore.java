package io.credwatch.azure;

import io.credwatch.config.Secret;
import io.credwatch.config.Settings;
import io.credwatch.config.SettingsException;
import io.credwatch.http.BearerRest;
import io.credwatch.log.JsonLog;
import io.credwatch.respond.ActionLedger;
import io.credwatch.respond.Deadline;
import io.credwatch.respond.Delivery;
import io.credwatch.respond.FollowUps;
import io.credwatch.respond.Pipeline;
import io.credwatch.sink.TeamsWebhookSink;
import io.credwatch.source.PlatformDelivery;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What both Azure functions do with a delivery, free of the Functions runtime so that tests and the
 * local invoker run exactly this: read, detect, remediate through Graph or ARM, alert to Teams.
 */
final class AzureCore implements AutoCloseable {
  static final String GRAPH_RESOURCE = "https://graph.microsoft.com";
  static final String ARM_RESOURCE = "https://management.azure.com/";
  static final String STORAGE_RESOURCE = "https://storage.azure.com/";

  private final Pipeline pipeline;
  final JsonLog log;

  AzureCore(Map<String, String> environment, Clock clock, PrintStream logs) {
    this(environment, clock, logs, pause -> Thread.sleep(pause.toMillis()), null);
  }

  /**
   * @param teamsBackoff how the Teams sink waits between attempts (tests record instead of
   *     sleeping)
   * @param queueKey how confirmation-queue requests are signed instead of with the function's Entra
   *     token (Azurite's shared key in tests), or null
   */
  AzureCore(
      Map<String, String> environment,
      Clock clock,
      PrintStream logs,
      TeamsWebhookSink.Sleeper teamsBackoff,
      @Nullable SharedKey sharedKey) {
    Settings settings = Settings.from(environment);
    this.log = new JsonLog(logs, "credwatch-azure");
    Secret webhook =
        settings
            .teamsWebhookUrl()
            .orElseThrow(
                () ->
                    new SettingsException(
                        Settings.TEAMS_WEBHOOK_URL,
                        "no alert destination: set "
                            + Settings.TEAMS_WEBHOOK_URL
                            + " (in Azure, a Key Vault reference to the Teams Workflows URL)"));
    AzureSettings azure = AzureSettings.from(environment);
    HttpClient http = BearerRest.httpClient();
    ManagedIdentityToken tokens = new ManagedIdentityToken(http, environment, clock);
    BearerRest graph =
        new BearerRest(http, () -> tokens.get(GRAPH_RESOURCE), azure.graphEndpoint());
    BearerRest arm = new BearerRest(http, () -> tokens.get(ARM_RESOURCE), azure.armEndpoint());
    ActionLedger ledger = ledger(azure, settings, http, tokens, sharedKey);
    Pipeline.Builder builder =
        Pipeline.from(settings, clock, log)
            .protecting(ownIdentity(tokens))
            .remediator(new AzureRemediator(graph, arm))
            .sinks(List.of(new TeamsWebhookSink(() -> webhook, http, teamsBackoff)))
            .ledger(ledger)
            .provenance(new AzureProvenance(graph, arm))
            .followUps(followUps(azure, http, tokens, clock, sharedKey));
    if (ledger instanceof TableActionLedger table) {
      // Sign-ins reach the same Event Hub: a watched key's first one is matched in the table.
      builder.keyUse(
          table,
          oneEvent ->
              new PlatformDelivery.EventHubsBody(
                  new String(oneEvent, java.nio.charset.StandardCharsets.UTF_8), "first-use", 0));
    }
    this.pipeline = builder.build();
  }

  /**
   * The confirmation queue, written with the function's Entra token for Storage; without one, Event
   * Grid's retry (and the Event Hubs retry policy) is the next look at the log.
   */
  private static FollowUps followUps(
      AzureSettings azure,
      HttpClient http,
      ManagedIdentityToken tokens,
      Clock clock,
      @Nullable SharedKey sharedKey) {
    if (azure.confirmationQueueEndpoint().isEmpty()) {
      return FollowUps.BY_RETRY;
    }
    QueueFollowUps.Authorization authorization =
        sharedKey != null
            ? sharedKey.queue()
            : (date, version, path) -> {
              try {
                return "Bearer " + tokens.get(STORAGE_RESOURCE);
              } catch (BearerRest.TokenUnavailable unavailable) {
                throw new java.io.IOException(unavailable.getMessage(), unavailable);
              }
            };
    return new QueueFollowUps(
        http,
        java.net.URI.create(
            azure.confirmationQueueEndpoint().get().toString().replaceAll("/+$", "")
                + "/"
                + AzureSettings.CONFIRMATION_QUEUE),
        authorization,
        clock);
  }

  /** The state table, read and written with the function's Entra token for Storage. */
  private static ActionLedger ledger(
      AzureSettings azure,
      Settings settings,
      HttpClient http,
      ManagedIdentityToken tokens,
      @Nullable SharedKey sharedKey) {
    if (azure.stateTableEndpoint().isEmpty() || azure.stateTable().isEmpty()) {
      return ActionLedger.NONE;
    }
    TableActionLedger.Authorization bearer =
        (date, path) -> {
          try {
            return "Bearer " + tokens.get(STORAGE_RESOURCE);
          } catch (BearerRest.TokenUnavailable unavailable) {
            throw new java.io.IOException(unavailable.getMessage(), unavailable);
          }
        };
    return new TableActionLedger(
        http,
        azure.stateTableEndpoint().get(),
        azure.stateTable().get(),
        sharedKey != null ? sharedKey.table() : bearer,
        settings.maxActionsPerHour());
  }

  /** Requests to storage signed with an account key: Azurite's, in tests. */
  record SharedKey(TableActionLedger.Authorization table, QueueFollowUps.Authorization queue) {}

  /**
   * The function app's own service principal (the {@code oid} of its Graph token), which
   * remediation must never touch; empty, with a warning, when the identity endpoint does not say.
   */
  private List<String> ownIdentity(ManagedIdentityToken tokens) {
    try {
      return ManagedIdentityToken.objectId(tokens.get(GRAPH_RESOURCE)).stream().toList();
    } catch (BearerRest.TokenUnavailable unavailable) {
      log.warn(
          "the function's own identity is unknown; list it in "
              + Settings.PROTECTED
              + " so remediation never touches it",
          Map.of("reason", String.valueOf(unavailable.getMessage())));
      return List.of();
    }
  }

  /** The functions' timeout, as host.json sets it (AzureTemplateTest checks the two). */
  static final java.time.Duration INVOCATION_TIMEOUT = java.time.Duration.ofMinutes(5);

  Delivery.Result handle(PlatformDelivery delivery) {
    Deadline deadline = Deadline.in(INVOCATION_TIMEOUT, java.time.Clock.systemUTC());
    Delivery.Result result = pipeline.handle(delivery, deadline);
    if (delivery instanceof PlatformDelivery.EventHubsBody
        && !pipeline.signIns(delivery, deadline)) {
      // A first sign-in's follow-up could not be sent: the key is remembered again, and the
      // retried delivery brings the sign-in back.
      return new Delivery.Result(
          result.records(),
          result.failedDeliveryIds(),
          true,
          result.alerts(),
          result.undelivered());
    }
    return result;
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
