package io.credwatch.source;

import io.credwatch.event.RecordLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state of one read: where the bytes are, how records are numbered and located, where verdicts
 * go. A nested read (an SQS body, a Pub/Sub message) gets its own walk over the decoded bytes.
 */
final class Walk {
  private static final ThreadLocal<ValueCache> VALUES = ThreadLocal.withInitial(ValueCache::new);

  final byte[] data;

  /** Where in {@link #data} the parser of this walk started: token offsets count from here. */
  final int base;

  final EventReader.Cursor cursor;

  /** The line before the walk's first line: parser line numbers count from here. */
  final int lineBase;

  final int envelopeDepth;
  final String pathPrefix;
  final String deliveryId;
  final Consumer<Verdict> sink;
  final ValueCache values = VALUES.get();
  private final List<Sniff> sniffs = new ArrayList<>();
  private int sniffDepth;

  /** The outer record's line, for every record of a nested read (its bytes have no lines). */
  private final int fixedLine;

  Walk(byte[] data, int base, EventReader.Cursor cursor, int lineBase, Consumer<Verdict> sink) {
    this(data, base, cursor, lineBase, 0, "", "", sink, 0);
  }

  private Walk(
      byte[] data,
      int base,
      EventReader.Cursor cursor,
      int lineBase,
      int envelopeDepth,
      String pathPrefix,
      String deliveryId,
      Consumer<Verdict> sink,
      int fixedLine) {
    this.data = data;
    this.base = base;
    this.cursor = cursor;
    this.lineBase = lineBase;
    this.envelopeDepth = envelopeDepth;
    this.pathPrefix = pathPrefix;
    this.deliveryId = deliveryId;
    this.sink = sink;
    this.fixedLine = fixedLine;
  }

  /**
   * A walk over one JSON line: every record it holds, and any error in it, is on that line,
   * whatever line the parser would count.
   */
  static Walk onLine(
      byte[] data, int start, EventReader.Cursor cursor, int line, Consumer<Verdict> sink) {
    return new Walk(data, start, cursor, line - 1, 0, "", "", sink, line);
  }

  /** A walk over one record copied out of a streamed document, found at {@code line}. */
  static Walk onRecord(
      byte[] data, EventReader.Cursor cursor, int line, String path, Consumer<Verdict> sink) {
    return new Walk(data, 0, cursor, line - 1, 0, path, "", sink, line);
  }

  /** A walk over bytes found inside a record at {@code line}: one envelope deeper. */
  Walk nested(byte[] content, int line, String path, String nestedDeliveryId) {
    String delivery = nestedDeliveryId.isEmpty() ? deliveryId : nestedDeliveryId;
    return new Walk(content, 0, cursor, line - 1, envelopeDepth + 1, path, delivery, sink, line);
  }

  Sniff acquireSniff() {
    if (sniffDepth == sniffs.size()) {
      sniffs.add(new Sniff(values));
    }
    Sniff sniff = sniffs.get(sniffDepth++);
    sniff.reset();
    return sniff;
  }

  void releaseSniff() {
    sniffDepth--;
  }

  /** The location of the next record: numbers it, so call once per verdict, in order. */
  RecordLocation at(int line, String path) {
    return cursor.next(fixedLine > 0 ? fixedLine : line, path, deliveryId);
  }

  void emit(Verdict verdict) {
    sink.accept(verdict);
  }
}
