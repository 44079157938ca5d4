package io.credwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The floor of any scan in this JVM: every gzip file below a folder decompressed on every core, and
 * nothing else. {@link ArchiveBenchmark} runs it as its own process, with the scanner's JVM flags,
 * beside the scan.
 */
public final class InflateOnly {
  private InflateOnly() {}

  public static void main(String[] args) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    long bytes =
        files.parallelStream()
            .mapToLong(
                file -> {
                  byte[] buffer = new byte[1 << 16];
                  long read = 0;
                  try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                      read += n;
                    }
                  } catch (IOException unreadable) {
                    throw new UncheckedIOException(unreadable);
                  }
                  return read;
                })
            .sum();
    System.out.println(bytes);
  }
}
