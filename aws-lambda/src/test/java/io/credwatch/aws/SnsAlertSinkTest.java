package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.alert.Alert;
import io.credwatch.testing.CloudTrailRecords;
import io.credwatch.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What each kind of SNS subscriber reads (MessageStructure=json). */
class SnsAlertSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Alert alertWithAgent(String agent) {
    String record =
        CloudTrailRecords.createAccessKey(CloudTrailRecords.iamUser("user/alice", "alice"), "bob")
            .replace("\"userAgent\":\"aws-cli/2\"", "\"userAgent\":" + JSON.valueToTree(agent));
    return Fixtures.alert(record);
  }

  /** CREDWATCH_ALERT_FORMAT=ocsf: queues and functions get the OCSF finding, email the text. */
  @Test
  void withOcsf_everySubscriberButEmailReadsTheDetectionFinding() throws Exception {
    Alert alert = alertWithAgent("aws-cli/2");
    JsonNode messages =
        JSON.readTree(
            SnsAlertSink.perProtocol(alert, 200_000, io.credwatch.alert.AlertFormat.OCSF));
    JsonNode finding = JSON.readTree(messages.path("default").asText());
    assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
    assertThat(finding.path("finding_info").path("uid").asText()).isEqualTo(alert.id());
    assertThat(messages.path("email").asText()).contains(alert.id()).doesNotContain("class_uid");
  }

  @Test
  void emailReadsTheEscapedText_andEveryOtherSubscriberTheDocument() throws Exception {
    String agent = "ua \u202Egpj.exe https://evil.example/ack www.evil.example";
    Alert alert = alertWithAgent(agent);

    JsonNode messages =
        JSON.readTree(
            SnsAlertSink.perProtocol(alert, 200_000, io.credwatch.alert.AlertFormat.CREDWATCH));

    assertThat(messages.fieldNames()).toIterable().containsExactly("default", "email");
    JsonNode document = JSON.readTree(messages.path("default").asText());
    assertThat(document.path("id").asText()).isEqualTo(alert.id());
    assertThat(document.path("userAgent").asText()).isEqualTo(agent);
    String email = messages.path("email").asText();
    assertThat(email)
        .contains(alert.id())
        .doesNotContain("\u202E")
        .doesNotContain("https://evil.example")
        .doesNotContain("www.evil.example");
  }

  @Test
  void anAttackerSizedAlert_fitsSnssLimit_withBothRenderings() throws Exception {
    Alert alert = alertWithAgent("aws-cli/2 \"" + "A\\".repeat(150_000));
    int budget = SnsAlertSink.MAX_MESSAGE_BYTES - 2048;

    String envelope =
        SnsAlertSink.perProtocol(alert, budget, io.credwatch.alert.AlertFormat.CREDWATCH);

    assertThat(envelope.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget);
    JsonNode messages = JSON.readTree(envelope);
    assertThat(JSON.readTree(messages.path("default").asText()).path("id").asText())
        .isEqualTo(alert.id());
    assertThat(messages.path("email").asText()).contains(alert.id());
  }
}
