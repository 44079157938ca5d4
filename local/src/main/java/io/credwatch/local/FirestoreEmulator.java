package io.credwatch.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real Firestore emulator (the gcloud SDK's jar, run directly so that one PID stops it) on
 * 127.0.0.1, in Firestore Native mode: the GCP function's state store in tests and local runs.
 */
public final class FirestoreEmulator implements AutoCloseable {
  private final ExternalProcess process;

  private FirestoreEmulator(ExternalProcess process) {
    this.process = process;
  }

  /** The emulator jar: CREDWATCH_FIRESTORE_EMULATOR_JAR, or that of an installed gcloud SDK. */
  public static Optional<Path> jar() {
    return GcloudSdk.jar(
        "CREDWATCH_FIRESTORE_EMULATOR_JAR",
        "platform/cloud-firestore-emulator",
        (dir, name) -> name.equals("cloud-firestore-emulator.jar"));
  }

  public static FirestoreEmulator start(int port, Path log)
      throws IOException, InterruptedException {
    Path jar =
        jar()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the Firestore emulator is not installed: gcloud components install"
                            + " cloud-firestore-emulator (or set CREDWATCH_FIRESTORE_EMULATOR_JAR)"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new FirestoreEmulator(
        ExternalProcess.start(
            "the Firestore emulator",
            List.of(
                java,
                "-cp",
                jar.toString(),
                "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
                "start",
                "--host=127.0.0.1",
                "--port=" + port,
                "--database-mode=firestore-native"),
            Map.of(),
            port,
            log,
            Duration.ofSeconds(30)));
  }

  public URI endpoint() {
    return process.endpoint();
  }

  @Override
  public void close() {
    process.close();
  }
}
