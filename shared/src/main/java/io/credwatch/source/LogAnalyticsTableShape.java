package io.credwatch.source;

import static io.credwatch.source.Nodes.array;
import static io.credwatch.source.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A table of the Log Analytics query REST API result ({@code tables[]}, each with {@code columns}
 * and {@code rows} of positional values): each row becomes an object keyed by column name and is
 * read as the row it is ({@link LogAnalyticsAuditShape} for {@code AuditLogs} and so on).
 */
final class LogAnalyticsTableShape implements Shape {
  private static final ShapeKey COLUMNS = ShapeKey.of("columns");
  private static final ShapeKey ROWS = ShapeKey.of("rows");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(COLUMNS, ROWS);
  }

  @Override
  public void read(RecordSpan record) {
    record.rewrite(LogAnalyticsTableShape::rows);
  }

  private static void rows(JsonNode table, RecordSpan record) {
    List<JsonNode> columns = array(table, "columns");
    List<JsonNode> rows = array(table, "rows");
    if (rows.isEmpty()) {
      record.ignored("Log Analytics query result with no rows", text(table, "name"));
      return;
    }
    ArrayNode objects = ExportRow.NODES.arrayNode(rows.size());
    for (JsonNode row : rows) {
      if (!row.isArray()) {
        record.malformed("Log Analytics query result: a row is " + Nodes.describe(row));
        return;
      }
      ObjectNode object = objects.addObject();
      for (int i = 0; i < columns.size() && i < row.size(); i++) {
        object.set(text(columns.get(i), "name"), row.get(i));
      }
    }
    record.readTree(objects, "rows", "Log Analytics query result rows");
  }
}
