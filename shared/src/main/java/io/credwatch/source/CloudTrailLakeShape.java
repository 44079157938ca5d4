package io.credwatch.source;

import static io.credwatch.source.Nodes.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CloudTrail Lake query results, as {@code aws cloudtrail get-query-results} prints them: {@code
 * QueryResultRows}, each row a list of one-member objects (column → text). Each row is merged into
 * a CloudTrail record and read as one. Lake prints struct and map columns ({@code userIdentity},
 * {@code requestParameters}) as {@code {key=value, ...}} with lower-cased struct field names, which
 * are turned back into CloudTrail's own form; its {@code 2026-11-01 12:00:00.000} times are read as
 * they are ({@link Timestamps}).
 */
final class CloudTrailLakeShape implements Shape {
  private static final ShapeKey QUERY_RESULT_ROWS = ShapeKey.of("QueryResultRows");

  /** CloudTrail's member names, by their lower-case form, to undo Lake's lower-casing. */
  private static final Map<String, String> NAMES = new HashMap<>();

  static {
    for (String name :
        List.of(
            "eventVersion",
            "userIdentity",
            "eventTime",
            "eventSource",
            "eventName",
            "awsRegion",
            "sourceIPAddress",
            "userAgent",
            "errorCode",
            "errorMessage",
            "requestParameters",
            "responseElements",
            "requestID",
            "eventID",
            "eventType",
            "recipientAccountId",
            "readOnly",
            "managementEvent",
            "eventCategory",
            "type",
            "principalId",
            "arn",
            "accountId",
            "accessKeyId",
            "userName",
            "sessionContext",
            "sessionIssuer",
            "attributes",
            "creationDate",
            "mfaAuthenticated",
            "invokedBy",
            "identityProvider",
            "webIdFederationData",
            "onBehalfOf",
            "userId",
            "identityStoreArn",
            "credentialId",
            "sourceIdentity",
            "inScopeOf")) {
      NAMES.put(name.toLowerCase(Locale.ROOT), name);
    }
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(QUERY_RESULT_ROWS);
  }

  @Override
  public void read(RecordSpan record) {
    record.rewrite(
        (tree, span) -> {
          List<JsonNode> rows = array(tree, "QueryResultRows");
          if (rows.isEmpty()) {
            span.ignored("CloudTrail Lake query result with no rows");
            return;
          }
          ArrayNode records = ExportRow.NODES.arrayNode(rows.size());
          for (JsonNode row : rows) {
            records.add(cloudTrailRecord(row));
          }
          span.readTree(records, "QueryResultRows", "CloudTrail Lake rows");
        });
  }

  static ObjectNode cloudTrailRecord(JsonNode row) {
    ObjectNode merged = ExportRow.NODES.objectNode();
    for (JsonNode column : row.isArray() ? row : List.of(row)) {
      for (Map.Entry<String, JsonNode> cell : column.properties()) {
        String name = NAMES.getOrDefault(cell.getKey().toLowerCase(Locale.ROOT), cell.getKey());
        merged.set(name, value(cell.getValue()));
      }
    }
    return merged;
  }

  /** A cell: JSON text or Lake's {@code {k=v, ...}} parsed; other text as it is. */
  private static JsonNode value(JsonNode cell) {
    JsonNode json = ExportRow.dynamic(cell);
    if (!json.isTextual()) {
      return json;
    }
    String text = json.textValue().trim();
    if (text.equals("null")) {
      return ExportRow.NODES.nullNode();
    }
    if (text.startsWith("{") && text.endsWith("}")) {
      ObjectNode object = ExportRow.NODES.objectNode();
      for (String entry : topLevel(text.substring(1, text.length() - 1))) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
          return cell;
        }
        String key = entry.substring(0, equals).trim();
        object.set(
            NAMES.getOrDefault(key.toLowerCase(Locale.ROOT), key),
            value(ExportRow.NODES.textNode(entry.substring(equals + 1))));
      }
      return object;
    }
    return cell;
  }

  /** Splits on the commas outside braces and brackets. */
  private static List<String> topLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        add(parts, text.substring(start, i));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      add(parts, text.substring(start));
    }
    return parts;
  }

  /** A part without "=" continues the previous value ("createDate=Jan 14, 2026 9:12 AM"). */
  private static void add(List<String> parts, String part) {
    String trimmed = part.trim();
    if (trimmed.isEmpty()) {
      return;
    }
    if (trimmed.indexOf('=') < 0 && !parts.isEmpty()) {
      parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "," + part);
    } else {
      parts.add(trimmed);
    }
  }
}
