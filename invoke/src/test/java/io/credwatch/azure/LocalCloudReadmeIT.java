package io.credwatch.azure;

import io.credwatch.testing.LocalCloudReadme;
import org.junit.jupiter.api.Test;

/**
 * The README's "Running the functions locally / Azure", word for word: {@code ./credwatch local
 * azure} (the stand-in on 127.0.0.1:8091), then {@code azure-invoke} on the bundled Event Hubs body
 * in dry-run (both passwords stay) and in enforce (Graph's removePassword of exactly the new one),
 * each Teams card printed as it arrives.
 */
class LocalCloudReadmeIT {
  @Test
  void azureSection_runsAsWritten() throws Exception {
    try (LocalCloudReadme readme = LocalCloudReadme.start("Azure", 8091)) {
      readme.runAsWritten();
    }
  }
}
