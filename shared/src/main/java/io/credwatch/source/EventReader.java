package io.credwatch.source;

import io.credwatch.event.RecordLocation;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns native input into one {@link Verdict} per native record, whatever the shape: the way in for
 * the functions (one platform delivery) and the scanner (files and streams).
 *
 * <p>Three parts do the work. {@link Framing} finds where values begin and end (documents, JSON
 * lines, chunks of a stream). {@link RecordWalker} reads each value once with a streaming parser,
 * unwrapping envelopes (CloudTrail log files, Event Hubs {@code records}, Graph {@code value}
 * lists) and capturing only the fields that name a record's shape and operation. {@link Shapes}
 * then gives the record to its shape, which unwraps what it carries (SQS bodies, Pub/Sub data,
 * CloudEvent data) or, for the roughly 1 in 1,000 records of a catalogued credential operation,
 * parses it into a tree for its cloud's parser. The firehose of irrelevant events so costs little
 * more than tokenizing it.
 *
 * <p>Thread-safe: each call keeps its state on its own stack.
 */
public final class EventReader {
  private final JsonLimits limits;
  private final Framing framing;

  /** The reader of the functions: the records the platforms deliver, in every shape. */
  public EventReader() {
    this(JsonLimits.defaults());
  }

  public EventReader(JsonLimits limits) {
    this(limits, false);
  }

  private EventReader(JsonLimits limits, boolean pipelineWrappers) {
    this.limits = limits;
    var factory = limits.newFactory();
    this.framing =
        new Framing(limits, factory, new RecordWalker(limits, factory, pipelineWrappers));
  }

  /**
   * The reader of archives (the scanner): also looks inside records that log pipelines wrapped
   * (Splunk {@code _raw}, Elastic {@code event.original}, Logstash {@code message}...). The
   * functions never do: what a platform delivers is the cloud's own record, and a record the cloud
   * did not emit must not be found inside text of one it did.
   */
  public static EventReader forArchives(JsonLimits limits) {
    return new EventReader(limits, true);
  }

  public static EventReader forArchives() {
    return forArchives(JsonLimits.defaults());
  }

  public JsonLimits limits() {
    return limits;
  }

  /** Numbers the records of one input (a file, or one platform delivery). */
  public static final class Cursor {
    private final String file;
    private final Admission admission;
    private @Nullable RecordTap tap;
    private long nextIndex;
    private byte @Nullable [] wholeInput;
    private int wholeInputLength;

    public Cursor(String file) {
      this(file, Admission.ANY);
    }

    Cursor(String file, Admission admission) {
      this.file = file;
      this.admission = admission;
    }

    /** Shows every record of this input to {@code tap} before its shape reads it. */
    public Cursor tapping(RecordTap tap) {
      this.tap = tap;
      return this;
    }

    @Nullable RecordTap tap() {
      return tap;
    }

    /** Noted by the framing when the whole input was read into {@code buffer[0..length)}. */
    void readWhole(byte[] buffer, int length) {
      this.wholeInput = buffer;
      this.wholeInputLength = length;
    }

    /** The buffer holding the whole input, if it was read whole; a tap compares with it. */
    byte @Nullable [] wholeInput() {
      return wholeInput;
    }

    /** How many bytes the input read whole had (0 when it was not read whole). */
    int wholeInputLength() {
      return wholeInputLength;
    }

    /** Which record shapes this input may hold. */
    Admission admission() {
      return admission;
    }

    public String file() {
      return file;
    }

    /** How many records have been given a verdict so far. */
    public long records() {
      return nextIndex;
    }

    /** The location of the next record, which this numbers. */
    RecordLocation next(int line, String path, String deliveryId) {
      return new RecordLocation(file, nextIndex++, line, path, deliveryId);
    }

    /** Takes back the numbers given since {@code records} (verdicts dropped to be read again). */
    void rewind(long records) {
      nextIndex = records;
    }
  }

  /**
   * Reads one platform delivery, typed by how it arrived, accepting only the records that platform
   * delivers ({@link Admission#of}): a bare CloudTrail record given to the Lambda function is
   * ignored, whatever it says.
   */
  public List<Verdict> read(PlatformDelivery delivery) {
    return read(delivery.json(), new Cursor(delivery.label(), Admission.of(delivery)));
  }

  /** Reads one whole input of any shape (a file's bytes, a test's record). */
  public List<Verdict> read(byte[] payload, String label) {
    return read(payload, new Cursor(label));
  }

  private List<Verdict> read(byte[] payload, Cursor cursor) {
    List<Verdict> verdicts = new ArrayList<>();
    readDocument(payload, 0, payload.length, cursor, 1, verdicts::add);
    return verdicts;
  }

  /**
   * Reads a document: any number of JSON values one after another. A syntax error ends the document
   * (its position is reported; what came before it stands).
   */
  public void readDocument(
      byte[] data, int offset, int length, Cursor cursor, int firstLine, Consumer<Verdict> sink) {
    framing.readDocument(data, offset, length, cursor, firstLine, sink);
  }

  /**
   * Reads complete JSON lines. A broken, truncated or multi-line record is reported with its line
   * and reading goes on with the next line.
   *
   * @return the number of the line after the last one read (for the next chunk)
   */
  public int readLines(
      byte[] data, int offset, int length, Cursor cursor, int firstLine, Consumer<Verdict> sink) {
    return framing.readLines(data, offset, length, cursor, firstLine, sink);
  }

  /**
   * Reads a whole (decompressed) input stream: JSON lines when {@code name} ends in {@code .jsonl}
   * or {@code .ndjson} or the first lines look like them, read in chunks; else one document.
   *
   * @return true when the stream held no byte at all
   */
  public boolean readStream(InputStream in, String name, Cursor cursor, Consumer<Verdict> sink)
      throws IOException {
    return framing.readStream(in, name, cursor, sink);
  }

  /** True when the start of an input looks like JSON lines rather than one document. */
  boolean looksLikeJsonLines(byte[] head) {
    return framing.looksLikeJsonLines(head);
  }
}
