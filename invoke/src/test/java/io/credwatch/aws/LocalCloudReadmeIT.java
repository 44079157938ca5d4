package io.credwatch.aws;

import io.credwatch.local.Moto;
import io.credwatch.testing.LocalCloudReadme;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's "Running the functions locally / AWS", word for word: {@code ./credwatch local aws}
 * (moto on 127.0.0.1:5055), then {@code aws-invoke} through Lambda's runtime client in dry-run (the
 * key stays Active) and in enforce (the key is set Inactive), each alert read back from SNS.
 */
class LocalCloudReadmeIT {
  @Test
  void awsSection_runsAsWritten() throws Exception {
    if (Moto.executable().isEmpty()) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException("moto_server is required but is not on the PATH");
      }
      Assumptions.abort("moto_server is not installed");
    }
    try (LocalCloudReadme readme = LocalCloudReadme.start("AWS", 5055)) {
      readme.runAsWritten();
    }
  }
}
