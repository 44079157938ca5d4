/**
 * The Azure Functions app: the two functions (CredWatchFunctions: Entra audit logs from Event Hubs,
 * Resource Manager events from Event Grid), their core (AzureCore), settings (AzureSettings), the
 * remediator for Microsoft Graph and Resource Manager over REST (AzureRemediator), the
 * managed-identity token and error mapping (AzureErrors).
 */
@NullMarked
package io.credwatch.azure;

import org.jspecify.annotations.NullMarked;
