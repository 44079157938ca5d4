package io.credwatch.source;

import java.util.Locale;

/**
 * An Entra audit record as diagnostic settings export it (to Event Hubs, storage, Log Analytics):
 * {@code properties} holds the Graph-style record, and the category or resource says it is Entra.
 */
final class EntraDiagnosticShape implements Shape {
  private static final ShapeKey PROPERTIES = ShapeKey.of("properties");
  private static final SniffField ACTIVITY =
      SniffField.vocabulary("properties.activityDisplayName");
  private static final SniffField CATEGORY = SniffField.vocabulary("category");
  private static final SniffField RESOURCE_ID = SniffField.vocabulary("resourceId");

  private final EntraAuditParser entra;

  EntraDiagnosticShape(EntraAuditParser entra) {
    this.entra = entra;
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(PROPERTIES);
  }

  @Override
  public boolean matches(Sniff sniff) {
    return sniff.has(ACTIVITY)
        || sniff.get(CATEGORY).equalsIgnoreCase("AuditLogs")
        || sniff.get(RESOURCE_ID).toLowerCase(Locale.ROOT).endsWith("/providers/microsoft.aadiam");
  }

  @Override
  public void read(RecordSpan record) {
    EntraGraphShape.readEntra(record, record.sniff().get(ACTIVITY), entra);
  }
}
