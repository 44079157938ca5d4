package io.credwatch.source;

/**
 * A CloudTrail record ({@code eventSource}, {@code eventName}), alone or from a log file's {@code
 * Records}. Most of a firehose is this shape and adds no credential: {@link #isSettledNoise} lets
 * the streaming pass stop reading such a record as soon as its operation is known.
 */
final class CloudTrailRecordShape implements Shape {
  private static final ShapeKey EVENT_SOURCE_KEY = ShapeKey.of("eventSource");
  private static final ShapeKey EVENT_NAME_KEY = ShapeKey.of("eventName");
  static final SniffField EVENT_SOURCE = SniffField.vocabulary("eventSource");
  static final SniffField EVENT_NAME = SniffField.vocabulary("eventName");
  private static final ShapeKey INSIGHT_DETAILS = ShapeKey.of("insightDetails");

  private final CloudTrailParser cloudTrail;

  CloudTrailRecordShape(CloudTrailParser cloudTrail) {
    this.cloudTrail = cloudTrail;
  }

  /**
   * True once a root object is certainly a CloudTrail record of an operation that adds no
   * credential: the rest of it needs tokenizing, not reading.
   */
  static boolean isSettledNoise(Sniff sniff) {
    if (!sniff.has(EVENT_SOURCE)
        || !sniff.has(EVENT_NAME)
        || sniff.hasKey(EventBridgeShape.DETAIL_TYPE_KEY)
        || sniff.hasKey(SqsMessageShape.BODY_KEY)
        || sniff.typeError("eventSource", "eventName") != null) {
      return false;
    }
    String eventSource = sniff.get(EVENT_SOURCE);
    return eventSource.endsWith(".amazonaws.com")
        && !OperationCatalog.isAwsCredentialOperation(eventSource, sniff.get(EVENT_NAME));
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(EVENT_SOURCE_KEY, EVENT_NAME_KEY);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String error = sniff.typeError("eventSource", "eventName");
    if (error != null) {
      record.malformed("CloudTrail record: " + error);
      return;
    }
    String eventSource = sniff.get(EVENT_SOURCE).trim();
    String eventName = sniff.get(EVENT_NAME).trim();
    if (sniff.hasKey(INSIGHT_DETAILS)) {
      // An Insights event names the API whose call rate changed; it is not a call of it.
      record.ignored(
          "CloudTrail Insights event (an unusual call rate, not an API call)",
          Reasons.clip(eventName));
      return;
    }
    if (sniff.isSettledNoise()) {
      record.notCredential(eventSource, eventName);
      return;
    }
    if (eventSource.startsWith("aws:")) {
      record.ignored(
          "AWS service notification, not a CloudTrail record", Reasons.clip(eventSource));
      return;
    }
    if (!OperationCatalog.isAwsCredentialOperation(eventSource, eventName)) {
      record.notCredential(eventSource, eventName);
      return;
    }
    record.parse((tree, location) -> cloudTrail.parse(tree, Envelope.NONE, location));
  }
}
