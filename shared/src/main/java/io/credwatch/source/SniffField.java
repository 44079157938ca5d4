package io.credwatch.source;

/**
 * The few fields the streaming pass captures from every record: enough to tell the shape and the
 * operation without building a tree. Records of credential operations are then parsed in full.
 */
enum SniffField {
  EVENT_SOURCE("eventSource"),
  EVENT_NAME("eventName"),
  SQS_BODY("body"),
  SQS_MESSAGE_ID("messageId"),
  DETAIL_TYPE("detail-type"),
  DETAIL_EVENT_SOURCE("detail.eventSource"),
  DETAIL_EVENT_NAME("detail.eventName"),
  PROTO_SERVICE("protoPayload.serviceName"),
  PROTO_METHOD("protoPayload.methodName"),
  PROTO_PERMISSION("protoPayload.authorizationInfo[].permission"),
  PUSH_DATA("message.data"),
  PUSH_MESSAGE_ID("message.messageId"),
  PUSH_MESSAGE_ID_SNAKE("message.message_id"),
  CE_TYPE("type"),
  CE_DATA_BASE64("data_base64"),
  CE_PUSH_DATA("data.message.data"),
  CE_PUSH_MESSAGE_ID("data.message.messageId"),
  CE_PROTO_SERVICE("data.protoPayload.serviceName"),
  CE_PROTO_METHOD("data.protoPayload.methodName"),
  CE_PROTO_PERMISSION("data.protoPayload.authorizationInfo[].permission"),
  DATA_OPERATION_NAME("data.operationName"),
  EVENT_TYPE("eventType"),
  OPERATION_NAME("operationName"),
  OPERATION_NAME_VALUE("operationName.value"),
  CATEGORY("category"),
  RESOURCE_ID("resourceId"),
  PROPERTIES_ACTIVITY("properties.activityDisplayName"),
  ACTIVITY("activityDisplayName"),
  /** {@code data} given as text (JSON in a string) rather than an object. */
  DATA_TEXT("data");

  private final String path;

  SniffField(String path) {
    this.path = path;
  }

  /** The dotted path; {@code []} marks an array whose elements are all visited. */
  String path() {
    return path;
  }

  /**
   * True for values drawn from a small vocabulary (sources, operations, methods, types), which the
   * streaming pass reads through a {@link ValueCache}; ids, bodies and payloads are not.
   */
  boolean fewDistinctValues() {
    return switch (this) {
      case SQS_BODY,
          SQS_MESSAGE_ID,
          PUSH_DATA,
          PUSH_MESSAGE_ID,
          PUSH_MESSAGE_ID_SNAKE,
          CE_DATA_BASE64,
          CE_PUSH_DATA,
          CE_PUSH_MESSAGE_ID,
          DATA_TEXT ->
          false;
      default -> true;
    };
  }

  /** True for fields that collect every value (permission lists) rather than the first. */
  boolean collectsAll() {
    return this == PROTO_PERMISSION || this == CE_PROTO_PERMISSION;
  }
}
