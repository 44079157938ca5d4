package io.credwatch.source;

/** An SQS message of a Lambda batch: its body is read as records of its own. */
final class SqsMessageShape implements Shape {
  static final ShapeKey BODY_KEY = ShapeKey.of("body");
  private static final SniffField BODY = SniffField.raw("body");
  private static final SniffField MESSAGE_ID = SniffField.raw("messageId");
  private static final SniffField EVENT_SOURCE = SniffField.vocabulary("eventSource");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(BODY_KEY);
  }

  @Override
  public boolean matches(Sniff sniff) {
    return sniff.get(EVENT_SOURCE).equals("aws:sqs");
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String error = sniff.typeError("body", "messageId");
    if (error != null) {
      record.malformed("SQS message: " + error);
      return;
    }
    record.readNested(sniff.get(BODY), "body", sniff.get(MESSAGE_ID), "SQS message body");
  }
}
