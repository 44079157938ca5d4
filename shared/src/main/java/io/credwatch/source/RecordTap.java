package io.credwatch.source;

/**
 * Sees every record's bytes as the streaming pass finds it, envelopes unwrapped and nested records
 * (SQS bodies, Pub/Sub data, exported rows) included, before its shape reads it. The scanner's
 * first-use pass uses it to look through every record for the few credentials it follows.
 */
@FunctionalInterface
public interface RecordTap {
  /** The record is {@code data[start..end)}; the array is reused after this returns. */
  void record(byte[] data, int start, int end);
}
