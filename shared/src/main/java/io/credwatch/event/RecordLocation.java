package io.credwatch.event;

/**
 * Where a native record was found: the evidence reference carried by every event and alert.
 *
 * @param file the file (or a delivery label such as {@code lambda-event}) the record came from
 * @param index the record's position in that file, counting from 0 after unwrapping envelopes
 * @param line the 1-based line on which the record starts, or 0 when unknown
 * @param path where inside the document: for example {@code Records[3]} or {@code [2].body}
 * @param deliveryId the platform's id of the delivered message (SQS message id, Pub/Sub message
 *     id), or ""
 */
public record RecordLocation(String file, long index, int line, String path, String deliveryId) {

  /** "file #index (line n)" for people. */
  public String describe() {
    StringBuilder text = new StringBuilder(file).append(" #").append(index);
    if (line > 0) {
      text.append(" (line ").append(line).append(')');
    }
    if (!path.isEmpty()) {
      text.append(" at ").append(path);
    }
    return text.toString();
  }
}
