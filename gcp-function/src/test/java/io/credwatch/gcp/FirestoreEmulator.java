package io.credwatch.gcp;

import io.credwatch.local.ExternalProcess;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Firestore emulator ({@link io.credwatch.local.FirestoreEmulator}) on loopback for a test
 * class, started on a free port and stopped by its PID. Skipped when the emulator is not installed,
 * unless CREDWATCH_REQUIRE_EMULATORS=1.
 */
final class FirestoreEmulator implements BeforeAllCallback, AfterAllCallback {
  private io.credwatch.local.@Nullable FirestoreEmulator emulator;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (io.credwatch.local.FirestoreEmulator.jar().isEmpty()) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException(
            "the Firestore emulator is required (CREDWATCH_REQUIRE_EMULATORS=1) but was not found");
      }
      Assumptions.abort("the Firestore emulator is not installed: skipping");
    }
    emulator =
        ExternalProcess.onFreePort(
            port ->
                io.credwatch.local.FirestoreEmulator.start(
                    port, Path.of("target/firestore-emulator-" + port + ".log")));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (emulator != null) {
      emulator.close();
    }
  }

  URI endpoint() {
    if (emulator == null) {
      throw new IllegalStateException("the Firestore emulator is not running");
    }
    return emulator.endpoint();
  }
}
