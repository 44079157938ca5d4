package io.credwatch.source;

import static io.credwatch.source.TokenPositions.endLine;
import static io.credwatch.source.TokenPositions.tokenLine;
import static io.credwatch.source.TokenPositions.tokenStart;
import static io.credwatch.source.TokenPositions.valueEnd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Framing: where the values of an input begin and end. An input is a document (any number of JSON
 * values one after another) or JSON lines; a stream of lines is read in chunks that end on a line
 * boundary. Every value is known by its exact byte span and lines, so that a broken line is read
 * again alone, and never forces re-reading the good lines before it.
 */
final class Framing {
  private static final int CHUNK = 8 * 1024 * 1024;
  private static final int HEAD = 64 * 1024;

  /** Documents up to this size are read whole (the fast path); larger ones are streamed. */
  static final int IN_MEMORY = 16 * 1024 * 1024;

  private final JsonLimits limits;
  private final JsonFactory factory;
  private final RecordWalker walker;
  private final StreamedDocument streamed;

  Framing(JsonLimits limits, JsonFactory factory, RecordWalker walker) {
    this.limits = limits;
    this.factory = factory;
    this.walker = walker;
    this.streamed = new StreamedDocument(limits, walker);
  }

  /** A document: a syntax error ends it (its position is reported; what came before stands). */
  void readDocument(
      byte[] data,
      int offset,
      int length,
      EventReader.Cursor cursor,
      int firstLine,
      Consumer<Verdict> sink) {
    walker.readDocument(
        new Walk(data, offset, cursor, firstLine - 1, sink),
        length,
        "; the rest of this input was skipped",
        "empty input: no JSON value");
  }

  /**
   * Complete JSON lines, read by one parser over the whole region while every value is a clean line
   * of its own (the fast path: a parser per line costs about a third more on a firehose). At the
   * first problem (a broken, truncated, oversized or hostile value, or one spanning lines) the
   * verdicts of the value being read are dropped, and the rest of the region is read line by line
   * between the newlines the framing found ({@link #readEachLine}). No line is read twice in either
   * mode, whatever the parser's error says about positions, so the work stays linear.
   *
   * @return the number of the line after the last one read (for the next chunk)
   */
  int readLines(
      byte[] data,
      int offset,
      int length,
      EventReader.Cursor cursor,
      int firstLine,
      Consumer<Verdict> sink) {
    int end = offset + length;
    if (hasLoneCarriageReturn(data, offset, end)) {
      // The parser counts a lone CR as a line break, the framing does not: only the framing's
      // lines are right, so each line is read on its own.
      return readEachLine(data, offset, end, firstLine, cursor, sink);
    }
    List<Verdict> pending = new ArrayList<>();
    Walk walk = new Walk(data, offset, cursor, firstLine - 1, pending::add);
    // Every value read so far ended before lastValueEnd, on a line before committedLine, which
    // starts at committedFrom; their verdicts are handed on.
    int lastValueEnd = offset;
    int committedFrom = offset;
    int committedLine = firstLine;
    long committedRecords = cursor.records();
    try (JsonParser parser = factory.createParser(data, offset, length)) {
      while (parser.nextToken() != null) {
        int valueStart = offset + tokenStart(parser);
        int valueLine = walk.lineBase + tokenLine(parser);
        walker.readValue(parser, walk, "");
        int valueEndLine = walk.lineBase + endLine(parser);
        int valueEndsAt = offset + valueEnd(parser);
        if (valueEndLine != valueLine || valueEndsAt - valueStart > limits.maxRecordBytes()) {
          break;
        }
        pending.forEach(sink);
        pending.clear();
        committedRecords = cursor.records();
        lastValueEnd = valueEndsAt;
        committedFrom = lineEnd(data, lastValueEnd, end);
        committedLine = valueEndLine + 1;
      }
      if (pending.isEmpty() && parser.currentToken() == null) {
        return walk.lineBase + parser.currentLocation().getLineNr();
      }
    } catch (IOException brokenValue) {
      // Positions in the error may be wrong (constraint errors carry none): the framing decides.
    }
    pending.clear();
    cursor.rewind(committedRecords);
    int restOfLine =
        committedFrom > lastValueEnd && data[committedFrom - 1] == '\n'
            ? committedFrom - 1
            : committedFrom;
    if (!isBlank(data, lastValueEnd, restOfLine)) {
      // The problem began after the last good value, on its line: read that remainder alone.
      walker.readDocument(
          Walk.onLine(data, lastValueEnd, cursor, committedLine - 1, sink),
          restOfLine - lastValueEnd,
          "",
          "empty line");
    }
    return readEachLine(data, committedFrom, end, committedLine, cursor, sink);
  }

  /** JSON lines, each read on its own; a line's problem costs that line only. */
  private int readEachLine(
      byte[] data,
      int from,
      int end,
      int firstLine,
      EventReader.Cursor cursor,
      Consumer<Verdict> sink) {
    int start = from;
    int line = firstLine;
    while (start < end) {
      int next = lineEnd(data, start, end);
      int contentEnd = next > start && data[next - 1] == '\n' ? next - 1 : next;
      if (!isBlank(data, start, contentEnd)) {
        int size = contentEnd - start;
        if (size > limits.maxRecordBytes()) {
          sink.accept(
              new Verdict.Malformed(
                  cursor.next(line, "", ""),
                  "record of "
                      + size
                      + " bytes is longer than "
                      + limits.maxRecordBytes()
                      + " bytes; skipped"));
        } else {
          walker.readDocument(Walk.onLine(data, start, cursor, line, sink), size, "", "empty line");
        }
      }
      start = next;
      line++;
    }
    return line;
  }

  /**
   * Reads a whole input stream, as JSON lines when its name says so or its first lines look like
   * them ({@link #looksLikeJsonLines}), else as one document of at most {@link
   * JsonLimits#maxDocumentBytes()}.
   *
   * @return true when the input held no byte at all
   */
  boolean readStream(InputStream in, String name, EventReader.Cursor cursor, Consumer<Verdict> sink)
      throws IOException {
    byte[] head = in.readNBytes(HEAD);
    if (head.length == 0) {
      return true;
    }
    String lower = name.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || looksLikeJsonLines(head)) {
      readLineChunks(head, in, cursor, sink);
    } else {
      readWholeDocument(head, in, cursor, sink);
    }
    return false;
  }

  private void readWholeDocument(
      byte[] head, InputStream in, EventReader.Cursor cursor, Consumer<Verdict> sink)
      throws IOException {
    int inMemory = (int) Math.min(IN_MEMORY, limits.maxDocumentBytes());
    // Read into one buffer that grows as needed: a CloudTrail log file of a few hundred KiB is
    // copied once, not three times (read in chunks, joined, joined again with the head).
    byte[] buffer = Arrays.copyOf(head, Math.min(inMemory + 1, Math.max(4 * head.length, HEAD)));
    int filled = head.length;
    while (filled <= inMemory) {
      if (filled == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(inMemory + 1L, 2L * buffer.length));
      }
      int read = in.read(buffer, filled, buffer.length - filled);
      if (read < 0) {
        cursor.readWhole(buffer, filled);
        readDocument(buffer, 0, filled, cursor, 1, sink);
        return;
      }
      filled += read;
    }
    // Larger documents (a 1 GiB CloudTrail export as one array) are never held whole.
    InputStream whole =
        new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(buffer, 0, filled), in);
    streamed.read(whole, cursor, sink);
  }

  /** JSON lines, in chunks that end on a line boundary; a line too long is skipped, reported. */
  private void readLineChunks(
      byte[] head, InputStream in, EventReader.Cursor cursor, Consumer<Verdict> sink)
      throws IOException {
    int maxLine = limits.maxRecordBytes();
    byte[] buffer = new byte[Math.max(CHUNK, head.length)];
    System.arraycopy(head, 0, buffer, 0, head.length);
    int filled = head.length;
    int line = 1;
    boolean skippingLongLine = false;
    boolean eof = false;
    while (!eof || filled > 0) {
      if (!eof && filled < buffer.length) {
        int read = in.readNBytes(buffer, filled, buffer.length - filled);
        filled += read;
        eof = filled < buffer.length;
      }
      if (skippingLongLine) {
        int newline = indexOf(buffer, 0, filled, (byte) '\n');
        if (newline < 0) {
          filled = 0;
          continue;
        }
        shift(buffer, newline + 1, filled);
        filled -= newline + 1;
        line++;
        skippingLongLine = false;
        continue;
      }
      int end = eof ? filled : lastIndexOf(buffer, filled, (byte) '\n') + 1;
      if (end <= 0) {
        if (filled < buffer.length) {
          continue;
        }
        if (buffer.length <= maxLine) {
          buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxLine + 1));
          continue;
        }
        sink.accept(
            new Verdict.Malformed(
                cursor.next(line, "", ""), "line longer than " + maxLine + " bytes; skipped"));
        skippingLongLine = true;
        filled = 0;
        continue;
      }
      line = readLines(buffer, 0, end, cursor, line, sink);
      shift(buffer, end, filled);
      filled -= end;
      if (eof && filled == 0) {
        break;
      }
    }
  }

  /**
   * JSON lines, not one document: there are two non-blank lines, and the first is a complete JSON
   * value on its own, or (when it is broken) both start a JSON object in their first column. A
   * pretty-printed document opens with an incomplete line and indents what follows.
   */
  boolean looksLikeJsonLines(byte[] head) {
    int[] first = nonBlankLine(head, 0);
    if (first.length == 0) {
      return false;
    }
    int[] second = nonBlankLine(head, first[1]);
    if (second.length == 0) {
      return false;
    }
    if (isOneCompleteValue(head, first[0], first[1])) {
      return true;
    }
    return head[first[0]] == '{' && head[second[0]] == '{';
  }

  /** The next line with content from {@code from}: {start, end} (end after the newline), or {}. */
  private static int[] nonBlankLine(byte[] data, int from) {
    int start = from;
    while (start < data.length) {
      int end = start;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      for (int i = start; i < end; i++) {
        if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r') {
          return new int[] {start, Math.min(end + 1, data.length)};
        }
      }
      start = end + 1;
    }
    return new int[0];
  }

  private boolean isOneCompleteValue(byte[] data, int from, int to) {
    try (JsonParser parser = factory.createParser(data, from, to - from)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException notComplete) {
      return false;
    }
  }

  private static int lineEnd(byte[] data, int from, int end) {
    for (int i = from; i < end; i++) {
      if (data[i] == '\n') {
        return i + 1;
      }
    }
    return end;
  }

  private static boolean hasLoneCarriageReturn(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == '\r' && (i + 1 == to || data[i + 1] != '\n')) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBlank(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = data[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static int lastIndexOf(byte[] data, int length, byte value) {
    for (int i = length - 1; i >= 0; i--) {
      if (data[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] data, int from, int to, byte value) {
    for (int i = from; i < to; i++) {
      if (data[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static void shift(byte[] buffer, int from, int filled) {
    System.arraycopy(buffer, from, buffer, 0, filled - from);
  }
}
