package io.credwatch.local;

import java.io.File;
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
    String configured = System.getenv("CREDWATCH_FIRESTORE_EMULATOR_JAR");
    if (configured != null && new File(configured).isFile()) {
      return Optional.of(Path.of(configured));
    }
    for (String root :
        List.of(
            "/usr/lib/google-cloud-sdk",
            "/usr/share/google-cloud-sdk",
            System.getProperty("user.home") + "/google-cloud-sdk")) {
      File jar = new File(root, "platform/cloud-firestore-emulator/cloud-firestore-emulator.jar");
      if (jar.isFile()) {
        return Optional.of(jar.toPath());
      }
    }
    return Optional.empty();
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
