package io.credwatch.source;

/**
 * A CloudTrail Event history item, as {@code aws cloudtrail lookup-events} prints it (inside its
 * {@code Events} list) and the console's JSON download holds it: PascalCase summary fields beside
 * the full record as a JSON string in {@code CloudTrailEvent}, which is read as the record.
 */
final class CloudTrailEventHistoryShape implements Shape {
  private static final ShapeKey CLOUD_TRAIL_EVENT_KEY = ShapeKey.of("CloudTrailEvent");
  private static final SniffField CLOUD_TRAIL_EVENT = SniffField.raw("CloudTrailEvent");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(CLOUD_TRAIL_EVENT_KEY);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    if (sniff.typeError("CloudTrailEvent") != null) {
      // The console's download may hold the record as an object rather than text.
      record.rewrite(
          (tree, span) -> {
            if (!tree.path("CloudTrailEvent").isObject()) {
              span.malformed(
                  "CloudTrail Event history item: CloudTrailEvent is neither text nor an object");
              return;
            }
            span.readTree(tree.path("CloudTrailEvent"), "CloudTrailEvent", "CloudTrailEvent");
          });
      return;
    }
    String event = sniff.get(CLOUD_TRAIL_EVENT);
    if (event.isBlank()) {
      record.malformed("CloudTrail Event history item with an empty CloudTrailEvent");
      return;
    }
    record.readNested(event, "CloudTrailEvent", "", "CloudTrailEvent");
  }
}
