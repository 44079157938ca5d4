package io.credwatch.source;

/**
 * One native record shape (a CloudTrail record, a GCP LogEntry, an Entra audit record...). A shape
 * declares the root members that identify it ({@link ShapeKey}) and the few fields it needs from
 * the streaming pass ({@link SniffField}) as its own constants, then turns a record into a verdict
 * or into the records nested in it. Adding a shape is one class and one row in {@link Shapes}.
 */
interface Shape {
  /**
   * The root members every record of this shape has ({@link ShapeKey#mask}): a record lacking one
   * is not tried. One bit test rules most shapes out, so the firehose costs no call per shape.
   */
  long requiredKeys();

  /** Given the required members, true when what the streaming pass saw is this shape. */
  default boolean matches(Sniff sniff) {
    return true;
  }

  /** Gives the record its verdict (through {@code record}), or reads the records inside it. */
  void read(RecordSpan record);
}
