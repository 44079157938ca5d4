package io.credwatch.source;

import static io.credwatch.source.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Cloud Audit Logs entry as a log sink writes it to BigQuery and {@code bq} or the console export
 * it to JSON: the payload in {@code protopayload_auditlog} with {@code requestJson}, {@code
 * responseJson} and {@code metadataJson} as JSON text, and timestamps as text or epoch seconds. It
 * is rewritten into the LogEntry it was made from and read as one.
 */
final class BigQueryAuditShape implements Shape {
  private static final ShapeKey PROTOPAYLOAD = ShapeKey.of("protopayload_auditlog");
  private static final SniffField SERVICE =
      SniffField.vocabulary("protopayload_auditlog.serviceName");
  private static final SniffField METHOD =
      SniffField.vocabulary("protopayload_auditlog.methodName");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(PROTOPAYLOAD);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    // Permissions used by proxy are not sniffed here: an export row is parsed when its method or
    // any of its authorizations could add a credential.
    String service = sniff.get(SERVICE);
    String method = sniff.get(METHOD);
    record.rewrite(
        (tree, span) -> {
          ObjectNode entry = logEntry(tree);
          java.util.List<String> permissions = new java.util.ArrayList<>();
          entry
              .path("protoPayload")
              .path("authorizationInfo")
              .forEach(info -> permissions.add(text(info, "permission")));
          if (!GcpLogEntryShape.mayAddCredential(service, method, permissions)) {
            span.notCredential(service, method);
            return;
          }
          span.readTree(entry, "", "BigQuery audit log row");
        });
  }

  static ObjectNode logEntry(JsonNode row) {
    ObjectNode entry = ExportRow.NODES.objectNode();
    for (String member :
        new String[] {"logName", "resource", "severity", "insertId", "operation", "labels"}) {
      ExportRow.put(entry, member, row.path(member));
    }
    // BigQuery's "2024-12-08 02:17:54 UTC" and epoch-second numbers: Timestamps reads both.
    ExportRow.put(entry, "timestamp", row.path("timestamp"));
    ExportRow.put(entry, "receiveTimestamp", row.path("receiveTimestamp"));
    JsonNode payload = row.path("protopayload_auditlog");
    ObjectNode proto = entry.putObject("protoPayload");
    proto.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
    for (String member :
        new String[] {
          "serviceName",
          "methodName",
          "resourceName",
          "authenticationInfo",
          "authorizationInfo",
          "requestMetadata",
          "status",
          "resourceLocation",
          "numResponseItems",
          "serviceData"
        }) {
      ExportRow.put(proto, member, payload.path(member));
    }
    ExportRow.put(proto, "request", ExportRow.dynamic(payload.path("requestJson")));
    ExportRow.put(proto, "response", ExportRow.dynamic(payload.path("responseJson")));
    ExportRow.put(proto, "metadata", ExportRow.dynamic(payload.path("metadataJson")));
    return entry;
  }
}
