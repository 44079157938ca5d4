package io.credwatch.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** A document too large to hold, read record by record (for {@link Framing}). */
final class StreamedDocument {
  private final JsonLimits limits;
  private final RecordWalker walker;
  private final JsonFactory streamingFactory;

  StreamedDocument(JsonLimits limits, RecordWalker walker) {
    this.limits = limits;
    this.walker = walker;
    this.streamingFactory = limits.newStreamingFactory();
  }

  /**
   * A large document, read record by record with a streaming parser: its top-level values, the
   * elements of a top-level array, and the elements of an envelope's list ({@code Records}, {@code
   * value}...) are each copied out alone, at most {@link JsonLimits#maxRecordBytes()}, and read as
   * records. Memory stays that of one record, whatever the document's size.
   */
  void read(InputStream in, EventReader.Cursor cursor, Consumer<Verdict> sink) {
    int line = 1;
    try (JsonParser parser = streamingFactory.createParser(in)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_ARRAY) {
          streamElements(parser, "", cursor, sink);
        } else if (token == JsonToken.START_OBJECT) {
          streamObject(parser, line, cursor, sink);
        } else {
          streamRecord(parser, "", line, cursor, sink);
        }
      }
    } catch (IOException error) {
      sink.accept(
          new Verdict.Malformed(
              cursor.next(line, "", ""),
              Reasons.describe(error) + "; the rest of this input was skipped"));
    }
  }

  /** The elements of an array, each a record, at {@code path[i]}. */
  private void streamElements(
      JsonParser parser, String path, EventReader.Cursor cursor, Consumer<Verdict> sink)
      throws IOException {
    int index = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      int line = parser.currentTokenLocation().getLineNr();
      streamRecord(parser, path + "[" + index + "]", line, cursor, sink);
      index++;
    }
    if (index == 0) {
      sink.accept(new Verdict.Ignored(cursor.next(1, path, ""), "empty JSON array"));
    }
  }

  /**
   * A large top-level object: an envelope, whose list is streamed; anything else of this size is a
   * single record beyond every limit.
   */
  private void streamObject(
      JsonParser parser, int line, EventReader.Cursor cursor, Consumer<Verdict> sink)
      throws IOException {
    boolean unwrapped = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_ARRAY && SniffTrie.ENVELOPE_ARRAYS.contains(name)) {
        streamElements(parser, name, cursor, sink);
        unwrapped = true;
      } else {
        parser.skipChildren();
      }
    }
    if (!unwrapped) {
      sink.accept(
          new Verdict.Malformed(
              cursor.next(line, "", ""),
              "a single JSON object larger than "
                  + (Framing.IN_MEMORY >> 20)
                  + " MiB that wraps no list of records; skipped"));
    }
  }

  /** One record copied out of the stream (bounded), then read as any record is. */
  private void streamRecord(
      JsonParser parser, String path, int line, EventReader.Cursor cursor, Consumer<Verdict> sink)
      throws IOException {
    BoundedBytes copy = new BoundedBytes(limits.maxRecordBytes());
    com.fasterxml.jackson.core.JsonStreamContext outside =
        parser.currentToken().isStructStart()
            ? parser.getParsingContext().getParent()
            : parser.getParsingContext();
    try (com.fasterxml.jackson.core.JsonGenerator generator =
        streamingFactory.createGenerator(copy)) {
      generator.copyCurrentStructure(parser);
    } catch (java.io.UncheckedIOException full) {
      if (!(full.getCause() instanceof BoundedBytes.Full)) {
        throw full;
      }
      while (parser.getParsingContext() != outside) {
        parser.nextToken();
      }
      sink.accept(
          new Verdict.Malformed(
              cursor.next(line, path, ""),
              "record longer than " + limits.maxRecordBytes() + " bytes; skipped"));
      return;
    }
    byte[] bytes = copy.toByteArray();
    walker.readDocument(Walk.onRecord(bytes, cursor, line, path, sink), bytes.length, "", "empty");
  }

  /** A byte buffer that refuses to grow past its limit. */
  private static final class BoundedBytes extends java.io.ByteArrayOutputStream {
    private final int limit;

    BoundedBytes(int limit) {
      super(1024);
      this.limit = limit;
    }

    static final class Full extends IOException {
      private static final long serialVersionUID = 1L;

      Full() {
        super("record too long");
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      if (count + len > limit) {
        throw new java.io.UncheckedIOException(new Full());
      }
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      if (count + 1 > limit) {
        throw new java.io.UncheckedIOException(new Full());
      }
      super.write(b);
    }
  }
}
