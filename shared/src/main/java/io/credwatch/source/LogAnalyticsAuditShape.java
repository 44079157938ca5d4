package io.credwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * A row of a Log Analytics or Microsoft Sentinel Entra table ({@code AuditLogs}, and the sign-in
 * tables), as the portal exports it (JSON or CSV), as {@code az monitor log-analytics query} prints
 * it, or as a query returns it with computed columns. PascalCase columns; the dynamic columns
 * ({@code InitiatedBy}, {@code TargetResources}, {@code AdditionalDetails}) as objects or JSON
 * text. An {@code AuditLogs} row is rewritten into the Graph record it came from and read as one;
 * rows of the Sentinel analytic's own projection ({@code InitiatingUPN}, {@code TargetResourceId},
 * {@code ModifiedProperties}) too.
 */
final class LogAnalyticsAuditShape implements Shape {
  private static final ShapeKey OPERATION_NAME_KEY = ShapeKey.of("OperationName");
  private static final SniffField OPERATION_NAME = SniffField.vocabulary("OperationName");
  private static final SniffField ACTIVITY = SniffField.vocabulary("ActivityDisplayName");
  private static final SniffField TYPE = SniffField.vocabulary("Type");
  private static final SniffField CATEGORY = SniffField.vocabulary("Category");

  /** The Log Analytics tables of Entra sign-ins, by table name and by category. */
  private static final Set<String> SIGN_IN =
      Set.of(
          "signinlogs",
          "aadnoninteractiveusersigninlogs",
          "aadserviceprincipalsigninlogs",
          "aadmanagedidentitysigninlogs",
          "noninteractiveusersigninlogs",
          "serviceprincipalsigninlogs",
          "managedidentitysigninlogs");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(OPERATION_NAME_KEY);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String table = sniff.get(TYPE).isEmpty() ? sniff.get(CATEGORY) : sniff.get(TYPE);
    if (SIGN_IN.contains(table.toLowerCase(Locale.ROOT))) {
      record.ignored("sign-in record, not an audit record", Reasons.clip(table));
      return;
    }
    String error = sniff.typeError("OperationName", "ActivityDisplayName");
    if (error != null) {
      record.malformed("Log Analytics row: " + error);
      return;
    }
    String operation =
        (sniff.get(ACTIVITY).isEmpty() ? sniff.get(OPERATION_NAME) : sniff.get(ACTIVITY)).trim();
    if (OperationCatalog.entraOperation(operation).isEmpty()) {
      record.notCredential(OperationCatalog.ENTRA, operation);
      return;
    }
    record.rewrite(
        (tree, span) -> span.readTree(graphRecord(new ExportRow(tree), operation), "", "row"));
  }

  /** The Graph {@code directoryAudit} record an {@code AuditLogs} row was made from. */
  static ObjectNode graphRecord(ExportRow row, String operation) {
    ObjectNode graph = ExportRow.NODES.objectNode();
    graph.put("activityDisplayName", operation);
    ExportRow.put(graph, "id", row.text("Id"));
    ExportRow.put(graph, "category", row.text("Category"));
    ExportRow.put(graph, "correlationId", row.text("CorrelationId"));
    ExportRow.put(graph, "result", row.text("Result"));
    ExportRow.put(graph, "resultReason", row.text("ResultReason", "ResultDescription"));
    ExportRow.put(
        graph, "activityDateTime", row.text("ActivityDateTime", "TimeGenerated", "Timestamp"));
    ExportRow.put(graph, "loggedByService", row.text("LoggedByService"));
    // TenantId is the workspace's id in Log Analytics; the directory is AADTenantId.
    ExportRow.put(graph, "tenantId", row.text("AADTenantId"));
    ExportRow.put(graph, "additionalDetails", row.dynamic("AdditionalDetails"));
    JsonNode initiatedBy = row.dynamic("InitiatedBy");
    if (initiatedBy.isObject()) {
      graph.set("initiatedBy", initiatedBy);
    } else {
      // The analytic's projection: InitiatingUPN, InitiatingApp, InitiatingIPAddress.
      ObjectNode by = graph.putObject("initiatedBy");
      if (!row.text("InitiatingUPN").isEmpty()) {
        ObjectNode user = by.putObject("user");
        user.put("userPrincipalName", row.text("InitiatingUPN"));
        ExportRow.put(user, "ipAddress", row.text("InitiatingIPAddress"));
      } else if (!row.text("InitiatingApp").isEmpty()) {
        by.putObject("app").put("displayName", row.text("InitiatingApp"));
      }
    }
    JsonNode targets = row.dynamic("TargetResources");
    if (targets.isArray()) {
      graph.set("targetResources", targets);
    } else {
      ObjectNode target = graph.putArray("targetResources").addObject();
      ExportRow.put(target, "id", row.text("TargetResourceId"));
      ExportRow.put(target, "displayName", row.text("TargetResource"));
      ExportRow.put(target, "type", row.text("TargetType"));
      ExportRow.put(target, "modifiedProperties", row.dynamic("ModifiedProperties"));
    }
    return graph;
  }
}
