package io.credwatch.gcp;

import io.credwatch.testing.LocalCloudReadme;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's "Running the functions locally / GCP", word for word: {@code ./credwatch local gcp}
 * (the Pub/Sub emulator on 127.0.0.1:8085, the Google stand-in on 8090), then {@code gcp-invoke} on
 * the bundled Pub/Sub push in dry-run (the key stays enabled) and in enforce (IAM's {@code
 * :disable}), each alert pulled from the emulator.
 */
class LocalCloudReadmeIT {
  @Test
  void gcpSection_runsAsWritten() throws Exception {
    if (io.credwatch.local.PubSubEmulator.jar().isEmpty()) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException("the Pub/Sub emulator is required but was not found");
      }
      Assumptions.abort("the Pub/Sub emulator is not installed");
    }
    try (LocalCloudReadme readme = LocalCloudReadme.start("GCP", 8085, 8090)) {
      readme.runAsWritten();
    }
  }
}
