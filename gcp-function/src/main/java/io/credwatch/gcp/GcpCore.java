package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.credwatch.config.Secret;
import io.credwatch.config.Settings;
import io.credwatch.config.SettingsException;
import io.credwatch.http.BearerRest;
import io.credwatch.json.JsonLimits;
import io.credwatch.log.JsonLog;
import io.credwatch.respond.ActionLedger;
import io.credwatch.respond.AlertSink;
import io.credwatch.respond.Deadline;
import io.credwatch.respond.Delivery;
import io.credwatch.respond.FollowUps;
import io.credwatch.respond.Pipeline;
import io.credwatch.sink.TeamsWebhookSink;
import io.credwatch.source.PlatformDelivery;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the function does with one event, free of the Functions Framework so that tests and the
 * local invoker run exactly this.
 */
final class GcpCore implements AutoCloseable {
  private final Pipeline pipeline;

  GcpCore(Map<String, String> environment, Clock clock, PrintStream logs) {
    Settings settings = Settings.from(environment);
    GcpSettings gcp = GcpSettings.from(environment);
    HttpClient http = BearerRest.httpClient();
    JsonLog log = new JsonLog(logs, "credwatch-gcp");
    MetadataToken token = new MetadataToken(http, environment, clock);
    List<String> ownIdentity = token.serviceAccountEmail().stream().toList();
    if (ownIdentity.isEmpty()) {
      log.warn(
          "the metadata server did not name the function's service account; list it in "
              + Settings.PROTECTED
              + " so remediation never touches it",
          Map.of());
    }
    List<AlertSink> sinks = new ArrayList<>();
    gcp.pubsubTopic()
        .ifPresent(
            topic ->
                sinks.add(
                    new PubSubAlertSink(
                        new BearerRest(http, token::get, gcp.pubsubEndpoint()),
                        topic,
                        settings.alertFormat())));
    settings
        .teamsWebhookUrl()
        .ifPresent(
            url -> {
              Secret fixed = url;
              sinks.add(TeamsWebhookSink.create(() -> fixed));
            });
    if (sinks.isEmpty()) {
      throw new SettingsException(
          GcpSettings.PUBSUB_TOPIC,
          "no alert destination: set "
              + GcpSettings.PUBSUB_TOPIC
              + " or "
              + Settings.TEAMS_WEBHOOK_URL);
    }
    Pipeline.Builder builder =
        Pipeline.from(settings, clock, log)
            .protecting(ownIdentity)
            .remediator(
                new GcpRemediator(
                    new BearerRest(http, token::get, gcp.iamEndpoint()),
                    new BearerRest(http, token::get, gcp.storageEndpoint()),
                    new BearerRest(http, token::get, gcp.osLoginEndpoint()),
                    new BearerRest(http, token::get, gcp.apiKeysEndpoint())))
            .sinks(sinks)
            .ledger(
                gcp.stateDatabase()
                    .<ActionLedger>map(
                        database ->
                            new FirestoreActionLedger(
                                new BearerRest(http, token::get, gcp.firestoreEndpoint()),
                                database,
                                settings.maxActionsPerHour()))
                    .orElse(ActionLedger.NONE))
            // Pub/Sub redelivers what the function fails, with the subscription's backoff: that
            // is the next look at the log for an event waiting for confirmation.
            .provenance(
                new CloudLoggingProvenance(new BearerRest(http, token::get, gcp.loggingEndpoint())))
            .followUps(FollowUps.BY_RETRY);
    if (gcp.firstUseQueue().isPresent()
        && gcp.firstUseTopic().isPresent()
        && token.serviceAccountEmail().isPresent()) {
      builder.firstUse(
          new GcpLastUse(
              new BearerRest(http, token::get, gcp.monitoringEndpoint()),
              new BearerRest(http, token::get, gcp.policyAnalyzerEndpoint()),
              clock),
          new CloudTasksFirstUse(
              new BearerRest(http, token::get, gcp.cloudTasksEndpoint()),
              gcp.firstUseQueue().get(),
              new BearerRest(http, token::get, gcp.pubsubEndpoint())
                  .uri("/v1/" + gcp.firstUseTopic().get() + ":publish"),
              token.serviceAccountEmail().get(),
              clock));
    }
    this.pipeline = builder.build();
  }

  /**
   * A first-use look (a message of the first-use topic marked {@link
   * CloudTasksFirstUse#FIRST_USE_LOOK}) is the watch's; anything else is an audit event. A look
   * only reads and alerts, so one published by anyone else acts on nothing.
   */
  private static Optional<Integer> firstUseLook(PlatformDelivery delivery) {
    if (!(delivery instanceof PlatformDelivery.CloudEvent)) {
      return Optional.empty();
    }
    // Audit events carry no look: they are parsed once, by the pipeline, not here too.
    if (!delivery.mentions(CloudTasksFirstUse.FIRST_USE_LOOK)) {
      return Optional.empty();
    }
    JsonNode attributes;
    try {
      JsonNode node = JsonLimits.defaultMapper().readTree(delivery.json());
      attributes = node == null ? null : node.path("data").path("message").path("attributes");
    } catch (java.io.IOException unreadable) {
      return Optional.empty();
    }
    String look =
        attributes == null ? "" : attributes.path(CloudTasksFirstUse.FIRST_USE_LOOK).asText("");
    return look.matches("[0-9]{1,3}") ? Optional.of(Integer.parseInt(look)) : Optional.empty();
  }

  /** The function's timeout, as infra/gcp/function.tf sets it (TerraformTest checks the two). */
  static final java.time.Duration INVOCATION_TIMEOUT = java.time.Duration.ofSeconds(60);

  Delivery.Result handle(PlatformDelivery delivery) {
    Deadline deadline = Deadline.in(INVOCATION_TIMEOUT, java.time.Clock.systemUTC());
    Optional<Integer> look = firstUseLook(delivery);
    if (look.isPresent()) {
      boolean done = pipeline.watchFirstUse(delivery, look.get(), deadline);
      return new Delivery.Result(
          1, java.util.Set.of(), !done, JsonNodeFactory.instance.arrayNode(), List.of());
    }
    return pipeline.handle(delivery, deadline);
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
