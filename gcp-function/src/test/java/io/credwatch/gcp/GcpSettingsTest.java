package io.credwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.config.SettingsException;
import io.credwatch.testing.ReadmeSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpSettingsTest {
  @Test
  void defaults_areGooglesApis_andValuesAreRead() {
    GcpSettings defaults = GcpSettings.from(Map.of());
    assertThat(defaults.pubsubTopic()).isEmpty();
    assertThat(defaults.pubsubEndpoint().toString()).isEqualTo("https://pubsub.googleapis.com");
    assertThat(defaults.iamEndpoint().toString()).isEqualTo("https://iam.googleapis.com");
    GcpSettings read =
        GcpSettings.from(
            Map.of(
                "CREDWATCH_GCP_IAM_ENDPOINT", "http://127.0.0.1:8089/",
                "CREDWATCH_PUBSUB_TOPIC", "projects/acme-prod-1/topics/credwatch-alerts"));
    assertThat(read.iamEndpoint().toString()).isEqualTo("http://127.0.0.1:8089");
    assertThat(read.pubsubTopic()).contains("projects/acme-prod-1/topics/credwatch-alerts");
  }

  @Test
  void aTopicNameOfAnotherShape_isRefusedSayingWhatAName() {
    assertThatThrownBy(() -> GcpSettings.from(Map.of("CREDWATCH_PUBSUB_TOPIC", "alerts")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith(
            "CREDWATCH_PUBSUB_TOPIC: 'alerts' is not a Pub/Sub topic name"
                + " projects/PROJECT/topics/TOPIC");
    assertThatThrownBy(
            () -> GcpSettings.from(Map.of("CREDWATCH_PUBSUB_TOPIC", "projects/p/topics/alerts")))
        .hasMessageContaining("a project id of 4 to 63 lowercase letters");
  }

  @Test
  void readme_documentsExactlyTheseSettings() throws Exception {
    ReadmeSettings.assertTableLists("### GCP settings", GcpSettings.class);
  }
}
