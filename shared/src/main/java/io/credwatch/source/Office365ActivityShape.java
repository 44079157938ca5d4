package io.credwatch.source;

import static io.credwatch.source.CloudTrailParser.first;
import static io.credwatch.source.Nodes.array;
import static io.credwatch.source.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An Office 365 Management Activity API record ({@code Workload}, {@code Operation}), as the API,
 * the unified audit log and the SIEM connectors that read them give it. Entra records ({@code
 * Workload} AzureActiveDirectory) name the operation with a trailing period ("Add service principal
 * credentials."), carry the Graph record's changes as {@code ModifiedProperties} ({@code Name},
 * {@code OldValue}, {@code NewValue}), and name actor and target as typed lists of ids ({@code
 * User_<id>}, {@code ServicePrincipal_<id>}, a UPN, a display name). They are rewritten into the
 * Graph record they came from; other workloads add no cloud credential.
 */
final class Office365ActivityShape implements Shape {
  private static final ShapeKey WORKLOAD_KEY = ShapeKey.of("Workload");
  private static final ShapeKey OPERATION_KEY = ShapeKey.of("Operation");
  private static final SniffField WORKLOAD = SniffField.vocabulary("Workload");
  private static final SniffField OPERATION = SniffField.vocabulary("Operation");

  /** Identity types of the schema's IdentityTypeValuePair: a display name, and a UPN. */
  private static final int NAME = 1;

  private static final int UPN = 5;
  private static final Set<String> OBJECT_PREFIXES =
      Set.of("user", "serviceprincipal", "application", "group", "device");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(WORKLOAD_KEY, OPERATION_KEY);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String error = sniff.typeError("Workload", "Operation");
    if (error != null) {
      record.malformed("Office 365 audit record: " + error);
      return;
    }
    String workload = sniff.get(WORKLOAD);
    String operation = activity(sniff.get(OPERATION));
    if (!workload.equalsIgnoreCase("AzureActiveDirectory")) {
      record.notCredential(Reasons.clip(workload), operation);
      return;
    }
    if (OperationCatalog.entraOperation(operation).isEmpty()) {
      record.notCredential(OperationCatalog.ENTRA, operation);
      return;
    }
    record.rewrite((tree, span) -> span.readTree(graphRecord(tree, operation), "", "record"));
  }

  /** "Add service principal credentials." → the Graph activity name. */
  static String activity(String operation) {
    String name = operation.trim();
    return name.endsWith(".") ? name.substring(0, name.length() - 1).trim() : name;
  }

  static ObjectNode graphRecord(JsonNode o365, String operation) {
    ObjectNode graph = ExportRow.NODES.objectNode();
    graph.put("activityDisplayName", operation);
    ExportRow.put(graph, "id", text(o365, "Id"));
    ExportRow.put(graph, "tenantId", text(o365, "OrganizationId"));
    ExportRow.put(graph, "correlationId", text(o365, "InterSystemsId"));
    String created = text(o365, "CreationTime");
    // The schema's CreationTime is UTC without an offset.
    ExportRow.put(
        graph,
        "activityDateTime",
        created.isEmpty() || created.endsWith("Z") || created.contains("+")
            ? created
            : created + "Z");
    String status = text(o365, "ResultStatus").toLowerCase(Locale.ROOT);
    graph.put(
        "result",
        status.isEmpty()
                || status.equals("success")
                || status.equals("succeeded")
                || status.equals("true")
            ? "success"
            : "failure");
    List<JsonNode> actors = array(o365, "Actor");
    ObjectNode initiatedBy = graph.putObject("initiatedBy");
    String actorUpn = first(byType(actors, UPN), text(o365, "UserId"));
    String actorUser = objectId(actors, "user");
    String actorApp = objectId(actors, "serviceprincipal");
    if (actorUpn.contains("@") || !actorUser.isEmpty()) {
      ObjectNode user = initiatedBy.putObject("user");
      ExportRow.put(user, "id", actorUser);
      ExportRow.put(user, "userPrincipalName", actorUpn);
      ExportRow.put(user, "ipAddress", first(text(o365, "ActorIpAddress"), text(o365, "ClientIP")));
    } else {
      ObjectNode app = initiatedBy.putObject("app");
      ExportRow.put(app, "servicePrincipalId", actorApp);
      ExportRow.put(app, "displayName", first(byType(actors, NAME), actorUpn));
    }
    List<JsonNode> targets = array(o365, "Target");
    ObjectNode target = graph.putArray("targetResources").addObject();
    for (JsonNode entry : targets) {
      String id = text(entry, "ID");
      int underscore = id.indexOf('_');
      if (underscore > 0
          && OBJECT_PREFIXES.contains(id.substring(0, underscore).toLowerCase(Locale.ROOT))) {
        target.put("id", id.substring(underscore + 1));
        target.put("type", id.substring(0, underscore));
        break;
      }
    }
    ExportRow.put(target, "displayName", byType(targets, NAME));
    ExportRow.put(target, "userPrincipalName", byType(targets, UPN));
    ArrayNode modified = target.putArray("modifiedProperties");
    for (JsonNode property : array(o365, "ModifiedProperties")) {
      ObjectNode change = modified.addObject();
      change.put("displayName", text(property, "Name"));
      change.set("oldValue", property.path("OldValue"));
      change.set("newValue", property.path("NewValue"));
    }
    ArrayNode details = graph.putArray("additionalDetails");
    for (JsonNode property : array(o365, "ExtendedProperties")) {
      details.addObject().put("key", text(property, "Name")).put("value", text(property, "Value"));
    }
    return graph;
  }

  private static String byType(List<JsonNode> identities, int type) {
    for (JsonNode identity : identities) {
      if (identity.path("Type").asInt(-1) == type) {
        return text(identity, "ID");
      }
    }
    return "";
  }

  /** The id of a typed object id ({@code User_<id>}) among actors or targets. */
  private static String objectId(List<JsonNode> identities, String prefix) {
    for (JsonNode identity : identities) {
      String id = text(identity, "ID");
      if (id.toLowerCase(Locale.ROOT).startsWith(prefix + "_")) {
        return id.substring(prefix.length() + 1);
      }
    }
    return "";
  }
}
