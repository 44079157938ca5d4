package io.credwatch.source;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where each record of an input lies in its bytes, noted during the first read, so that a second
 * read (first use) finds the records by these offsets instead of framing the input again. Known
 * only for an input read whole into one buffer with every record in it: JSON lines read in chunks,
 * a document too large to hold, and records unwrapped from inside a string (an SQS body) have no
 * offsets of their own, and are framed again.
 */
public final class RecordSpans implements RecordTap {
  private final EventReader.Cursor cursor;
  private int[] spans = new int[64];
  private int count;
  private boolean inWholeInput = true;

  private RecordSpans(EventReader.Cursor cursor) {
    this.cursor = cursor;
  }

  /** Notes the spans of the records {@code cursor} reads (it taps them). */
  public static RecordSpans noting(EventReader.Cursor cursor) {
    RecordSpans spans = new RecordSpans(cursor);
    cursor.tapping(spans);
    return spans;
  }

  @Override
  public void record(byte[] data, int start, int end) {
    if (!inWholeInput) {
      return;
    }
    if (data != cursor.wholeInput()) {
      inWholeInput = false;
      spans = new int[0];
      return;
    }
    if (count + 2 > spans.length) {
      spans = Arrays.copyOf(spans, spans.length * 2);
    }
    spans[count++] = start;
    spans[count++] = end;
  }

  /** The layout, once the input is read: empty when its records have no offsets of their own. */
  public Optional<Layout> layout() {
    if (!inWholeInput || cursor.wholeInput() == null) {
      return Optional.empty();
    }
    return Optional.of(new Layout(cursor.wholeInputLength(), Arrays.copyOf(spans, count)));
  }

  /** An input's length and its records' offsets, {start, end} by record. */
  @SuppressWarnings("ArrayRecordComponent") // kept whole, never compared or hashed
  public record Layout(int length, int[] spans) {
    public int records() {
      return spans.length / 2;
    }

    public int start(int record) {
      return spans[2 * record];
    }

    public int end(int record) {
      return spans[2 * record + 1];
    }
  }
}
