package io.credwatch.source;

/**
 * Root-level member names that tell record shapes apart. The streaming pass marks each one it meets
 * in a bit set, during the trie lookup every member gets anyway.
 */
enum ShapeKey {
  DETAIL_TYPE("detail-type", 0),
  DETAIL("detail", 1),
  BODY("body", 2),
  EVENT_SOURCE("eventSource", 3),
  EVENT_NAME("eventName", 4),
  PROTO_PAYLOAD("protoPayload", 5),
  MESSAGE("message", 6),
  SPECVERSION("specversion", 7),
  EVENT_TYPE("eventType", 8),
  DATA("data", 9),
  TOPIC("topic", 10),
  SUBJECT("subject", 11),
  DATA_VERSION("dataVersion", 12),
  PROPERTIES("properties", 13),
  OPERATION_NAME("operationName", 14),
  ACTIVITY_DISPLAY_NAME("activityDisplayName", 15),
  TARGET_RESOURCES("targetResources", 16),
  INITIATED_BY("initiatedBy", 17);

  private final String member;
  private final int bit;

  ShapeKey(String member, int position) {
    this.member = member;
    this.bit = 1 << position;
  }

  String member() {
    return member;
  }

  /** This key's bit in a {@link Sniff}'s key set. */
  int bit() {
    return bit;
  }
}
