package io.credwatch.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.event.RecordLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns native delivery bytes into one {@link Verdict} per native record, whatever the shape.
 *
 * <p>Every record is read once by a streaming parser that captures only the fields naming its shape
 * and operation ({@link SniffField}); envelopes (CloudTrail log files, SQS batches, Event Hubs
 * {@code records}, Graph {@code value} lists, Pub/Sub push and CloudEvents) are unwrapped as they
 * are met. Only records of a catalogued credential operation are parsed again into a tree for their
 * cloud's parser, so the cost of the firehose of irrelevant events stays close to the cost of
 * tokenizing it.
 *
 * <p>Thread-safe: each call keeps its state on its own stack.
 */
public final class EventReader {
  private static final Set<String> CLOUDTRAIL_DETAIL_TYPES =
      Set.of(
          "AWS API Call via CloudTrail",
          "AWS Console Action via CloudTrail",
          "AWS Service Event via CloudTrail",
          "AWS Console Signin via CloudTrail");
  private static final int MAX_REASON_TEXT = 240;
  private static final ThreadLocal<ValueCache> VALUES = ThreadLocal.withInitial(ValueCache::new);

  private final JsonLimits limits;
  private final JsonFactory factory;
  private final ObjectMapper mapper;
  private final SniffTrie trie = new SniffTrie();
  private final CloudTrailParser cloudTrail = new CloudTrailParser();
  private final EntraAuditParser entra = new EntraAuditParser();
  private final AzureActivityParser azureActivity = new AzureActivityParser();
  private final GcpAuditParser gcpAudit = new GcpAuditParser();

  public EventReader() {
    this(JsonLimits.defaults());
  }

  public EventReader(JsonLimits limits) {
    this.limits = limits;
    this.factory = limits.newFactory();
    this.mapper = limits.newMapper();
  }

  public JsonLimits limits() {
    return limits;
  }

  /** Numbers the records of one input (a file, or one platform delivery). */
  public static final class Cursor {
    private final String file;
    private long nextIndex;

    public Cursor(String file) {
      this.file = file;
    }

    public String file() {
      return file;
    }

    /** How many records have been given a verdict so far. */
    public long records() {
      return nextIndex;
    }
  }

  /** Reads one whole delivery (an EventBridge event, an SQS batch, an Event Hubs body...). */
  public List<Verdict> read(byte[] payload, String label) {
    List<Verdict> verdicts = new ArrayList<>();
    readDocument(payload, 0, payload.length, new Cursor(label), 1, verdicts::add);
    return verdicts;
  }

  /**
   * Reads a document: any number of JSON values one after another. A syntax error ends the document
   * (its position is reported; what came before it stands).
   */
  public void readDocument(
      byte[] data, int offset, int length, Cursor cursor, int firstLine, Consumer<Verdict> sink) {
    Walk walk = new Walk(data, offset, cursor, firstLine - 1, 0, "", "", sink);
    readDocument(
        walk, length, "; the rest of this input was skipped", "empty input: no JSON value");
  }

  /**
   * Reads complete JSON lines. A broken, truncated or multi-line record is reported with its line
   * and reading goes on with the next line.
   *
   * @return the number of the line after the last one read (for the next chunk)
   */
  public int readLines(
      byte[] data, int offset, int length, Cursor cursor, int firstLine, Consumer<Verdict> sink) {
    int position = offset;
    int line = firstLine;
    int end = offset + length;
    List<Verdict> pending = new ArrayList<>();
    while (position < end) {
      Walk walk = new Walk(data, position, cursor, line - 1, 0, "", "", pending::add);
      int regionStart = position;
      int cleanFrom = position;
      int cleanLine = line;
      int valueStart = position;
      // Verdicts of a value are held back until the value ends cleanly on its own line; on any
      // problem they are dropped and numbering restarts after the last value handed on.
      long flushedIndex = cursor.nextIndex;
      try (JsonParser parser = factory.createParser(data, position, end - position)) {
        boolean restarted = false;
        while (parser.nextToken() != null) {
          valueStart = regionStart + tokenStart(parser);
          int startLine = walk.lineBase + tokenLine(parser);
          readValue(parser, walk, "");
          int endLine = walk.lineBase + endLine(parser);
          if (endLine != startLine) {
            // A value spanning lines is not a JSON line: a truncated line may have swallowed the
            // next one. Read those lines one by one instead.
            pending.clear();
            cursor.nextIndex = flushedIndex;
            int resume =
                lineEnd(data, regionStart + (int) parser.currentLocation().getByteOffset(), end);
            readLinesSingly(
                data, lineStart(data, valueStart, regionStart), resume, startLine, cursor, sink);
            position = resume;
            line = endLine + 1;
            restarted = true;
            break;
          }
          int valueEnd = regionStart + valueEnd(parser);
          if (valueEnd - valueStart > limits.maxRecordBytes()) {
            pending.clear();
            cursor.nextIndex = flushedIndex;
            int size = valueEnd - valueStart;
            walk.emit(
                new Verdict.Malformed(
                    walk.at(startLine, ""),
                    "record of "
                        + size
                        + " bytes is longer than "
                        + limits.maxRecordBytes()
                        + " bytes; skipped"));
          }
          pending.forEach(sink);
          pending.clear();
          flushedIndex = cursor.nextIndex;
          cleanFrom =
              lineEnd(data, regionStart + (int) parser.currentLocation().getByteOffset(), end);
          cleanLine = endLine + 1;
        }
        if (!restarted) {
          position = end;
          line = walk.lineBase + parser.currentLocation().getLineNr();
        }
      } catch (IOException error) {
        pending.clear();
        cursor.nextIndex = flushedIndex;
        int errorAt = Math.min(end, regionStart + (int) errorOffset(error));
        int errorLine = walk.lineBase + errorLine(error);
        int resume = lineEnd(data, errorAt, end);
        int from = Math.max(cleanFrom, lineStart(data, valueStart, regionStart));
        if (from > errorAt || from >= resume) {
          // Garbage after a good value on the same line.
          sink.accept(
              new Verdict.Malformed(
                  location(cursor, errorLine, "", ""),
                  "unexpected text after a JSON value: " + describe(error)));
        } else {
          readLinesSingly(
              data,
              from,
              resume,
              from == cleanFrom ? cleanLine : lineOf(data, regionStart, from, walk.lineBase + 1),
              cursor,
              sink);
        }
        position = resume;
        line = errorLine + 1;
      }
    }
    return line;
  }

  private void readLinesSingly(
      byte[] data, int from, int to, int firstLine, Cursor cursor, Consumer<Verdict> sink) {
    int start = from;
    int line = firstLine;
    while (start < to) {
      int next = lineEnd(data, start, to);
      int contentEnd = next > start && data[next - 1] == '\n' ? next - 1 : next;
      if (!isBlank(data, start, contentEnd)) {
        Walk walk = new Walk(data, start, cursor, line - 1, 0, "", "", sink);
        readDocument(walk, contentEnd - start, "", "empty line");
      }
      start = next;
      line++;
    }
  }

  private void readDocument(Walk walk, int length, String afterError, String whenEmpty) {
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
              describe(error) + afterError));
    }
  }

  private void readValue(JsonParser parser, Walk walk, String path) throws IOException {
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
      String kind = describe(token);
      walk.emit(
          new Verdict.Malformed(walk.at(line, path), "record is " + kind + ", not a JSON object"));
    }
  }

  private void readObject(JsonParser parser, Walk walk, String path, int line) throws IOException {
    int start = walk.base + tokenStart(parser);
    Sniff sniff = walk.acquireSniff();
    try {
      walkFields(parser, trie.root, sniff, walk, path, true);
      if (sniff.isEnvelope()) {
        return;
      }
      int end = walk.base + valueEnd(parser);
      dispatch(sniff, walk, path, line, start, end);
    } finally {
      walk.releaseSniff();
    }
  }

  private void walkFields(
      JsonParser parser, SniffTrie.Node node, Sniff sniff, Walk walk, String path, boolean atRoot)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (atRoot) {
        sniff.rootKey();
      }
      SniffTrie.Node child = node.child(name);
      if (child == null) {
        parser.skipChildren();
        continue;
      }
      if (atRoot && child.shapeKey != null) {
        sniff.markKey(child.shapeKey);
      }
      if (atRoot && child.envelope) {
        if (value == JsonToken.START_ARRAY) {
          sniff.markEnvelope();
          int index = 0;
          String arrayPath = (path.isEmpty() ? "" : path + ".") + name;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            readValue(parser, walk, arrayPath + "[" + index + "]");
            index++;
          }
        } else {
          // A scalar "value" is ordinary data; only the log-file envelopes must be arrays.
          if (value != JsonToken.VALUE_NULL && !name.equals("value")) {
            sniff.wrongType(name, "an array", describe(value));
          }
          parser.skipChildren();
        }
        continue;
      }
      visit(parser, value, child, sniff);
      if (atRoot
          && (child.capture == SniffField.EVENT_SOURCE || child.capture == SniffField.EVENT_NAME)
          && isSettledCloudTrailNoise(sniff)) {
        sniff.markSettledNoise();
        skipRestOfObject(parser);
        return;
      }
    }
  }

  /**
   * True once a root object is certainly a CloudTrail record of an operation that adds no
   * credential: the rest of it needs tokenizing, not reading. Most of a firehose ends here.
   */
  private static boolean isSettledCloudTrailNoise(Sniff sniff) {
    if (!sniff.has(SniffField.EVENT_SOURCE)
        || !sniff.has(SniffField.EVENT_NAME)
        || sniff.hasKey(ShapeKey.DETAIL_TYPE)
        || sniff.hasKey(ShapeKey.BODY)
        || sniff.typeError("eventSource", "eventName") != null) {
      return false;
    }
    String eventSource = sniff.get(SniffField.EVENT_SOURCE);
    return eventSource.endsWith(".amazonaws.com")
        && !OperationCatalog.isAwsCredentialOperation(
            eventSource, sniff.get(SniffField.EVENT_NAME));
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
          sniff.wrongType(node.path, node.capture != null ? "text" : "an object", describe(token));
    }
  }

  /** A captured string value; small-vocabulary values come from the thread's value cache. */
  private String text(JsonParser parser, SniffField field, Sniff sniff) throws IOException {
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

  /** Decides the record's shape from what the streaming pass saw, and reads it accordingly. */
  private void dispatch(Sniff sniff, Walk walk, String path, int line, int start, int end) {
    String envelopeError = sniff.typeError("Records", "records");
    if (envelopeError != null) {
      malformed(walk, line, path, envelopeError);
    } else if (sniff.hasKey(ShapeKey.DETAIL_TYPE) && sniff.hasKey(ShapeKey.DETAIL)) {
      eventBridge(sniff, walk, path, line, start, end);
    } else if (sniff.hasKey(ShapeKey.BODY)
        && sniff.get(SniffField.EVENT_SOURCE).equals("aws:sqs")) {
      sqsMessage(sniff, walk, path, line);
    } else if (sniff.hasKey(ShapeKey.EVENT_SOURCE) && sniff.hasKey(ShapeKey.EVENT_NAME)) {
      cloudTrailRecord(sniff, walk, path, line, start, end);
    } else if (sniff.hasKey(ShapeKey.PROTO_PAYLOAD)) {
      gcpLogEntry(sniff, walk, path, line, start, end);
    } else if (sniff.hasKey(ShapeKey.MESSAGE) && sniff.has(SniffField.PUSH_DATA)) {
      String deliveryId =
          firstNonEmpty(
              sniff.get(SniffField.PUSH_MESSAGE_ID), sniff.get(SniffField.PUSH_MESSAGE_ID_SNAKE));
      decodeBase64AndRead(
          sniff.get(SniffField.PUSH_DATA), "message.data", walk, path, line, deliveryId);
    } else if (sniff.hasKey(ShapeKey.SPECVERSION)) {
      cloudEvent(sniff, walk, path, line, start, end);
    } else if (sniff.hasKey(ShapeKey.EVENT_TYPE)
        && sniff.hasKey(ShapeKey.DATA)
        && (sniff.hasKey(ShapeKey.TOPIC)
            || sniff.hasKey(ShapeKey.SUBJECT)
            || sniff.hasKey(ShapeKey.DATA_VERSION))) {
      eventGrid(sniff, walk, path, line, start, end);
    } else if (sniff.hasKey(ShapeKey.PROPERTIES) && isEntraDiagnosticRecord(sniff)) {
      entraRecord(sniff, sniff.get(SniffField.PROPERTIES_ACTIVITY), walk, path, line, start, end);
    } else if (sniff.hasKey(ShapeKey.OPERATION_NAME) && armOperationName(sniff).contains("/")) {
      azureActivityRecord(sniff, walk, path, line, start, end);
    } else if (sniff.hasKey(ShapeKey.ACTIVITY_DISPLAY_NAME)
        && (sniff.hasKey(ShapeKey.TARGET_RESOURCES) || sniff.hasKey(ShapeKey.INITIATED_BY))) {
      entraRecord(sniff, sniff.get(SniffField.ACTIVITY), walk, path, line, start, end);
    } else if (sniff.rootKeyCount() == 0) {
      walk.emit(new Verdict.Ignored(walk.at(line, path), "empty JSON object"));
    } else {
      String keys = describeKeys(rootKeys(walk.data, start, end), sniff.rootKeyCount());
      walk.emit(
          new Verdict.Ignored(
              walk.at(line, path), "not an audit record of a known shape", "keys: " + keys));
    }
  }

  private void eventBridge(Sniff sniff, Walk walk, String path, int line, int start, int end) {
    String error =
        sniff.typeError("detail", "detail-type", "detail.eventSource", "detail.eventName");
    if (error != null) {
      malformed(walk, line, path, "EventBridge event: " + error);
      return;
    }
    String detailType = sniff.get(SniffField.DETAIL_TYPE);
    if (!CLOUDTRAIL_DETAIL_TYPES.contains(detailType)) {
      ignored(
          walk,
          line,
          path,
          "EventBridge event without a CloudTrail record",
          "type " + clip(detailType));
      return;
    }
    String eventSource = sniff.get(SniffField.DETAIL_EVENT_SOURCE);
    String eventName = sniff.get(SniffField.DETAIL_EVENT_NAME);
    if (!OperationCatalog.isAwsCredentialOperation(eventSource, eventName)) {
      notCredential(walk, line, path, eventSource, eventName);
      return;
    }
    parseTree(
        walk,
        line,
        path,
        start,
        end,
        (tree, location) -> cloudTrail.parseEventBridge(tree, location));
  }

  private void sqsMessage(Sniff sniff, Walk walk, String path, int line) {
    String error = sniff.typeError("body", "messageId");
    if (error != null) {
      malformed(walk, line, path, "SQS message: " + error);
      return;
    }
    byte[] body = sniff.get(SniffField.SQS_BODY).getBytes(StandardCharsets.UTF_8);
    readNested(
        body, "body", walk, path, line, sniff.get(SniffField.SQS_MESSAGE_ID), "SQS message body");
  }

  private void cloudTrailRecord(Sniff sniff, Walk walk, String path, int line, int start, int end) {
    String error = sniff.typeError("eventSource", "eventName");
    if (error != null) {
      malformed(walk, line, path, "CloudTrail record: " + error);
      return;
    }
    String eventSource = sniff.get(SniffField.EVENT_SOURCE);
    String eventName = sniff.get(SniffField.EVENT_NAME);
    if (sniff.isSettledNoise()) {
      notCredential(walk, line, path, eventSource, eventName);
      return;
    }
    if (eventSource.startsWith("aws:")) {
      ignored(
          walk, line, path, "AWS service notification, not a CloudTrail record", clip(eventSource));
      return;
    }
    if (!OperationCatalog.isAwsCredentialOperation(eventSource, eventName)) {
      notCredential(walk, line, path, eventSource, eventName);
      return;
    }
    parseTree(
        walk,
        line,
        path,
        start,
        end,
        (tree, location) -> cloudTrail.parse(tree, Envelope.NONE, location));
  }

  private void gcpLogEntry(Sniff sniff, Walk walk, String path, int line, int start, int end) {
    String error =
        sniff.typeError("protoPayload", "protoPayload.serviceName", "protoPayload.methodName");
    if (error != null) {
      malformed(walk, line, path, "GCP LogEntry: " + error);
      return;
    }
    String service = sniff.get(SniffField.PROTO_SERVICE);
    String method = sniff.get(SniffField.PROTO_METHOD);
    if (OperationCatalog.gcpOperation(service, method).isEmpty()
        && !OperationCatalog.anyGcpProxyPermission(sniff.permissions())) {
      notCredential(walk, line, path, service, method);
      return;
    }
    parseTree(
        walk,
        line,
        path,
        start,
        end,
        (tree, location) -> gcpAudit.parse(tree, Envelope.NONE, location));
  }

  private void cloudEvent(Sniff sniff, Walk walk, String path, int line, int start, int end) {
    String type = sniff.get(SniffField.CE_TYPE);
    if (type.equals("google.cloud.pubsub.topic.v1.messagePublished")
        && sniff.has(SniffField.CE_PUSH_DATA)) {
      decodeBase64AndRead(
          sniff.get(SniffField.CE_PUSH_DATA),
          "data.message.data",
          walk,
          path,
          line,
          sniff.get(SniffField.CE_PUSH_MESSAGE_ID));
    } else if (type.equals("google.cloud.audit.log.v1.written")) {
      String error = sniff.typeError("data", "data.protoPayload", "data.protoPayload.methodName");
      if (error != null) {
        malformed(walk, line, path, "CloudEvent: " + error);
        return;
      }
      String service = sniff.get(SniffField.CE_PROTO_SERVICE);
      String method = sniff.get(SniffField.CE_PROTO_METHOD);
      if (sniff.has(SniffField.DATA_TEXT)) {
        readNested(
            sniff.get(SniffField.DATA_TEXT).getBytes(StandardCharsets.UTF_8),
            "data",
            walk,
            path,
            line,
            "",
            "CloudEvent data");
      } else if (OperationCatalog.gcpOperation(service, method).isEmpty()
          && !OperationCatalog.anyGcpProxyPermission(sniff.permissions())) {
        notCredential(walk, line, path, service, method);
      } else {
        parseTree(
            walk,
            line,
            path,
            start,
            end,
            (tree, location) -> gcpAudit.parseCloudEvent(tree, location));
      }
    } else if (type.startsWith("Microsoft.Resources.")) {
      armEvent(sniff, walk, path, line, start, end, true);
    } else if (sniff.has(SniffField.CE_DATA_BASE64)) {
      decodeBase64AndRead(
          sniff.get(SniffField.CE_DATA_BASE64), "data_base64", walk, path, line, "");
    } else if (sniff.has(SniffField.DATA_TEXT)) {
      readNested(
          sniff.get(SniffField.DATA_TEXT).getBytes(StandardCharsets.UTF_8),
          "data",
          walk,
          path,
          line,
          "",
          "CloudEvent data");
    } else {
      ignored(walk, line, path, "CloudEvent that is not an audit event", "type " + clip(type));
    }
  }

  private void eventGrid(Sniff sniff, Walk walk, String path, int line, int start, int end) {
    String type = sniff.get(SniffField.EVENT_TYPE);
    if (type.equals("Microsoft.EventGrid.SubscriptionValidationEvent")) {
      ignored(
          walk,
          line,
          path,
          "Event Grid subscription validation handshake (answered by the trigger)");
    } else if (type.startsWith("Microsoft.Resources.")) {
      armEvent(sniff, walk, path, line, start, end, false);
    } else {
      ignored(
          walk,
          line,
          path,
          "Event Grid event that is not a Resource Manager operation",
          "type " + clip(type));
    }
  }

  private void armEvent(
      Sniff sniff, Walk walk, String path, int line, int start, int end, boolean cloudEvent) {
    String error = sniff.typeError("data", "data.operationName");
    if (error != null) {
      malformed(walk, line, path, "Resource Manager event: " + error);
      return;
    }
    String operation = sniff.get(SniffField.DATA_OPERATION_NAME);
    if (OperationCatalog.armOperation(operation).isEmpty()) {
      notCredential(walk, line, path, "arm", operation);
      return;
    }
    parseTree(
        walk,
        line,
        path,
        start,
        end,
        (tree, location) ->
            cloudEvent
                ? azureActivity.parseCloudEvent(tree, location)
                : azureActivity.parseEventGrid(tree, location));
  }

  private static boolean isEntraDiagnosticRecord(Sniff sniff) {
    return sniff.has(SniffField.PROPERTIES_ACTIVITY)
        || sniff.get(SniffField.CATEGORY).equalsIgnoreCase("AuditLogs")
        || sniff
            .get(SniffField.RESOURCE_ID)
            .toLowerCase(java.util.Locale.ROOT)
            .endsWith("/providers/microsoft.aadiam");
  }

  private void entraRecord(
      Sniff sniff, String activity, Walk walk, String path, int line, int start, int end) {
    String error =
        sniff.typeError(
            "properties", "properties.activityDisplayName", "activityDisplayName", "operationName");
    if (error != null) {
      malformed(walk, line, path, "Entra audit record: " + error);
      return;
    }
    String name = activity.isEmpty() ? sniff.get(SniffField.OPERATION_NAME) : activity;
    if (OperationCatalog.entraOperation(name).isEmpty()) {
      notCredential(walk, line, path, "entra", name);
      return;
    }
    parseTree(walk, line, path, start, end, entra::parse);
  }

  private static String armOperationName(Sniff sniff) {
    return sniff.has(SniffField.OPERATION_NAME)
        ? sniff.get(SniffField.OPERATION_NAME)
        : sniff.get(SniffField.OPERATION_NAME_VALUE);
  }

  private void azureActivityRecord(
      Sniff sniff, Walk walk, String path, int line, int start, int end) {
    String operation = armOperationName(sniff);
    if (OperationCatalog.armOperation(operation).isEmpty()) {
      notCredential(walk, line, path, "arm", operation);
      return;
    }
    parseTree(walk, line, path, start, end, azureActivity::parseActivityLog);
  }

  private void decodeBase64AndRead(
      String encoded, String member, Walk walk, String path, int line, String deliveryId) {
    byte[] decoded;
    try {
      // Strict: the MIME decoder would silently skip garbage characters.
      decoded = Base64.getDecoder().decode(encoded.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException notBase64) {
      malformed(walk, line, path, member + " is not valid base64");
      return;
    }
    readNested(decoded, member, walk, path, line, deliveryId, "Pub/Sub message data");
  }

  private void readNested(
      byte[] content,
      String member,
      Walk walk,
      String path,
      int line,
      String deliveryId,
      String what) {
    String nestedPath = (path.isEmpty() ? "" : path + ".") + member;
    if (walk.envelopeDepth >= limits.maxEnvelopeDepth()) {
      malformed(
          walk, line, path, "envelopes nested more than " + limits.maxEnvelopeDepth() + " deep");
      return;
    }
    if (content.length > limits.maxRecordBytes()) {
      malformed(walk, line, path, what + " is larger than " + limits.maxRecordBytes() + " bytes");
      return;
    }
    String delivery = deliveryId.isEmpty() ? walk.deliveryId : deliveryId;
    Walk nested =
        new Walk(
            content,
            0,
            walk.cursor,
            line - 1,
            walk.envelopeDepth + 1,
            nestedPath,
            delivery,
            walk.sink);
    nested.fixedLine = line;
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
      String reason = what + " is not valid JSON: " + describe(error);
      nested.emit(new Verdict.Malformed(nested.at(line, nestedPath), reason));
    }
  }

  /** A parser from a record's tree and location to its verdict. */
  private interface TreeParser {
    Verdict parse(JsonNode tree, RecordLocation location);
  }

  private void parseTree(
      Walk walk, int line, String path, int start, int end, TreeParser treeParser) {
    RecordLocation location = walk.at(line, path);
    Verdict verdict;
    try {
      JsonNode tree = mapper.readTree(walk.data, start, end - start);
      verdict = treeParser.parse(tree, location);
    } catch (IOException error) {
      verdict = new Verdict.Malformed(location, describe(error));
    } catch (WrongTypeException wrongType) {
      verdict = new Verdict.Malformed(location, String.valueOf(wrongType.getMessage()));
    }
    walk.emit(verdict);
  }

  private static void malformed(Walk walk, int line, String path, String reason) {
    walk.emit(new Verdict.Malformed(walk.at(line, path), reason));
  }

  private static void ignored(Walk walk, int line, String path, String reason) {
    walk.emit(new Verdict.Ignored(walk.at(line, path), reason));
  }

  private static void ignored(Walk walk, int line, String path, String category, String detail) {
    walk.emit(new Verdict.Ignored(walk.at(line, path), category, detail));
  }

  static final String NOT_CREDENTIAL = "not a credential operation";

  /** Ignores a record of an operation that adds no credential, naming the operation. */
  private static void notCredential(
      Walk walk, int line, String path, String service, String operation) {
    if (operation.isEmpty()) {
      ignored(walk, line, path, "record names no operation");
      return;
    }
    walk.emit(
        new Verdict.Ignored(
            walk.at(line, path), NOT_CREDENTIAL, walk.values.operationDetail(service, operation)));
  }

  private static RecordLocation location(Cursor cursor, int line, String path, String deliveryId) {
    return new RecordLocation(cursor.file, cursor.nextIndex++, line, path, deliveryId);
  }

  /** The state of one read: where the bytes are, how records are numbered, where verdicts go. */
  private static final class Walk {
    final byte[] data;
    final int base;
    final Cursor cursor;
    final int lineBase;
    final int envelopeDepth;
    final String pathPrefix;
    final String deliveryId;
    final Consumer<Verdict> sink;
    final List<Sniff> sniffs = new ArrayList<>();
    final ValueCache values = VALUES.get();
    int sniffDepth;
    int fixedLine;

    Walk(
        byte[] data,
        int base,
        Cursor cursor,
        int lineBase,
        int envelopeDepth,
        String pathPrefix,
        String deliveryId,
        Consumer<Verdict> sink) {
      this.data = data;
      this.base = base;
      this.cursor = cursor;
      this.lineBase = lineBase;
      this.envelopeDepth = envelopeDepth;
      this.pathPrefix = pathPrefix;
      this.deliveryId = deliveryId;
      this.sink = sink;
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
      return location(cursor, fixedLine > 0 ? fixedLine : line, path, deliveryId);
    }

    void emit(Verdict verdict) {
      sink.accept(verdict);
    }
  }

  // Offsets and lines of the current token, without the JsonLocation the public accessors
  // allocate: on every record of a firehose that allocation shows. For structural tokens Jackson's
  // token offset is just past the brace.

  private static int tokenStart(JsonParser parser) {
    if (parser instanceof ParserBase base && parser.currentToken().isStructStart()) {
      return (int) base.getTokenCharacterOffset() - 1;
    }
    return (int) parser.currentTokenLocation().getByteOffset();
  }

  private static int tokenLine(JsonParser parser) {
    if (parser instanceof ParserBase base && parser.currentToken().isStructStart()) {
      return base.getTokenLineNr();
    }
    return parser.currentTokenLocation().getLineNr();
  }

  private static int valueEnd(JsonParser parser) {
    if (parser instanceof ParserBase base && parser.currentToken().isStructEnd()) {
      return (int) base.getTokenCharacterOffset();
    }
    return (int) parser.currentLocation().getByteOffset();
  }

  private static int endLine(JsonParser parser) {
    if (parser instanceof ParserBase base && parser.currentToken().isStructEnd()) {
      return base.getTokenLineNr();
    }
    return parser.currentLocation().getLineNr();
  }

  static String describe(IOException error) {
    if (error instanceof StreamConstraintsException constraint) {
      // Jackson names its own configuration getter ("from `StreamReadConstraints...()`"): that is
      // of no use to whoever reads the report.
      return "input exceeds a safety limit: "
          + clip(constraint.getOriginalMessage().replaceAll(", from `[^`]*`", ""));
    }
    if (error instanceof JsonEOFException) {
      return "unexpected end of input (truncated JSON)";
    }
    if (error instanceof JsonProcessingException json) {
      String where =
          json.getLocation() == null ? "" : " (column " + json.getLocation().getColumnNr() + ")";
      return "invalid JSON" + where + ": " + clip(json.getOriginalMessage());
    }
    return "unreadable input: " + clip(error.getMessage());
  }

  private static long errorOffset(IOException error) {
    if (error instanceof JsonProcessingException json && json.getLocation() != null) {
      return Math.max(0, json.getLocation().getByteOffset());
    }
    return 0;
  }

  private static int errorLine(IOException error) {
    if (error instanceof JsonProcessingException json && json.getLocation() != null) {
      return Math.max(1, json.getLocation().getLineNr());
    }
    return 1;
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      default -> token.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** The first few root member names of a record, for the unknown-shape message. */
  private List<String> rootKeys(byte[] data, int start, int end) {
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

  private static String describeKeys(List<String> keys, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(clip(keys.get(i)));
    }
    if (count > keys.size()) {
      text.append(", ...");
    }
    return text.toString();
  }

  static String clip(@Nullable String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_REASON_TEXT ? text : text.substring(0, MAX_REASON_TEXT) + "...";
  }

  private static String firstNonEmpty(String first, String second) {
    return first.isEmpty() ? second : first;
  }

  private static int lineEnd(byte[] data, int from, int end) {
    for (int i = from; i < end; i++) {
      if (data[i] == '\n') {
        return i + 1;
      }
    }
    return end;
  }

  private static int lineStart(byte[] data, int at, int floor) {
    int i = Math.min(at, data.length);
    while (i > floor && data[i - 1] != '\n') {
      i--;
    }
    return i;
  }

  private static int lineOf(byte[] data, int from, int to, int firstLine) {
    int line = firstLine;
    for (int i = from; i < to; i++) {
      if (data[i] == '\n') {
        line++;
      }
    }
    return line;
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
}
