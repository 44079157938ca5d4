package io.credwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * An Activity Log event as {@code az monitor activity-log list} and the Python SDK print it:
 * snake_case members ({@code operation_name.value}, {@code event_timestamp}, {@code resource_id},
 * {@code http_request.client_ip_address}). Its members are renamed to the REST API's camelCase and
 * the event is read as the Activity Log record it is. Claims, authorization and properties keep
 * their names: they are the service's own data.
 */
final class AzureCliActivityShape implements Shape {
  private static final ShapeKey OPERATION_NAME = ShapeKey.of("operation_name");
  private static final Set<String> VERBATIM = Set.of("claims", "authorization", "properties");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(OPERATION_NAME);
  }

  @Override
  public void read(RecordSpan record) {
    record.rewrite((tree, span) -> span.readTree(camelCase(tree, 0), "", "Activity Log event"));
  }

  private static JsonNode camelCase(JsonNode node, int depth) {
    if (!node.isObject() || depth > 1) {
      return node;
    }
    ObjectNode renamed = ExportRow.NODES.objectNode();
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      String name = camel(member.getKey());
      JsonNode value = member.getValue();
      renamed.set(name, VERBATIM.contains(name) ? value : camelCase(value, depth + 1));
    }
    return renamed;
  }

  static String camel(String snake) {
    StringBuilder name = new StringBuilder(snake.length());
    boolean upper = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_' && name.length() > 0) {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }
}
