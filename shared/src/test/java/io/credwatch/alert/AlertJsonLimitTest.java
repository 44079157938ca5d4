package io.credwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertJsonLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void renderWithin_smallAlert_isTheFullDocument() {
    Alert alert = AlertsForTests.standard();
    assertThat(AlertJson.renderWithin(alert, 256 * 1024)).isEqualTo(AlertJson.render(alert));
  }

  @Test
  void renderWithin_attackerSizedUserAgent_isClippedButKeepsTheIds() throws Exception {
    String hugeAgent = "aws-cli/2 " + "A".repeat(400_000);
    Alert alert = AlertsForTests.alert(AlertsForTests.createAccessKey("bob", hugeAgent));
    String full = AlertJson.render(alert);
    assertThat(full.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(256 * 1024);

    String fitted = AlertJson.renderWithin(alert, 256 * 1024);

    assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256 * 1024);
    JsonNode node = JSON.readTree(fitted);
    assertThat(node.path("id").asText()).isEqualTo(alert.id());
    assertThat(node.path("credential").path("id").asText()).isEqualTo("AKIAEXAMPLENEWKEY001");
    assertThat(node.path("userAgent").asText())
        .startsWith("aws-cli/2 AAAA")
        .endsWith("[clipped from 400010 characters]");
  }
}
