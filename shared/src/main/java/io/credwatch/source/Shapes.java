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

  /**
   * @param pipelineWrappers whether records wrapped by log pipelines are looked into (archives
   *     only; see {@link EventReader#forArchives()})
   */
  Shapes(boolean pipelineWrappers) {
    CloudTrailParser cloudTrail = new CloudTrailParser();
    GcpAuditParser gcpAudit = new GcpAuditParser();
    AzureActivityParser azureActivity = new AzureActivityParser();
    EntraAuditParser entra = new EntraAuditParser();
    java.util.List<Shape> shapes =
        new java.util.ArrayList<>(
            java.util.List.of(
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
                new CloudTrailDigestShape(),
                new CloudTrailEventHistoryShape(),
                new CloudTrailLakeShape(),
                new OcsfApiActivityShape(),
                new LogAnalyticsTableShape(),
                new LogAnalyticsActivityShape(),
                new LogAnalyticsAuditShape(),
                new Office365ActivityShape(),
                new CloudAppEventsShape(),
                new AzureCliActivityShape(),
                new BigQueryAuditShape(),
                new GcpOtherLogEntryShape()));
    if (pipelineWrappers) {
      // Last: a wrapper is only looked into when the record itself is of no known shape.
      shapes.add(new PipelineWrapperShape());
    }
    this.table = shapes.toArray(new Shape[0]);
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
        if (!record.admits(table[i])) {
          record.ignored(record.refusal(), shapeName(table[i]));
          return;
        }
        table[i].read(record);
        return;
      }
    }
    if (!record.admits(null)) {
      record.ignored(record.refusal(), "keys: " + record.describeKeys());
      return;
    }
    if (sniff.rootKeyCount() == 0) {
      record.ignored("empty JSON object");
    } else {
      record.ignored(Verdict.Ignored.UNKNOWN_SHAPE, "keys: " + record.describeKeys());
    }
  }

  /** "CloudTrailRecordShape" → "shape CloudTrailRecord", for the refusal's detail. */
  private static String shapeName(Shape shape) {
    return "shape " + shape.getClass().getSimpleName().replace("Shape", "");
  }
}
