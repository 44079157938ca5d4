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
    this.pipeline =
        Pipeline.from(settings, clock, log)
            .protecting(ownIdentity(tokens))
            .remediator(new AzureRemediator(graph, arm))
            .sinks(List.of(new TeamsWebhookSink(() -> webhook, http, teamsBackoff)))
            .ledger(ledger(azure, settings, http, tokens, sharedKey))
            .provenance(new AzureProvenance(graph, arm))
            .followUps(followUps(azure, http, tokens, clock, sharedKey))
            .build();
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
    return pipeline.handle(delivery, Deadline.in(INVOCATION_TIMEOUT, java.time.Clock.systemUTC()));
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
