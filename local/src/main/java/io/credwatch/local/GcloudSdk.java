package io.credwatch.local;

import java.io.File;
import java.io.FilenameFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the gcloud SDK's emulators are: a variable naming the jar, or a usual install root. */
final class GcloudSdk {
  private static final List<String> ROOTS =
      List.of(
          "/usr/lib/google-cloud-sdk",
          "/usr/share/google-cloud-sdk",
          System.getProperty("user.home") + "/google-cloud-sdk");

  private GcloudSdk() {}

  /**
   * The jar named by {@code variable}, else the first file of {@code folder} (relative to an SDK
   * root) that {@code filter} accepts.
   */
  static Optional<Path> jar(String variable, String folder, FilenameFilter filter) {
    String configured = System.getenv(variable);
    if (configured != null && new File(configured).isFile()) {
      return Optional.of(Path.of(configured));
    }
    for (String root : ROOTS) {
      File[] jars = new File(root, folder).listFiles(filter);
      if (jars != null && jars.length > 0) {
        return Optional.of(jars[0].toPath());
      }
    }
    return Optional.empty();
  }
}
