package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.config.SettingsException;
import io.credwatch.testing.ReadmeSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureSettingsTest {
  @Test
  void defaults_areGraphAndArm_andAnEndpointMustBeAUrl() {
    AzureSettings defaults = AzureSettings.from(Map.of());
    assertThat(defaults.graphEndpoint().toString()).isEqualTo("https://graph.microsoft.com");
    assertThat(defaults.armEndpoint().toString()).isEqualTo("https://management.azure.com");
    assertThatThrownBy(
            () -> AzureSettings.from(Map.of("CREDWATCH_GRAPH_ENDPOINT", "graph.microsoft.com")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("CREDWATCH_GRAPH_ENDPOINT: must be a base URL");
  }

  @Test
  void readme_documentsExactlyTheseSettings() throws Exception {
    ReadmeSettings.assertTableLists("### Azure settings", AzureSettings.class);
  }
}
