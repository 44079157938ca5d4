package io.credwatch.source;

import static io.credwatch.source.CloudTrailParser.first;
import static io.credwatch.source.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * An Amazon Security Lake record of CloudTrail management events in OCSF 1.x: API Activity ({@code
 * class_uid} 6003) or Account Change (3001), both with the call in {@code api} ({@code operation},
 * {@code service.name}, {@code request.data}, {@code response.data}). It is rewritten into the
 * CloudTrail record it was made from, following Security Lake's published mapping: OCSF 1.1 names
 * the caller's ARN {@code actor.user.uid}, 1.0 {@code actor.user.uuid}; request and response
 * members that 1.0 left in {@code unmapped} ({@code requestParameters.userName}) are folded back.
 */
final class OcsfApiActivityShape implements Shape {
  private static final ShapeKey CLASS_UID = ShapeKey.of("class_uid");
  private static final ShapeKey API = ShapeKey.of("api");
  private static final SniffField OPERATION = SniffField.vocabulary("api.operation");
  private static final SniffField SERVICE = SniffField.vocabulary("api.service.name");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(CLASS_UID, API);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String error = sniff.typeError("api.operation", "api.service.name");
    if (error != null) {
      record.malformed("OCSF API activity: " + error);
      return;
    }
    String service = sniff.get(SERVICE).trim();
    String operation = sniff.get(OPERATION).trim();
    if (!OperationCatalog.isAwsCredentialOperation(service, operation)) {
      record.notCredential(service, operation);
      return;
    }
    record.rewrite((tree, span) -> span.readTree(cloudTrailRecord(tree), "", "OCSF record"));
  }

  static ObjectNode cloudTrailRecord(JsonNode ocsf) {
    ObjectNode trail = ExportRow.NODES.objectNode();
    JsonNode api = ocsf.path("api");
    trail.put("eventVersion", first(text(ocsf, "metadata", "product", "version"), "1.08"));
    trail.put("eventSource", text(api, "service", "name").trim());
    trail.put("eventName", text(api, "operation").trim());
    trail.put("eventType", "AwsApiCall");
    ExportRow.put(trail, "eventID", text(ocsf, "metadata", "uid"));
    // Epoch milliseconds, or ISO text from some writers: Timestamps reads both.
    ExportRow.put(trail, "eventTime", text(ocsf, "time"));
    ExportRow.put(trail, "awsRegion", text(ocsf, "cloud", "region"));
    ExportRow.put(trail, "recipientAccountId", text(ocsf, "cloud", "account", "uid"));
    ExportRow.put(trail, "sourceIPAddress", text(ocsf, "src_endpoint", "ip"));
    ExportRow.put(trail, "userAgent", text(ocsf, "http_request", "user_agent"));
    ExportRow.put(trail, "requestID", text(api, "request", "uid"));
    ExportRow.put(trail, "errorCode", text(api, "response", "error"));
    ExportRow.put(trail, "errorMessage", text(api, "response", "message"));
    JsonNode user = ocsf.path("actor").path("user");
    ObjectNode identity = trail.putObject("userIdentity");
    ExportRow.put(identity, "type", text(user, "type"));
    String uid = text(user, "uid");
    String arn = uid.startsWith("arn:") ? uid : text(user, "uuid");
    ExportRow.put(identity, "arn", arn);
    ExportRow.put(
        identity, "principalId", first(text(user, "uid_alt"), uid.startsWith("arn:") ? "" : uid));
    ExportRow.put(
        identity, "accountId", first(text(user, "account", "uid"), text(user, "account_uid")));
    ExportRow.put(identity, "userName", text(user, "name"));
    ExportRow.put(identity, "accessKeyId", text(user, "credential_uid"));
    ExportRow.put(identity, "invokedBy", text(ocsf, "actor", "invoked_by"));
    String issuer = text(ocsf, "actor", "session", "issuer");
    if (!issuer.isEmpty()) {
      identity.putObject("sessionContext").putObject("sessionIssuer").put("arn", issuer);
    }
    ObjectNode request = objectOf(ExportRow.dynamic(api.path("request").path("data")));
    ObjectNode response = objectOf(ExportRow.dynamic(api.path("response").path("data")));
    JsonNode unmapped = ocsf.path("unmapped");
    for (Map.Entry<String, JsonNode> member : unmapped.properties()) {
      fold(request, member.getKey(), "requestParameters.", member.getValue());
      fold(response, member.getKey(), "responseElements.", member.getValue());
    }
    ExportRow.put(
        trail, "requestParameters", request.isEmpty() ? ExportRow.NODES.nullNode() : request);
    ExportRow.put(
        trail, "responseElements", response.isEmpty() ? ExportRow.NODES.nullNode() : response);
    return trail;
  }

  private static ObjectNode objectOf(JsonNode value) {
    return value.isObject() ? (ObjectNode) value.deepCopy() : ExportRow.NODES.objectNode();
  }

  /** {@code requestParameters.accessKey.userName} → {@code {accessKey: {userName: ...}}}. */
  private static void fold(ObjectNode into, String name, String prefix, JsonNode value) {
    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
      return;
    }
    String[] path = name.substring(prefix.length()).split("\\.", -1);
    ObjectNode node = into;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = node.get(path[i]);
      node = child instanceof ObjectNode object ? object : node.putObject(path[i]);
    }
    if (!node.has(path[path.length - 1])) {
      node.set(path[path.length - 1], ExportRow.dynamic(value));
    }
  }
}
