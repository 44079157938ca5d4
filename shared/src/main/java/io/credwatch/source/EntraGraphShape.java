package io.credwatch.source;

/**
 * An Entra directory audit record as Microsoft Graph lists it ({@code activityDisplayName} with
 * {@code targetResources} or {@code initiatedBy}), alone or from a {@code value} list.
 */
final class EntraGraphShape implements Shape {
  private static final ShapeKey ACTIVITY_KEY = ShapeKey.of("activityDisplayName");
  private static final ShapeKey TARGET_RESOURCES = ShapeKey.of("targetResources");
  private static final ShapeKey INITIATED_BY = ShapeKey.of("initiatedBy");
  private static final SniffField ACTIVITY = SniffField.vocabulary("activityDisplayName");
  private static final SniffField OPERATION_NAME = SniffField.vocabulary("operationName");

  private final EntraAuditParser entra;

  EntraGraphShape(EntraAuditParser entra) {
    this.entra = entra;
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(ACTIVITY_KEY);
  }

  @Override
  public boolean matches(Sniff sniff) {
    return sniff.hasKey(TARGET_RESOURCES) || sniff.hasKey(INITIATED_BY);
  }

  @Override
  public void read(RecordSpan record) {
    readEntra(record, record.sniff().get(ACTIVITY), entra);
  }

  /** An Entra record of either export: its activity (or operation name) decides. */
  static void readEntra(RecordSpan record, String activity, EntraAuditParser entra) {
    Sniff sniff = record.sniff();
    String error =
        sniff.typeError(
            "properties", "properties.activityDisplayName", "activityDisplayName", "operationName");
    if (error != null) {
      record.malformed("Entra audit record: " + error);
      return;
    }
    String name = activity.isEmpty() ? sniff.get(OPERATION_NAME) : activity;
    if (OperationCatalog.entraOperation(name).isEmpty()) {
      record.notCredential("entra", name);
      return;
    }
    record.parse(entra::parse);
  }
}
