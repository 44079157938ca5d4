package io.credwatch.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.aws.AwsApi.Service;
import io.credwatch.event.CredentialEvent;
import io.credwatch.respond.Provenance;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Confirms an EventBridge event in CloudTrail's event history: {@code LookupEvents} by its {@code
 * eventID}, in the event's region, and the record found read by the same reader and compared.
 * EventBridge carries CloudTrail's own record, so every field must agree, the time exactly. The
 * event history lags EventBridge by minutes: until then the answer is "not yet".
 */
final class CloudTrailProvenance implements Provenance {
  static final String PERMISSION = "cloudtrail:LookupEvents";

  private final AwsApi api;
  private final String defaultRegion;
  private final EventReader reader = new EventReader();

  CloudTrailProvenance(AwsApi api, String defaultRegion) {
    this.api = api;
    this.defaultRegion = defaultRegion;
  }

  @Override
  public String log() {
    return "CloudTrail";
  }

  @Override
  public Answer confirm(CredentialEvent claimed) {
    if (claimed.eventId().isEmpty()) {
      return new Contradicted("the event has no eventID to look up in CloudTrail");
    }
    String region = claimed.region().isEmpty() ? defaultRegion : claimed.region();
    ObjectNode request = AwsApi.request().put("MaxResults", 5);
    request
        .putArray("LookupAttributes")
        .addObject()
        .put("AttributeKey", "EventId")
        .put("AttributeValue", claimed.eventId());
    JsonNode found;
    try {
      found = api.json(Service.CLOUDTRAIL, region, "LookupEvents", request);
    } catch (SdkException failed) {
      return new NotYet(
          AwsErrors.failed(failed, "look the event up in CloudTrail in " + region, PERMISSION)
              .detail());
    }
    List<Verdict> logged = new ArrayList<>();
    for (JsonNode event : found.path("Events")) {
      String record = event.path("CloudTrailEvent").asText("");
      if (!record.isEmpty()) {
        logged.addAll(
            reader.read(
                record.getBytes(StandardCharsets.UTF_8),
                "cloudtrail:" + region + ":lookup-events"));
      }
    }
    return Provenance.compare(claimed, logged, "CloudTrail", Duration.ZERO);
  }
}
