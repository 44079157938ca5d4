package io.credwatch.source;

import static io.credwatch.source.TokenPositions.errorLine;
import static io.credwatch.source.TokenPositions.tokenLine;
import static io.credwatch.source.TokenPositions.tokenStart;
import static io.credwatch.source.TokenPositions.valueEnd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.event.RecordLocation;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming sniff: walks one JSON value token by token, unwraps envelopes ({@code Records},
 * {@code records}, {@code value}) as it meets them, captures only the members the shapes declared
 * ({@link SniffTrie}), and hands each record to the shape table. A tree is built only for records
 * that a shape accepts as a credential operation.
 */
final class RecordWalker {
  private final JsonLimits limits;
  private final JsonFactory factory;
  private final ObjectMapper mapper;
  private final Shapes shapes;
  private final SniffTrie trie;

  RecordWalker(JsonLimits limits, JsonFactory factory, boolean pipelineWrappers) {
    this.limits = limits;
    this.factory = factory;
    this.mapper = limits.newMapper();
    this.shapes = new Shapes(pipelineWrappers);
    // After the table: building it declares every shape's fields and keys.
    this.trie = new SniffTrie(SniffField.declared(), ShapeKey.declared());
  }

  /** Reads the value at the parser's current token: a record, an array of them, or a bad value. */
  void readValue(JsonParser parser, Walk walk, String path) throws IOException {
    JsonToken token = parser.currentToken();
    int line = walk.lineBase + tokenLine(parser);
    if (token == JsonToken.START_OBJECT) {
      readObject(parser, walk, path, line);
    } else if (token == JsonToken.START_ARRAY) {
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        readValue(parser, walk, path + "[" + index + "]");
        index++;
      }
      if (index == 0) {
        walk.emit(new Verdict.Ignored(walk.at(line, path), "empty JSON array"));
      }
    } else if (token == JsonToken.VALUE_NULL) {
      walk.emit(new Verdict.Malformed(walk.at(line, path), "record is null, not a JSON object"));
    } else {
      // Read the whole scalar first: a string cut short is one broken value, not a string record
      // and then an error.
      parser.finishToken();
      String kind = Reasons.describe(token);
      walk.emit(
          new Verdict.Malformed(walk.at(line, path), "record is " + kind + ", not a JSON object"));
    }
  }

  private void readObject(JsonParser parser, Walk walk, String path, int line) throws IOException {
    int start = walk.base + tokenStart(parser);
    Sniff sniff = walk.acquireSniff();
    try {
      walkFields(parser, trie.root, sniff, walk, path);
      if (sniff.isEnvelope()) {
        return;
      }
      int end = walk.base + valueEnd(parser);
      RecordTap tap = walk.cursor.tap();
      if (tap != null) {
        tap.record(walk.data, start, end);
      }
      try {
        shapes.read(new RecordSpan(sniff, walk, this, path, line, start, end));
      } catch (RuntimeException unreadable) {
        walk.emit(new Verdict.Malformed(walk.at(line, path), couldNotRead(unreadable)));
      }
    } finally {
      walk.releaseSniff();
    }
  }

  /** The root members of a record: shape keys, captured fields, envelopes unwrapped in place. */
  private void walkFields(
      JsonParser parser, SniffTrie.Node node, Sniff sniff, Walk walk, String path)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      sniff.rootKey();
      SniffTrie.Node child = node.child(name);
      if (child == null) {
        parser.skipChildren();
        continue;
      }
      if (child.shapeKey != null) {
        sniff.markKey(child.shapeKey);
      }
      if (child.envelope) {
        if (value == JsonToken.START_ARRAY) {
          int index = 0;
          String arrayPath = (path.isEmpty() ? "" : path + ".") + name;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            readValue(parser, walk, arrayPath + "[" + index + "]");
            index++;
          }
          if (index > 0) {
            // An empty list wraps nothing: the object is then a record of its own (an empty log
            // file, or a record with a stray empty "Records"), and gets a verdict like any other.
            sniff.markEnvelope();
          }
        } else {
          // A scalar "value" (or "Events", "tables") is ordinary data; only the log-file
          // envelopes must be arrays.
          if (value != JsonToken.VALUE_NULL && name.equalsIgnoreCase("records")) {
            sniff.wrongType(name, "an array", Reasons.describe(value));
          }
          parser.skipChildren();
        }
        continue;
      }
      visit(parser, value, child, sniff);
      if ((child.capture == CloudTrailRecordShape.EVENT_SOURCE
              || child.capture == CloudTrailRecordShape.EVENT_NAME)
          && CloudTrailRecordShape.isSettledNoise(sniff)) {
        // Most of a firehose ends here: the rest of the record needs tokenizing, not reading.
        sniff.markSettledNoise();
        skipRestOfObject(parser);
        return;
      }
    }
  }

  private static void skipRestOfObject(JsonParser parser) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      parser.nextToken();
      parser.skipChildren();
    }
  }

  private void visit(JsonParser parser, JsonToken token, SniffTrie.Node node, Sniff sniff)
      throws IOException {
    if (node.presenceOnly()) {
      parser.skipChildren();
      return;
    }
    switch (token) {
      case START_OBJECT -> {
        if (node.hasChildren()) {
          walkNested(parser, node, sniff);
        } else {
          if (node.capture != null) {
            sniff.wrongType(node.path, "text", "an object");
          }
          parser.skipChildren();
        }
      }
      case START_ARRAY -> {
        if (node.hasChildren() || node.capture != null) {
          JsonToken element;
          while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            visit(parser, element, node, sniff);
          }
        } else {
          parser.skipChildren();
        }
      }
      case VALUE_STRING -> {
        if (node.capture != null) {
          sniff.capture(node.capture, text(parser, node.capture, sniff));
        } else {
          sniff.wrongType(node.path, "an object", "a string");
        }
      }
      case VALUE_NULL -> {
        // absent
      }
      default ->
          sniff.wrongType(
              node.path, node.capture != null ? "text" : "an object", Reasons.describe(token));
    }
  }

  /** A captured string value; small-vocabulary values come from the thread's value cache. */
  private static String text(JsonParser parser, SniffField field, Sniff sniff) throws IOException {
    if (!field.fewDistinctValues()) {
      return parser.getText();
    }
    return sniff.cache.get(
        parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
  }

  private void walkNested(JsonParser parser, SniffTrie.Node node, Sniff sniff) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      SniffTrie.Node child = node.child(parser.currentName());
      JsonToken value = parser.nextToken();
      if (child == null) {
        parser.skipChildren();
      } else {
        visit(parser, value, child, sniff);
      }
    }
  }

  /** Reads JSON found inside a record as records of their own, one envelope deeper. */
  void readNested(
      byte[] content,
      Walk walk,
      int line,
      String path,
      String member,
      String deliveryId,
      String what) {
    if (walk.envelopeDepth >= limits.maxEnvelopeDepth()) {
      walk.emit(
          new Verdict.Malformed(
              walk.at(line, path),
              "envelopes nested more than " + limits.maxEnvelopeDepth() + " deep"));
      return;
    }
    if (content.length > limits.maxRecordBytes()) {
      walk.emit(
          new Verdict.Malformed(
              walk.at(line, path), what + " is larger than " + limits.maxRecordBytes() + " bytes"));
      return;
    }
    String nestedPath =
        member.isEmpty()
            ? path
            : member.startsWith("[") || path.isEmpty() ? path + member : path + "." + member;
    Walk nested = walk.nested(content, line, nestedPath, deliveryId);
    boolean sawValue = false;
    try (JsonParser parser = factory.createParser(content)) {
      while (parser.nextToken() != null) {
        sawValue = true;
        readValue(parser, nested, nestedPath);
      }
      if (!sawValue) {
        nested.emit(new Verdict.Malformed(nested.at(line, nestedPath), what + " is empty"));
      }
    } catch (IOException error) {
      String reason = what + " is not valid JSON: " + Reasons.describe(error);
      nested.emit(new Verdict.Malformed(nested.at(line, nestedPath), reason));
    }
  }

  /** The tree of a record's bytes {@code start..end}. */
  JsonNode tree(Walk walk, int start, int end) throws IOException {
    return mapper.readTree(walk.data, start, end - start);
  }

  /** A rewritten record's bytes, to read as records of their own. */
  byte[] bytes(JsonNode tree) {
    try {
      return mapper.writeValueAsBytes(tree);
    } catch (IOException impossible) {
      throw new IllegalStateException("a tree always serializes", impossible);
    }
  }

  /** The verdict of a record's own parser on the tree of bytes {@code start..end}. */
  Verdict parseTree(
      Walk walk, RecordLocation location, int start, int end, RecordSpan.TreeParser parser) {
    try {
      JsonNode tree = mapper.readTree(walk.data, start, end - start);
      List<String> setAside = new ArrayList<>();
      while (true) {
        try {
          Verdict verdict = parser.parse(tree, location);
          return setAside.isEmpty() ? verdict : degraded(verdict, setAside);
        } catch (WrongTypeException wrongType) {
          // One wrongly typed field costs that field, not the record: it is set aside and the
          // record read again (a few times at most), and the alert says what was left out.
          if (setAside.size() >= MAX_SET_ASIDE || !wrongType.setAside()) {
            throw wrongType;
          }
          setAside.add(String.valueOf(wrongType.getMessage()));
        }
      }
    } catch (IOException error) {
      return new Verdict.Malformed(location, Reasons.describe(error));
    } catch (WrongTypeException wrongType) {
      return new Verdict.Malformed(location, String.valueOf(wrongType.getMessage()));
    } catch (RuntimeException unreadable) {
      // A value no parser foresaw (a number out of every range...): this record is malformed, the
      // rest of the input goes on. The exception's message may quote the input, so it is not used.
      return new Verdict.Malformed(location, couldNotRead(unreadable));
    }
  }

  private static final int MAX_SET_ASIDE = 4;

  private static Verdict degraded(Verdict verdict, List<String> setAside) {
    if (!(verdict instanceof Verdict.Relevant relevant)) {
      return verdict;
    }
    String what = Reasons.clip(String.join("; ", setAside));
    return new Verdict.Relevant(
        relevant.location(),
        relevant.events().stream().map(event -> event.withDegradedInput(what)).toList());
  }

  static String couldNotRead(RuntimeException unreadable) {
    return "the record could not be read (" + unreadable.getClass().getSimpleName() + ")";
  }

  /** The first few root member names of a record, for the unknown-shape message. */
  List<String> rootKeys(byte[] data, int start, int end) {
    List<String> names = new ArrayList<>();
    try (JsonParser parser = factory.createParser(data, start, end - start)) {
      parser.nextToken();
      while (names.size() < 6 && parser.nextToken() == JsonToken.FIELD_NAME) {
        names.add(parser.currentName());
        parser.nextToken();
        parser.skipChildren();
      }
    } catch (IOException unreadable) {
      // the record was read once already; an error here only shortens the message
    }
    return names;
  }

  /** Reads every value of a walk's bytes as a document; a syntax error ends it, reported. */
  void readDocument(Walk walk, int length, String afterError, String whenEmpty) {
    boolean sawValue = false;
    try (JsonParser parser = factory.createParser(walk.data, walk.base, length)) {
      while (parser.nextToken() != null) {
        sawValue = true;
        readValue(parser, walk, walk.pathPrefix);
      }
      if (!sawValue) {
        walk.emit(new Verdict.Malformed(walk.at(walk.lineBase + 1, walk.pathPrefix), whenEmpty));
      }
    } catch (IOException error) {
      walk.emit(
          new Verdict.Malformed(
              walk.at(walk.lineBase + errorLine(error), walk.pathPrefix),
              Reasons.describe(error) + afterError));
    }
  }
}
