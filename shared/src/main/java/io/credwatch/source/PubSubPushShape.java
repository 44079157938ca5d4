package io.credwatch.source;

/** A Pub/Sub push request ({@code message.data}, base64): the data is read as records. */
final class PubSubPushShape implements Shape {
  private static final ShapeKey MESSAGE = ShapeKey.of("message");
  private static final SniffField DATA = SniffField.raw("message.data");
  private static final SniffField MESSAGE_ID = SniffField.raw("message.messageId");
  private static final SniffField MESSAGE_ID_SNAKE = SniffField.raw("message.message_id");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(MESSAGE);
  }

  @Override
  public boolean matches(Sniff sniff) {
    return sniff.has(DATA);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String deliveryId = sniff.get(MESSAGE_ID);
    if (deliveryId.isEmpty()) {
      deliveryId = sniff.get(MESSAGE_ID_SNAKE);
    }
    record.readBase64(sniff.get(DATA), "message.data", deliveryId);
  }
}
