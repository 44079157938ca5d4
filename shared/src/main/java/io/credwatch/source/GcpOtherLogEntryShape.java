package io.credwatch.source;

/**
 * A Cloud Logging entry that is not an audit log ({@code logName} with a {@code jsonPayload},
 * {@code textPayload} or none), as {@code gcloud logging read} mixes them in with audit entries.
 */
final class GcpOtherLogEntryShape implements Shape {
  private static final ShapeKey LOG_NAME_KEY = ShapeKey.of("logName");
  // A vocabulary field: a stream holds few log names, and every GCP entry passes here.
  private static final SniffField LOG_NAME = SniffField.vocabulary("logName");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(LOG_NAME_KEY);
  }

  @Override
  public void read(RecordSpan record) {
    String logName = record.sniff().get(LOG_NAME);
    int logs = logName.lastIndexOf("/logs/");
    record.ignored(
        "Cloud Logging entry that is not an audit log",
        Reasons.clip(logs < 0 ? logName : logName.substring(logs + "/logs/".length())));
  }
}
