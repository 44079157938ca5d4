package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.json.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each trigger's delivery, read with the bounded parser only. */
class PlatformDeliveryTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void lambda_isAnSqsBatchOnlyWhenEveryRecordIsAnSqsMessage() {
    String message = "{\"messageId\":\"m1\",\"eventSource\":\"aws:sqs\",\"body\":\"{}\"}";
    assertThat(PlatformDelivery.lambda(bytes("{\"Records\":[" + message + "]}"), "r1"))
        .isInstanceOf(PlatformDelivery.SqsBatch.class)
        .extracting(PlatformDelivery::label)
        .isEqualTo("lambda:r1");

    for (String notBatch :
        List.of(
            "{\"Records\":[]}",
            "{\"Records\":[" + message + ",{\"eventSource\":\"aws:s3\"}]}",
            "{\"Records\":{\"eventSource\":\"aws:sqs\"}}",
            "[" + message + "]",
            "{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{}}",
            "{\"Records\":[" + message,
            "not json")) {
      assertThat(PlatformDelivery.lambda(bytes(notBatch), "r2"))
          .as(notBatch)
          .isInstanceOf(PlatformDelivery.EventBridgeEvent.class);
    }
  }

  @Test
  void lambda_aHostilelyDeepPayload_isNoBatch_andNoStackOverflow() {
    String deep = "{\"Records\":[{\"x\":" + "[".repeat(100_000) + "]}]}";
    assertThat(PlatformDelivery.lambda(bytes(deep), "r3"))
        .isInstanceOf(PlatformDelivery.EventBridgeEvent.class);
  }

  @Test
  void eventGrid_validationCode_aloneOrInAnArrayOfOne() {
    String validation =
        "{\"id\":\"v1\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\","
            + "\"data\":{\"validationCode\":\"512d38b6\"}}";
    assertThat(new PlatformDelivery.EventGridEvent(validation, "i1").validationCode())
        .contains("512d38b6");
    assertThat(new PlatformDelivery.EventGridEvent("[" + validation + "]", "i1").validationCode())
        .contains("512d38b6");
    assertThat(
            new PlatformDelivery.EventGridEvent("[" + validation + "," + validation + "]", "i1")
                .validationCode())
        .isEmpty();
    assertThat(
            new PlatformDelivery.EventGridEvent("[[[" + "[".repeat(5_000), "i1").validationCode())
        .isEmpty();
    assertThat(PlatformDelivery.EventGridEvent.validationAnswer("a\"b"))
        .isEqualTo("{\"validationResponse\":\"a\\\"b\"}");
  }

  @Test
  void cloudEvent_isStructured_withItsDataAsJson_orAsTextWhenItIsNotJson() throws Exception {
    PlatformDelivery.CloudEvent event =
        new PlatformDelivery.CloudEvent(
            "1.0",
            "e1",
            "google.cloud.audit.log.v1.written",
            "//src",
            null,
            null,
            bytes("{\"a\":1}"));
    JsonNode json = JsonLimits.defaultMapper().readTree(event.json());
    assertThat(event.label()).isEqualTo("cloudevent:google.cloud.audit.log.v1.written:e1");
    assertThat(json.path("specversion").asText()).isEqualTo("1.0");
    assertThat(json.has("subject")).isFalse();
    assertThat(json.path("data").path("a").asInt()).isEqualTo(1);

    String tooDeep = "[".repeat(1_000) + "]".repeat(1_000);
    JsonNode kept =
        JsonLimits.defaultMapper()
            .readTree(
                new PlatformDelivery.CloudEvent(
                        "1.0", "e2", "t", "//s", "sub", null, bytes(tooDeep))
                    .json());
    assertThat(kept.path("data").isTextual()).isTrue();
    assertThat(kept.path("subject").asText()).isEqualTo("sub");
  }

  @Test
  void eventHubsBody_isLabelledByInvocationAndPosition() {
    PlatformDelivery.EventHubsBody body =
        new PlatformDelivery.EventHubsBody("{\"records\":[]}", "inv", 3);
    assertThat(body.label()).isEqualTo("event-hubs:inv:3");
    assertThat(new String(body.json(), StandardCharsets.UTF_8)).isEqualTo("{\"records\":[]}");
  }
}
