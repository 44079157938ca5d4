package io.credwatch.source;

/**
 * Which record shapes an input may hold, by how it arrived. Archives and tests hold anything. A
 * platform delivery holds only what that platform delivers: EventBridge gives the Lambda function
 * an EventBridge event, and an SQS queue gives it a batch of messages whose bodies are EventBridge
 * events. A CloudTrail record or log file handed to the function any other way was not delivered by
 * the platform, and the function must not act on it.
 */
enum Admission {
  ANY,
  /** One EventBridge event, as EventBridge invokes the function: nothing around it. */
  EVENTBRIDGE,
  /** An SQS batch whose message bodies are each one EventBridge event. */
  SQS;

  static Admission of(PlatformDelivery delivery) {
    if (delivery instanceof PlatformDelivery.EventBridgeEvent) {
      return EVENTBRIDGE;
    }
    return delivery instanceof PlatformDelivery.SqsBatch ? SQS : ANY;
  }

  /**
   * True when a record of {@code shape} may be read at this envelope depth and path ("" for the
   * delivery itself, {@code Records[0]} inside its envelope).
   */
  boolean admits(Shape shape, int envelopeDepth, String path) {
    return switch (this) {
      case ANY -> true;
      case EVENTBRIDGE -> shape instanceof EventBridgeShape && envelopeDepth == 0 && path.isEmpty();
      case SQS ->
          shape instanceof SqsMessageShape
              ? envelopeDepth == 0
              : shape instanceof EventBridgeShape && envelopeDepth == 1;
    };
  }

  /** Why a record of another shape is not read. */
  String refusal() {
    return "not delivered by EventBridge: the function acts only on CloudTrail events that"
        + " EventBridge delivered, directly or through the SQS buffer";
  }
}
