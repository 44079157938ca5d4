package io.credwatch.source;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.RecordLocation;
import java.util.List;

/**
 * What became of one native record. Bad input is a verdict, never an exception, so a poison record
 * never blocks the rest of a batch or file.
 */
public sealed interface Verdict permits Verdict.Relevant, Verdict.Ignored, Verdict.Malformed {

  /** Where the record was found. */
  RecordLocation location();

  /** A credential operation: one event per credential the record adds (usually one). */
  record Relevant(RecordLocation location, List<CredentialEvent> events) implements Verdict {
    public Relevant {
      events = List.copyOf(events);
    }
  }

  /**
   * Valid input that is not a credential operation.
   *
   * @param category a constant phrase, for counting ("not a credential operation")
   * @param detail what the record was (its operation or keys), or ""
   */
  record Ignored(RecordLocation location, String category, String detail) implements Verdict {
    /** The category of records of an operation that adds no credential: most of any input. */
    public static final String NOT_CREDENTIAL = "not a credential operation";

    /** The category of records no shape reads; their detail lists their first member names. */
    public static final String UNKNOWN_SHAPE = "not an audit record of a known shape";

    public Ignored(RecordLocation location, String reason) {
      this(location, reason, "");
    }

    /** The reason for people: category and detail. */
    public String reason() {
      return detail.isEmpty() ? category : category + ": " + detail;
    }
  }

  /** Input that cannot be read: broken JSON, wrong types, limits exceeded, null, empty. */
  record Malformed(RecordLocation location, String reason) implements Verdict {}
}
