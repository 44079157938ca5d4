package io.credwatch.aws;

import io.credwatch.event.CredentialEvent;
import io.credwatch.respond.Provenance;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * Confirms an EventBridge event in CloudTrail's event history: {@code LookupEvents} by its {@code
 * eventID}, in the event's region, and the record found read by the same reader and compared.
 * EventBridge carries CloudTrail's own record, so every field must agree, the time exactly. The
 * event history lags EventBridge by minutes: until then the answer is "not yet".
 */
final class CloudTrailProvenance implements Provenance {
  static final String PERMISSION = "cloudtrail:LookupEvents";

  private final Function<String, CloudTrailClient> clientForRegion;
  private final String defaultRegion;
  private final EventReader reader = new EventReader();

  CloudTrailProvenance(Function<String, CloudTrailClient> clientForRegion, String defaultRegion) {
    this.clientForRegion = clientForRegion;
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
    LookupEventsResponse found;
    try {
      found =
          clientForRegion
              .apply(region)
              .lookupEvents(
                  request ->
                      request
                          .lookupAttributes(
                              attribute ->
                                  attribute
                                      .attributeKey(LookupAttributeKey.EVENT_ID)
                                      .attributeValue(claimed.eventId()))
                          .maxResults(5));
    } catch (SdkException failed) {
      return new NotYet(
          AwsErrors.failed(failed, "look the event up in CloudTrail in " + region, PERMISSION)
              .detail());
    }
    List<Verdict> logged = new ArrayList<>();
    for (Event event : found.events()) {
      if (event.cloudTrailEvent() != null) {
        logged.addAll(
            reader.read(
                event.cloudTrailEvent().getBytes(StandardCharsets.UTF_8),
                "cloudtrail:" + region + ":lookup-events"));
      }
    }
    return Provenance.compare(claimed, logged, "CloudTrail", Duration.ZERO);
  }
}
