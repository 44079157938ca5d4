package io.credwatch.gcp;

import io.credwatch.config.Secret;
import io.credwatch.config.Settings;
import io.credwatch.config.SettingsException;
import io.credwatch.detect.Detector;
import io.credwatch.http.BearerRest;
import io.credwatch.log.JsonLog;
import io.credwatch.respond.AlertSink;
import io.credwatch.respond.Delivery;
import io.credwatch.respond.Responder;
import io.credwatch.sink.TeamsWebhookSink;
import io.credwatch.source.EventReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the function does with one event, free of the Functions Framework so that tests and the
 * local invoker run exactly this.
 */
final class GcpFunctionCore implements AutoCloseable {
  private final Delivery delivery;
  private final Responder responder;

  GcpFunctionCore(Map<String, String> environment, Clock clock, PrintStream logs) {
    Settings settings = Settings.from(environment);
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    JsonLog log = new JsonLog(logs, "credwatch-gcp");
    MetadataToken token = new MetadataToken(http, environment, clock);
    BearerRest iam = new BearerRest(http, token::get, settings.gcpIamEndpoint());
    List<String> ownIdentity = token.serviceAccountEmail().stream().toList();
    if (ownIdentity.isEmpty()) {
      log.warn(
          "the metadata server did not name the function's service account; list it in "
              + Settings.PROTECTED
              + " so remediation never touches it",
          Map.of());
    }
    List<AlertSink> sinks = new ArrayList<>();
    settings
        .pubsubTopic()
        .ifPresent(
            topic ->
                sinks.add(
                    new PubSubAlertSink(
                        new BearerRest(http, token::get, settings.pubsubEndpoint()), topic)));
    settings
        .teamsWebhookUrl()
        .ifPresent(
            url -> {
              Secret fixed = url;
              sinks.add(TeamsWebhookSink.create(() -> fixed));
            });
    if (sinks.isEmpty()) {
      throw new SettingsException(
          Settings.PUBSUB_TOPIC,
          "no alert destination: set "
              + Settings.PUBSUB_TOPIC
              + " or "
              + Settings.TEAMS_WEBHOOK_URL);
    }
    Detector detector = settings.detector(clock, log);
    this.responder =
        new Responder(
            settings.policy(ownIdentity),
            new GcpRemediator(
                iam,
                new BearerRest(http, token::get, settings.gcpStorageEndpoint()),
                new BearerRest(http, token::get, settings.gcpOsLoginEndpoint()),
                new BearerRest(http, token::get, settings.gcpApiKeysEndpoint())),
            sinks,
            settings.minSeverity(),
            settings.remediationTimeout(),
            clock);
    this.delivery = new Delivery(new EventReader(), detector, responder, log);
  }

  Delivery.Result handle(byte[] payload, String label) {
    return delivery.handle(payload, label);
  }

  @Override
  public void close() {
    responder.close();
  }
}
