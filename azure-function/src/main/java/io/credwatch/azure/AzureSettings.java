package io.credwatch.azure;

import io.credwatch.config.SettingsReader;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Azure functions' own settings, beside the shared ones: the base URLs of Microsoft Graph and
 * Azure Resource Manager (the stand-ins in tests). Tokens come from the managed-identity endpoint
 * ({@code IDENTITY_ENDPOINT}, {@code IDENTITY_HEADER}).
 *
 * @param confirmationQueueEndpoint the Queue service holding {@link #CONFIRMATION_QUEUE}, {@code
 *     https://ACCOUNT.queue.core.windows.net}; without it, the platform's own retry is the next
 *     look at the log for an event that waits for confirmation
 */
public record AzureSettings(
    URI graphEndpoint,
    URI armEndpoint,
    Optional<URI> stateTableEndpoint,
    Optional<String> stateTable,
    Optional<URI> confirmationQueueEndpoint) {
  public static final String GRAPH_ENDPOINT = "CREDWATCH_GRAPH_ENDPOINT";
  public static final String ARM_ENDPOINT = "CREDWATCH_ARM_ENDPOINT";
  public static final String STATE_TABLE_ENDPOINT = "CREDWATCH_STATE_TABLE_ENDPOINT";
  public static final String STATE_TABLE = "CREDWATCH_STATE_TABLE";
  public static final String CONFIRMATION_QUEUE_ENDPOINT = "CREDWATCH_CONFIRMATION_QUEUE_ENDPOINT";

  /** The storage queue that brings events waiting for confirmation back (the template makes it). */
  public static final String CONFIRMATION_QUEUE = "credwatch-confirmations";

  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

  public static AzureSettings from(Map<String, String> environment) {
    SettingsReader env = new SettingsReader(environment);
    return new AzureSettings(
        env.endpoint(GRAPH_ENDPOINT, "https://graph.microsoft.com"),
        env.endpoint(ARM_ENDPOINT, "https://management.azure.com"),
        env.get(STATE_TABLE_ENDPOINT).map(url -> env.endpoint(STATE_TABLE_ENDPOINT, url)),
        env.matching(STATE_TABLE, TABLE_NAME, "an Azure Table name (3 to 63 letters and digits)"),
        env.get(CONFIRMATION_QUEUE_ENDPOINT)
            .map(url -> env.endpoint(CONFIRMATION_QUEUE_ENDPOINT, url)));
  }
}
