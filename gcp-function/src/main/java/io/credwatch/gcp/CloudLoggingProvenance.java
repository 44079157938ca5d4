package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.event.CredentialEvent;
import io.credwatch.http.BearerRest;
import io.credwatch.json.JsonLimits;
import io.credwatch.respond.Provenance;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Confirms an audit entry in Cloud Logging: {@code entries.list} in the entry's project, filtered
 * by its {@code insertId} and a second around its timestamp, and the entry found read by the same
 * reader and compared. The sink and Pub/Sub carry Cloud Logging's own entry, so every field must
 * agree, the time exactly. Admin Activity entries are listed within seconds of being written.
 */
final class CloudLoggingProvenance implements Provenance {
  static final String PERMISSION = "logging.logEntries.list";

  // Both go into a filter: anything else is not what Cloud Logging writes, and is refused rather
  // than quoted.
  private static final Pattern INSERT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9.:-]{3,62}");

  private final BearerRest logging;
  private final EventReader reader = new EventReader();

  CloudLoggingProvenance(BearerRest logging) {
    this.logging = logging;
  }

  @Override
  public String log() {
    return "Cloud Logging";
  }

  @Override
  public Answer confirm(CredentialEvent claimed) {
    if (!INSERT_ID.matcher(claimed.eventId()).matches()) {
      return new Contradicted("the entry has no insertId that Cloud Logging writes");
    }
    if (!PROJECT_ID.matcher(claimed.account()).matches() || claimed.eventTime().isEmpty()) {
      return new Contradicted("the entry names no project and time to look it up by");
    }
    Instant time = claimed.eventTime().get();
    ObjectNode request = JsonLimits.defaultMapper().createObjectNode();
    request.putArray("resourceNames").add("projects/" + claimed.account());
    request.put(
        "filter",
        "insertId=\""
            + claimed.eventId()
            + "\" AND timestamp>=\""
            + time.minusSeconds(1)
            + "\" AND timestamp<=\""
            + time.plusSeconds(1)
            + "\"");
    request.put("pageSize", 5);
    JsonNode found;
    try {
      found = logging.post(logging.uri("/v2/entries:list"), request.toString());
    } catch (BearerRest.CallFailed failed) {
      return new NotYet(
          GcpErrors.failure(failed, "list the entry in Cloud Logging", PERMISSION).detail());
    }
    List<Verdict> logged = new ArrayList<>();
    for (JsonNode entry : found.path("entries")) {
      logged.addAll(
          reader.read(
              entry.toString().getBytes(StandardCharsets.UTF_8), "cloud-logging:entries.list"));
    }
    return Provenance.compare(claimed, logged, "Cloud Logging", Duration.ZERO);
  }
}
