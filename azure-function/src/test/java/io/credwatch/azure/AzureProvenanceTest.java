package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.config.Settings;
import io.credwatch.event.CredentialEvent;
import io.credwatch.local.Azurite;
import io.credwatch.local.ExternalProcess;
import io.credwatch.respond.Provenance;
import io.credwatch.source.EventReader;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.source.Verdict;
import io.credwatch.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Provenance before action in Azure: the examples' Entra records are confirmed by Graph's directory
 * audits and their ARM events by the Activity Log (stand-ins holding what the cloud emitted);
 * forged ones, delivered through Event Hubs and Event Grid to the functions with a state table and
 * a confirmation queue in Azurite, wait in the queue with an alert saying so, and end {@code
 * skipped: not confirmed by the cloud's log} without a single Graph or ARM write.
 */
class AzureProvenanceTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static Azurite tables;
  private static Azurite queues;

  private AzureStandIn azure;
  private String table;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @BeforeAll
  static void startAzurite() throws Exception {
    if (Azurite.executable().isEmpty()) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException(
            "Azurite is required (CREDWATCH_REQUIRE_EMULATORS=1): npm ci --prefix tools");
      }
      Assumptions.abort("Azurite is not installed (npm ci --prefix tools): skipping");
    }
    int tablePort = ExternalProcess.freePort();
    tables = Azurite.start(tablePort, Path.of("target/azurite-" + tablePort + ".log"));
    int queuePort = ExternalProcess.freePort();
    queues = Azurite.startQueue(queuePort, Path.of("target/azurite-queue-" + queuePort + ".log"));
    HttpResponse<String> created =
        signed("PUT", URI.create(queues.queueEndpoint() + "/" + AzureSettings.CONFIRMATION_QUEUE));
    assertThat(created.statusCode()).as(created.body()).isIn(201, 204);
  }

  @AfterAll
  static void stopAzurite() {
    if (queues != null) {
      queues.close();
    }
    if (tables != null) {
      tables.close();
    }
  }

  @BeforeEach
  void standIn() throws Exception {
    azure = new AzureStandIn();
    table = "state" + System.nanoTime();
    TableActionLedgerTest.createTable(tables, table);
    HttpResponse<String> cleared =
        signed(
            "DELETE",
            URI.create(
                queues.queueEndpoint() + "/" + AzureSettings.CONFIRMATION_QUEUE + "/messages"));
    assertThat(cleared.statusCode()).isEqualTo(204);
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  /** SharedKeyLite for the Queue service: verb, content type, the x-ms headers and the path. */
  private static String queueKey(String verb, String contentType, String date, String path) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(Azurite.KEY), "HmacSHA256"));
      String toSign =
          verb
              + "\n\n"
              + contentType
              + "\n\n"
              + "x-ms-date:"
              + date
              + "\nx-ms-version:2021-08-06\n/"
              + Azurite.ACCOUNT
              + path;
      return "SharedKeyLite "
          + Azurite.ACCOUNT
          + ":"
          + Base64.getEncoder()
              .encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static HttpResponse<String> signed(String verb, URI uri) throws Exception {
    String date = RFC_1123.format(Instant.now());
    return HTTP.send(
        HttpRequest.newBuilder(uri)
            .header("x-ms-date", date)
            .header("x-ms-version", "2021-08-06")
            .header(
                "Authorization",
                queueKey(
                    verb,
                    "",
                    date,
                    // SharedKeyLite signs the comp parameter of a component's URI, nothing else.
                    uri.getRawPath()
                        + (uri.getRawQuery() != null && uri.getRawQuery().startsWith("comp=")
                            ? "?" + uri.getRawQuery()
                            : "")))
            .method(verb, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Messages in the confirmation queue, visible or still delayed. */
  private static int queued() throws Exception {
    HttpResponse<String> metadata =
        signed(
            "GET",
            URI.create(
                queues.queueEndpoint()
                    + "/"
                    + AzureSettings.CONFIRMATION_QUEUE
                    + "?comp=metadata"));
    assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
    return Integer.parseInt(
        metadata.headers().firstValue("x-ms-approximate-messages-count").orElse("-1"));
  }

  private CredWatchFunctions functions(Clock clock) {
    Map<String, String> environment = new HashMap<>(azure.environment());
    environment.put(Settings.REMEDIATION, "enforce");
    environment.put(AzureSettings.STATE_TABLE_ENDPOINT, tables.tableEndpoint().toString());
    environment.put(AzureSettings.STATE_TABLE, table);
    environment.put(AzureSettings.CONFIRMATION_QUEUE_ENDPOINT, queues.queueEndpoint().toString());
    return new CredWatchFunctions(
        new AzureCore(
            environment,
            clock,
            new PrintStream(logs, true, StandardCharsets.UTF_8),
            pause -> {},
            new AzureCore.SharedKey(
                TableActionLedgerTest::sharedKeyLite,
                (date, version, path) -> queueKey("POST", "application/xml", date, path))));
  }

  private static String example(String name) throws Exception {
    return Files.readString(
        io.credwatch.testing.Fixtures.repositoryRoot().resolve("examples/events/azure/" + name));
  }

  private static List<CredentialEvent> events(PlatformDelivery delivery) {
    List<CredentialEvent> events = new ArrayList<>();
    for (Verdict verdict : new EventReader().read(delivery)) {
      if (verdict instanceof Verdict.Relevant relevant) {
        events.addAll(relevant.events());
      }
    }
    assertThat(events).isNotEmpty();
    return events;
  }

  @Test
  void theExamplesEvents_areConfirmedInGraphsDirectoryAudits_andTheActivityLog() throws Exception {
    String entra = example("eventhub-entra-audit-logs.json");
    String arm = example("eventgrid-arm-events.json");
    AzureProvenance provenance = new AzureProvenance(azure.rest(), azure.rest());
    List<CredentialEvent> events = new ArrayList<>();
    events.addAll(events(new PlatformDelivery.EventHubsBody(entra, "t", 0)));
    events.addAll(events(new PlatformDelivery.EventGridEvent(arm, "t")));
    for (CredentialEvent event : events) {
      assertThat(provenance.confirm(event)).isInstanceOf(Provenance.NotYet.class);
    }
    azure.audits(entra);
    azure.activity(arm);
    for (CredentialEvent event : events) {
      assertThat(provenance.confirm(event))
          .as(event.operation().qualified())
          .isInstanceOf(Provenance.Confirmed.class);
    }
  }

  @Test
  void anEntraRecordNamingAnotherCredential_isContradicted() throws Exception {
    String entra = example("eventhub-entra-audit-logs.json");
    azure.audits(entra);
    String forged =
        entra.replace(
            "f3b8e2d1-3333-4d4e-9f0a-000000000002", "0c7a1b2e-2222-4c3d-8e9f-000000000009");
    assertThat(forged).isNotEqualTo(entra);
    CredentialEvent event = events(new PlatformDelivery.EventHubsBody(forged, "t", 0)).get(0);
    assertThat(new AzureProvenance(azure.rest(), azure.rest()).confirm(event))
        .isInstanceOfSatisfying(
            Provenance.Contradicted.class,
            contradicted -> assertThat(contradicted.why()).contains("another credential"));
  }

  @Test
  void aForgedEntraRecordThroughEventHubs_waitsInTheQueue_thenIsSkipped_withNoWrite()
      throws Exception {
    String forged =
        example("eventhub-entra-audit-logs.json").replace("Directory_", "Directory_FORGED_");
    SettableClock clock = new SettableClock(Instant.now());
    CredWatchFunctions functions = functions(clock);
    functions.entraAuditLogs(
        List.of(forged), new Binding<>(), CredWatchFunctionsTest.attempt(0, 4));
    assertThat(queued()).isPositive();
    int waiting = queued();
    assertThat(azure.lastCardText()).contains("pending");

    clock.advance(Duration.ofMinutes(61));
    String followUp =
        new String(
            new PlatformDelivery.EventHubsBody(forged, "t", 0)
                .followUpOf(new io.credwatch.event.RecordLocation("t", 0, 0, "records[0]", "")),
            StandardCharsets.UTF_8);
    functions.confirmationFollowUps(followUp, CredWatchFunctionsTest.attempt(0, 0));
    assertThat(queued()).isEqualTo(waiting);
    assertThat(azure.lastCardText()).contains("not confirmed by the cloud's log within 60 minutes");
    assertThat(azure.writes()).isZero();
  }

  @Test
  void aForgedArmEventThroughEventGrid_waitsInTheQueue_thenIsSkipped_withNoWrite()
      throws Exception {
    // The example's operations, which the Activity Log here never recorded.
    String forged = example("eventgrid-arm-events.json");
    SettableClock clock = new SettableClock(Instant.now());
    CredWatchFunctions functions = functions(clock);
    int before = queued();
    functions.armEvents(forged, CredWatchFunctionsTest.attempt(0, 0));
    int waiting = queued();
    assertThat(waiting).isGreaterThan(before);
    assertThat(azure.lastCardText()).contains("pending");

    clock.advance(Duration.ofMinutes(61));
    functions.confirmationFollowUps(forged, CredWatchFunctionsTest.attempt(0, 0));
    assertThat(queued()).isEqualTo(waiting);
    assertThat(azure.lastCardText()).contains("not confirmed by the cloud's log within 60 minutes");
    assertThat(azure.writes()).isZero();
  }
}
