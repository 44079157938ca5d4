package io.credwatch.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The only way into the JSON parser: bounds applied to untrusted JSON, so that a hostile or broken
 * record is reported instead of exhausting memory or the stack.
 *
 * @param maxDepth deepest nesting accepted (audit records nest fewer than 20 levels)
 * @param maxStringLength longest string value in characters (a Pub/Sub push carries up to 10 MB of
 *     base64)
 * @param maxRecordBytes longest single record (one JSON line, one envelope body)
 * @param maxDocumentBytes largest whole document read into memory (a non-line-oriented file)
 * @param maxEnvelopeDepth how many envelopes may nest (SQS body holding an EventBridge event
 *     holding ...)
 */
public record JsonLimits(
    int maxDepth,
    int maxStringLength,
    int maxRecordBytes,
    long maxDocumentBytes,
    int maxEnvelopeDepth) {

  private static final int MIB = 1024 * 1024;

  /** The defaults: generous for every real audit record, tight enough for hostile input. */
  public static JsonLimits defaults() {
    return new JsonLimits(100, 16 * MIB, 20 * MIB, 1024L * MIB, 4);
  }

  /** A streaming factory that enforces these limits. */
  public JsonFactory newFactory() {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxStringLength(maxStringLength)
            .maxDocumentLength(maxDocumentBytes)
            .maxNumberLength(1000)
            .maxNameLength(50_000)
            .build();
    // Interned member names let the streaming pass compare them by reference (SniffTrie).
    return JsonFactory.builder()
        .streamReadConstraints(constraints)
        .enable(JsonFactory.Feature.INTERN_FIELD_NAMES)
        .build();
  }

  /**
   * A streaming factory with these limits but no bound on the whole document: for documents read
   * record by record, never held whole, where each record is bounded by {@link #maxRecordBytes}.
   */
  public JsonFactory newStreamingFactory() {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxStringLength(maxStringLength)
            .maxDocumentLength(-1)
            .maxNumberLength(1000)
            .maxNameLength(50_000)
            .build();
    return JsonFactory.builder().streamReadConstraints(constraints).build();
  }

  /** A tree mapper over {@link #newFactory()}. */
  public ObjectMapper newMapper() {
    return new ObjectMapper(newFactory());
  }

  /**
   * The tree mapper of the default limits, built once: the one way for code outside the reader to
   * parse JSON it did not write (event parts, API answers, secrets).
   */
  public static ObjectMapper defaultMapper() {
    return Shared.MAPPER;
  }

  /** A streaming factory of the default limits, built once. */
  public static JsonFactory defaultFactory() {
    return Shared.MAPPER.getFactory();
  }

  // A holder, so that the mapper is built on first use, not when the limits are.
  private static final class Shared {
    static final ObjectMapper MAPPER = defaults().newMapper();
  }
}
