package io.credwatch.source;

import java.util.List;

/** A Cloud Audit Logs LogEntry ({@code protoPayload}), from a sink export or a log query. */
final class GcpLogEntryShape implements Shape {
  private static final ShapeKey PROTO_PAYLOAD = ShapeKey.of("protoPayload");
  private static final SniffField SERVICE = SniffField.vocabulary("protoPayload.serviceName");
  private static final SniffField METHOD = SniffField.vocabulary("protoPayload.methodName");
  private static final SniffField PAYLOAD_TYPE = SniffField.vocabulary("protoPayload.@type");
  private static final String AUDIT_LOG_TYPE = "google.cloud.audit.AuditLog";

  // Collected into Sniff.permissions(): a call made through another service names the permission
  // it used only here.
  @SuppressWarnings("unused")
  private static final SniffField PERMISSION =
      SniffField.every("protoPayload.authorizationInfo[].permission");

  private final GcpAuditParser gcpAudit;

  GcpLogEntryShape(GcpAuditParser gcpAudit) {
    this.gcpAudit = gcpAudit;
  }

  /** True when a service's method, or a permission it used, may add a credential. */
  static boolean mayAddCredential(String service, String method, List<String> permissions) {
    return OperationCatalog.gcpOperation(service, method).isPresent()
        || OperationCatalog.anyGcpProxyPermission(permissions);
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(PROTO_PAYLOAD);
  }

  @Override
  public void read(RecordSpan record) {
    Sniff sniff = record.sniff();
    String error =
        sniff.typeError("protoPayload", "protoPayload.serviceName", "protoPayload.methodName");
    if (error != null) {
      record.malformed("GCP LogEntry: " + error);
      return;
    }
    String payloadType = sniff.get(PAYLOAD_TYPE);
    if (!payloadType.isEmpty() && !payloadType.endsWith(AUDIT_LOG_TYPE)) {
      record.ignored("Cloud Logging entry that is not an audit log", Reasons.clip(payloadType));
      return;
    }
    String service = sniff.get(SERVICE);
    String method = sniff.get(METHOD);
    if (!mayAddCredential(service, method, sniff.permissions())) {
      record.notCredential(service, method);
      return;
    }
    record.parse((tree, location) -> gcpAudit.parse(tree, Envelope.NONE, location));
  }
}
