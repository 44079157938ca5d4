package io.credwatch.azure;

import io.credwatch.config.SettingsReader;
import java.net.URI;
import java.util.Map;

/**
 * The Azure functions' own settings, beside the shared ones: the base URLs of Microsoft Graph and
 * Azure Resource Manager (the stand-ins in tests). Tokens come from the managed-identity endpoint
 * ({@code IDENTITY_ENDPOINT}, {@code IDENTITY_HEADER}).
 */
public record AzureSettings(URI graphEndpoint, URI armEndpoint) {
  public static final String GRAPH_ENDPOINT = "CREDWATCH_GRAPH_ENDPOINT";
  public static final String ARM_ENDPOINT = "CREDWATCH_ARM_ENDPOINT";

  public static AzureSettings from(Map<String, String> environment) {
    SettingsReader env = new SettingsReader(environment);
    return new AzureSettings(
        env.endpoint(GRAPH_ENDPOINT, "https://graph.microsoft.com"),
        env.endpoint(ARM_ENDPOINT, "https://management.azure.com"));
  }
}
