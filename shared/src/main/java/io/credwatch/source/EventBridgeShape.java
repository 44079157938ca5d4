package io.credwatch.source;

import java.util.Set;

/** An EventBridge event ({@code detail-type}, {@code detail}) carrying a CloudTrail record. */
final class EventBridgeShape implements Shape {
  static final ShapeKey DETAIL_TYPE_KEY = ShapeKey.of("detail-type");
  private static final ShapeKey DETAIL_KEY = ShapeKey.of("detail");
  private static final SniffField DETAIL_TYPE = SniffField.vocabulary("detail-type");
  private static final SniffField SOURCE = SniffField.vocabulary("source");
  private static final SniffField EVENT_SOURCE = SniffField.vocabulary("detail.eventSource");
  private static final SniffField EVENT_NAME = SniffField.vocabulary("detail.eventName");

  private static final Set<String> CLOUDTRAIL_DETAIL_TYPES =
      Set.of(
          "AWS API Call via CloudTrail",
          "AWS Console Action via CloudTrail",
          "AWS Service Event via CloudTrail",
          "AWS Console Signin via CloudTrail");

  private final CloudTrailParser cloudTrail;

  EventBridgeShape(CloudTrailParser cloudTrail) {
    this.cloudTrail = cloudTrail;
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(DETAIL_TYPE_KEY, DETAIL_KEY);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String error =
        sniff.typeError("detail", "detail-type", "detail.eventSource", "detail.eventName");
    if (error != null) {
      record.malformed("EventBridge event: " + error);
      return;
    }
    String detailType = sniff.get(DETAIL_TYPE);
    if (!CLOUDTRAIL_DETAIL_TYPES.contains(detailType)) {
      record.ignored(
          "EventBridge event without a CloudTrail record", "type " + Reasons.clip(detailType));
      return;
    }
    String eventSource = sniff.get(EVENT_SOURCE);
    String eventName = sniff.get(EVENT_NAME);
    if (!OperationCatalog.isAwsCredentialOperation(eventSource, eventName)) {
      record.notCredential(eventSource, eventName);
      return;
    }
    String source = sniff.get(SOURCE);
    if (!source.startsWith("aws.")) {
      // EventBridge refuses PutEvents with an aws.* source: any other source was put by someone.
      record.ignored(
          "EventBridge event from a custom source, not from CloudTrail",
          "source " + Reasons.clip(source));
      return;
    }
    record.parse(cloudTrail::parseEventBridge);
  }
}
