package io.credwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A row of the Log Analytics {@code AzureActivity} table (PascalCase columns, {@code
 * OperationNameValue}; {@code Properties_d}, {@code Claims_d} and {@code Authorization_d} as
 * objects or JSON text), rewritten into the Activity Log record it came from.
 */
final class LogAnalyticsActivityShape implements Shape {
  private static final ShapeKey OPERATION_NAME_VALUE_KEY = ShapeKey.of("OperationNameValue");
  private static final SniffField OPERATION_NAME_VALUE =
      SniffField.vocabulary("OperationNameValue");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(OPERATION_NAME_VALUE_KEY);
  }

  @Override
  public void read(RecordSpan record) {
    String operation = record.sniff().get(OPERATION_NAME_VALUE).trim();
    if (OperationCatalog.armOperation(operation).isEmpty()) {
      record.notCredential(OperationCatalog.ARM, operation);
      return;
    }
    record.rewrite(
        (tree, span) -> span.readTree(activityRecord(new ExportRow(tree), operation), "", "row"));
  }

  private static ObjectNode activityRecord(ExportRow row, String operation) {
    ObjectNode activity = ExportRow.NODES.objectNode();
    activity.put("operationName", operation);
    ExportRow.put(activity, "resourceId", row.text("_ResourceId", "ResourceId"));
    ExportRow.put(activity, "time", row.text("TimeGenerated", "EventSubmissionTimestamp"));
    ExportRow.put(activity, "caller", row.text("Caller"));
    ExportRow.put(activity, "callerIpAddress", row.text("CallerIpAddress"));
    ExportRow.put(activity, "correlationId", row.text("CorrelationId"));
    ExportRow.put(activity, "eventDataId", row.text("EventDataId"));
    ExportRow.put(activity, "resultType", row.text("ActivityStatusValue", "ActivityStatus"));
    ExportRow.put(activity, "category", row.text("CategoryValue", "Category"));
    ExportRow.put(activity, "subscriptionId", row.text("SubscriptionId"));
    ObjectNode identity = activity.putObject("identity");
    ExportRow.put(identity, "claims", objectOrMissing(row.dynamic("Claims_d", "Claims")));
    ExportRow.put(
        identity,
        "authorization",
        objectOrMissing(row.dynamic("Authorization_d", "Authorization")));
    ExportRow.put(
        activity, "properties", objectOrMissing(row.dynamic("Properties_d", "Properties")));
    return activity;
  }

  private static JsonNode objectOrMissing(JsonNode value) {
    return value.isObject() ? value : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
