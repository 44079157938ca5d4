package io.credwatch.source;

/**
 * The table of record shapes, tried in order: the first whose members match reads the record. The
 * order settles overlaps (an EventBridge event also has a {@code source}; an SQS message also has
 * an {@code eventSource}); a record matching none is ignored with its first member names.
 */
final class Shapes {
  private static final String[] ENVELOPE_ARRAYS = {"Records", "records"};

  private final Shape[] table;
  private final long[] requiredKeys;

  Shapes() {
    CloudTrailParser cloudTrail = new CloudTrailParser();
    GcpAuditParser gcpAudit = new GcpAuditParser();
    AzureActivityParser azureActivity = new AzureActivityParser();
    EntraAuditParser entra = new EntraAuditParser();
    this.table =
        new Shape[] {
          new EventBridgeShape(cloudTrail),
          new SqsMessageShape(),
          new CloudTrailRecordShape(cloudTrail),
          new GcpLogEntryShape(gcpAudit),
          new PubSubPushShape(),
          new CloudEventShape(gcpAudit, azureActivity),
          new EventGridShape(azureActivity),
          new EntraDiagnosticShape(entra),
          new AzureActivityShape(azureActivity),
          new EntraGraphShape(entra),
        };
    this.requiredKeys = new long[table.length];
    for (int i = 0; i < table.length; i++) {
      requiredKeys[i] = table[i].requiredKeys();
    }
  }

  /** Reads a record with the first shape that matches it. */
  void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String envelopeError = sniff.typeError(ENVELOPE_ARRAYS[0], ENVELOPE_ARRAYS[1]);
    if (envelopeError != null) {
      record.malformed(envelopeError);
      return;
    }
    long keys = sniff.keys();
    for (int i = 0; i < table.length; i++) {
      if ((keys & requiredKeys[i]) == requiredKeys[i] && table[i].matches(sniff)) {
        table[i].read(record);
        return;
      }
    }
    if (sniff.rootKeyCount() == 0) {
      record.ignored("empty JSON object");
    } else {
      record.ignored("not an audit record of a known shape", "keys: " + record.describeKeys());
    }
  }
}
