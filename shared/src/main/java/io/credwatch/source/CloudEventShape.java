package io.credwatch.source;

/**
 * A CloudEvent in structured JSON ({@code specversion}): Eventarc's Pub/Sub and audit-log events,
 * Event Grid's Resource Manager events in the CloudEvents schema, or any other event whose data is
 * read as records of its own.
 */
final class CloudEventShape implements Shape {
  private static final ShapeKey SPECVERSION = ShapeKey.of("specversion");
  private static final SniffField TYPE = SniffField.vocabulary("type");
  private static final SniffField DATA_BASE64 = SniffField.raw("data_base64");
  private static final SniffField PUSH_DATA = SniffField.raw("data.message.data");
  private static final SniffField PUSH_MESSAGE_ID = SniffField.raw("data.message.messageId");
  private static final SniffField SERVICE = SniffField.vocabulary("data.protoPayload.serviceName");
  private static final SniffField METHOD = SniffField.vocabulary("data.protoPayload.methodName");

  /** {@code data} given as text (JSON in a string) rather than an object. */
  private static final SniffField DATA_TEXT = SniffField.raw("data");

  // Collected into Sniff.permissions(), as for a LogEntry.
  @SuppressWarnings("unused")
  private static final SniffField PERMISSION =
      SniffField.every("data.protoPayload.authorizationInfo[].permission");

  private final GcpAuditParser gcpAudit;
  private final AzureActivityParser azureActivity;

  CloudEventShape(GcpAuditParser gcpAudit, AzureActivityParser azureActivity) {
    this.gcpAudit = gcpAudit;
    this.azureActivity = azureActivity;
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(SPECVERSION);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String type = sniff.get(TYPE);
    if (type.equals("google.cloud.pubsub.topic.v1.messagePublished") && sniff.has(PUSH_DATA)) {
      record.readBase64(sniff.get(PUSH_DATA), "data.message.data", sniff.get(PUSH_MESSAGE_ID));
    } else if (type.equals("google.cloud.audit.log.v1.written")) {
      auditLog(record, sniff);
    } else if (type.startsWith("Microsoft.Resources.")) {
      EventGridShape.readArmEvent(
          record, (tree, location) -> azureActivity.parseCloudEvent(tree, location));
    } else if (sniff.has(DATA_BASE64)) {
      record.readBase64(sniff.get(DATA_BASE64), "data_base64", "");
    } else if (sniff.has(DATA_TEXT)) {
      record.readNested(sniff.get(DATA_TEXT), "data", "", "CloudEvent data");
    } else {
      record.ignored("CloudEvent that is not an audit event", "type " + Reasons.clip(type));
    }
  }

  private void auditLog(RecordSpan record, Sniff sniff) {
    String error = sniff.typeError("data", "data.protoPayload", "data.protoPayload.methodName");
    if (error != null) {
      record.malformed("CloudEvent: " + error);
      return;
    }
    String service = sniff.get(SERVICE);
    String method = sniff.get(METHOD);
    if (sniff.has(DATA_TEXT)) {
      record.readNested(sniff.get(DATA_TEXT), "data", "", "CloudEvent data");
    } else if (!GcpLogEntryShape.mayAddCredential(service, method, sniff.permissions())) {
      record.notCredential(service, method);
    } else {
      record.parse(gcpAudit::parseCloudEvent);
    }
  }
}
