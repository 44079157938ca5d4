package io.credwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.Source;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.Provenance;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Confirms an Azure event in its own log: an Entra audit record in Microsoft Graph ({@code
 * auditLogs/directoryAudits/{id}}, the same record the diagnostic setting streamed, so every field
 * must agree, the time exactly), an ARM event in the subscription's Activity Log (by correlation id
 * within minutes of the event; Event Grid and the Activity Log stamp the same operation apart).
 */
final class AzureProvenance implements Provenance {
  /** The Graph application permission that reads directory audits. */
  static final String GRAPH_PERMISSION = "AuditLog.Read.All";

  /** The ARM permission that reads the Activity Log. */
  static final String ACTIVITY_LOG_PERMISSION = "Microsoft.Insights/eventtypes/values/read";

  private static final Duration ARM_TOLERANCE = Duration.ofMinutes(5);

  // Each goes into a URL path or an OData filter: anything else is not what Azure writes, and is
  // refused rather than quoted.
  private static final Pattern AUDIT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

  private final BearerRest graph;
  private final BearerRest arm;
  private final EventReader reader = new EventReader();

  AzureProvenance(BearerRest graph, BearerRest arm) {
    this.graph = graph;
    this.arm = arm;
  }

  @Override
  public String log() {
    return "Entra's audit log or the Activity Log";
  }

  @Override
  public Answer confirm(CredentialEvent claimed) {
    return claimed.source() == Source.ENTRA_AUDIT ? directoryAudit(claimed) : activityLog(claimed);
  }

  private Answer directoryAudit(CredentialEvent claimed) {
    String log = "Entra's audit log";
    if (!AUDIT_ID.matcher(claimed.eventId()).matches()) {
      return new Contradicted("the record has no id that Entra writes");
    }
    Optional<JsonNode> audit;
    try {
      audit =
          graph.getIfExists(
              graph.uri(
                  "/v1.0/auditLogs/directoryAudits/" + BearerRest.segment(claimed.eventId())));
    } catch (BearerRest.CallFailed failed) {
      return new NotYet(
          AzureErrors.failure(failed, "read the record from Entra's audit log", GRAPH_PERMISSION)
              .detail());
    }
    return Provenance.compare(claimed, read(audit.stream().toList(), "graph"), log, Duration.ZERO);
  }

  private Answer activityLog(CredentialEvent claimed) {
    String log = "the Activity Log";
    if (!GUID.matcher(claimed.account()).matches()
        || !GUID.matcher(claimed.correlationId()).matches()
        || claimed.eventTime().isEmpty()) {
      return new Contradicted(
          "the event names no subscription, correlation id and time to look it up by");
    }
    Instant time = claimed.eventTime().get();
    String filter =
        "eventTimestamp ge '"
            + time.minus(ARM_TOLERANCE)
            + "' and eventTimestamp le '"
            + time.plus(ARM_TOLERANCE)
            + "' and correlationId eq '"
            + claimed.correlationId()
            + "'";
    JsonNode found;
    try {
      found =
          arm.get(
              arm.uri(
                  "/subscriptions/"
                      + claimed.account()
                      + "/providers/Microsoft.Insights/eventtypes/management/values"
                      + "?api-version=2015-04-01&$filter="
                      + BearerRest.segment(filter)));
    } catch (BearerRest.CallFailed failed) {
      return new NotYet(
          AzureErrors.failure(
                  failed, "list the operation in the Activity Log", ACTIVITY_LOG_PERMISSION)
              .detail());
    }
    List<JsonNode> events = new ArrayList<>();
    found.path("value").forEach(events::add);
    return Provenance.compare(claimed, read(events, "activity-log"), log, ARM_TOLERANCE);
  }

  private List<Verdict> read(List<JsonNode> records, String label) {
    List<Verdict> verdicts = new ArrayList<>();
    for (JsonNode record : records) {
      verdicts.addAll(reader.read(record.toString().getBytes(StandardCharsets.UTF_8), label));
    }
    return verdicts;
  }
}
