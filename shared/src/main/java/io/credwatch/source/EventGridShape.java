package io.credwatch.source;

/**
 * An Event Grid event in the Event Grid schema ({@code eventType}, {@code data} and one of {@code
 * topic}, {@code subject}, {@code dataVersion}): a Resource Manager operation, or the subscription
 * handshake.
 */
final class EventGridShape implements Shape {
  private static final ShapeKey EVENT_TYPE_KEY = ShapeKey.of("eventType");
  private static final ShapeKey DATA = ShapeKey.of("data");
  private static final ShapeKey TOPIC = ShapeKey.of("topic");
  private static final ShapeKey SUBJECT = ShapeKey.of("subject");
  private static final ShapeKey DATA_VERSION = ShapeKey.of("dataVersion");
  private static final SniffField EVENT_TYPE = SniffField.vocabulary("eventType");
  private static final SniffField OPERATION_NAME = SniffField.vocabulary("data.operationName");

  private final AzureActivityParser azureActivity;

  EventGridShape(AzureActivityParser azureActivity) {
    this.azureActivity = azureActivity;
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(EVENT_TYPE_KEY, DATA);
  }

  @Override
  public boolean matches(Sniff sniff) {
    return sniff.hasKey(TOPIC) || sniff.hasKey(SUBJECT) || sniff.hasKey(DATA_VERSION);
  }

  @Override
  public void read(RecordSpan record) {
    String type = record.sniff().get(EVENT_TYPE);
    if (type.equals("Microsoft.EventGrid.SubscriptionValidationEvent")) {
      record.ignored("Event Grid subscription validation handshake (answered by the trigger)");
    } else if (type.startsWith("Microsoft.Resources.")) {
      readArmEvent(record, azureActivity::parseEventGrid);
    } else {
      record.ignored(
          "Event Grid event that is not a Resource Manager operation",
          "type " + Reasons.clip(type));
    }
  }

  /** A Resource Manager event, in either schema: its {@code data.operationName} decides. */
  static void readArmEvent(RecordSpan record, RecordSpan.TreeParser parser) {
    Sniff sniff = record.sniff();
    String error = sniff.typeError("data", "data.operationName");
    if (error != null) {
      record.malformed("Resource Manager event: " + error);
      return;
    }
    String operation = sniff.get(OPERATION_NAME);
    if (OperationCatalog.armOperation(operation).isEmpty()) {
      record.notCredential("arm", operation);
      return;
    }
    record.parse(parser);
  }
}
