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

  @Test
  void textBendingCharacters_areEscaped_andReadBackAsThemselves() throws Exception {
    String agent =
        "curl\u202Egpj.exe\u2028next line\u0085\u2066iso\u2069\u200Bzw\uFEFF https://evil.example/ack";
    Alert alert = AlertsForTests.alert(AlertsForTests.createAccessKey("bob", agent));

    for (String rendered :
        java.util.List.of(AlertJson.render(alert), AlertJson.renderWithin(alert, 256 * 1024))) {
      assertThat(rendered)
          .doesNotContain("\u202E")
          .doesNotContain("\u2028")
          .doesNotContain("\u0085")
          .doesNotContain("\u2066")
          .doesNotContain("\u200B")
          .doesNotContain("\uFEFF")
          .contains("\\u202e", "\\u2028", "\\u0085", "\\u2066", "\\u200b", "\\ufeff");
      assertThat(JSON.readTree(rendered).path("userAgent").asText()).isEqualTo(agent);
    }
    // Accented and non-Latin text is left as it is.
    Alert accented = AlertsForTests.alert(AlertsForTests.createAccessKey("zoë-日本", "aws-cli/2"));
    assertThat(AlertJson.render(accented)).contains("zoë-日本");
  }
}
