package io.credwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.event.RecordLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * One record as the streaming pass found it: what it saw ({@link #sniff()}), where the record's
 * bytes are ({@link #start}..{@link #end} of its walk's data) and its line and path. A {@link
 * Shape} reads it into exactly one verdict, or into the records nested in it.
 */
final class RecordSpan {
  /** A record's own parser: from its tree to its verdict. */
  interface TreeParser {
    Verdict parse(JsonNode tree, RecordLocation location);
  }

  private final Sniff sniff;
  private final Walk walk;
  private final RecordWalker walker;
  final String path;
  final int line;
  final int start;
  final int end;

  RecordSpan(
      Sniff sniff, Walk walk, RecordWalker walker, String path, int line, int start, int end) {
    this.sniff = sniff;
    this.walk = walk;
    this.walker = walker;
    this.path = path;
    this.line = line;
    this.start = start;
    this.end = end;
  }

  Sniff sniff() {
    return sniff;
  }

  void malformed(String reason) {
    walk.emit(new Verdict.Malformed(walk.at(line, path), reason));
  }

  void ignored(String reason) {
    walk.emit(new Verdict.Ignored(walk.at(line, path), reason));
  }

  void ignored(String category, String detail) {
    walk.emit(new Verdict.Ignored(walk.at(line, path), category, detail));
  }

  /** Ignores a record of an operation that adds no credential, naming the operation. */
  void notCredential(String service, String operation) {
    if (operation.isEmpty()) {
      ignored("record names no operation");
      return;
    }
    ignored(Verdict.Ignored.NOT_CREDENTIAL, walk.values.operationDetail(service, operation));
  }

  /** Parses the record's bytes into a tree and gives them to its cloud's parser. */
  void parse(TreeParser parser) {
    walk.emit(walker.parseTree(walk, at(), start, end, parser));
  }

  private RecordLocation at() {
    return walk.at(line, path);
  }

  /**
   * Reads JSON found inside this record (an SQS body, CloudEvent data given as text) as records of
   * their own, one envelope deeper.
   *
   * @param member the member holding it, for the nested records' paths
   * @param deliveryId the platform's id for the nested delivery (an SQS message id), or "" to keep
   *     the outer one
   * @param what names the content in reasons ("SQS message body")
   */
  void readNested(byte[] content, String member, String deliveryId, String what) {
    walker.readNested(content, walk, line, path, member, deliveryId, what);
  }

  void readNested(String content, String member, String deliveryId, String what) {
    readNested(content.getBytes(StandardCharsets.UTF_8), member, deliveryId, what);
  }

  /** Reads base64 Pub/Sub message data as records of their own. */
  void readBase64(String encoded, String member, String deliveryId) {
    byte[] decoded;
    try {
      // Strict: the MIME decoder would silently skip garbage characters.
      decoded = Base64.getDecoder().decode(encoded.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException notBase64) {
      malformed(member + " is not valid base64");
      return;
    }
    readNested(decoded, member, deliveryId, "Pub/Sub message data");
  }

  /** A shape read by rewriting it into one the table already reads. */
  interface Rewriter {
    /** Gives the record its verdict, usually by {@link #readTree} of the rewritten record. */
    void rewrite(JsonNode tree, RecordSpan record);
  }

  /**
   * Parses the record into a tree and lets {@code rewriter} turn it into a record of a shape the
   * table reads (an exported table row into the Graph or Activity Log record it came from).
   */
  void rewrite(Rewriter rewriter) {
    JsonNode tree;
    try {
      tree = walker.tree(walk, start, end);
    } catch (IOException unreadable) {
      malformed(Reasons.describe(unreadable));
      return;
    }
    try {
      rewriter.rewrite(tree, this);
    } catch (WrongTypeException wrongType) {
      malformed(String.valueOf(wrongType.getMessage()));
    }
  }

  /**
   * Reads a rewritten or unwrapped record (or an array of them) as records of their own, one
   * envelope deeper; {@code member} names where it came from in the input ("" for the record
   * itself).
   */
  void readTree(JsonNode tree, String member, String what) {
    readNested(walker.bytes(tree), member, "", what);
  }

  /**
   * True when this input may hold a record of {@code shape} here ({@link Admission}); {@code null}
   * asks about a record of no known shape.
   */
  boolean admits(@Nullable Shape shape) {
    Admission admission = walk.cursor.admission();
    return shape == null
        ? admission == Admission.ANY
        : admission.admits(shape, walk.envelopeDepth, path);
  }

  String refusal() {
    return walk.cursor.admission().refusal();
  }

  /** For the unknown-shape reason: the record's first member names. */
  String describeKeys() {
    return Reasons.describeKeys(walker.rootKeys(walk.data, start, end), sniff.rootKeyCount());
  }
}
