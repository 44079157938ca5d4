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
  LAMBDA;

  static Admission of(PlatformDelivery delivery) {
    return delivery instanceof PlatformDelivery.EventBridgeEvent
            || delivery instanceof PlatformDelivery.SqsBatch
        ? LAMBDA
        : ANY;
  }

  /** True when a record of {@code shape} may be read at this envelope depth. */
  boolean admits(Shape shape, int envelopeDepth) {
    return switch (this) {
      case ANY -> true;
      case LAMBDA ->
          shape instanceof EventBridgeShape
              ? envelopeDepth <= 1
              : shape instanceof SqsMessageShape && envelopeDepth == 0;
    };
  }

  /** Why a record of another shape is not read. */
  String refusal() {
    return "not delivered by EventBridge: the function acts only on CloudTrail events that"
        + " EventBridge delivered, directly or through the SQS buffer";
  }
}
