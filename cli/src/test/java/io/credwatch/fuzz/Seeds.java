package io.credwatch.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What the fuzzer mutates: every record of the bundled examples, the rule samples and, when it is
 * beside the repository, the public corpus, each as one compact JSON line.
 */
final class Seeds {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Seeds() {}

  static List<String> load() {
    Path root = Fixtures.repositoryRoot();
    List<String> seeds = new ArrayList<>();
    addAll(seeds, root.resolve("examples"));
    addAll(seeds, root.resolve("shared/src/test/resources/samples"));
    addAll(seeds, root.resolve("../shared/corpus").normalize());
    if (seeds.size() < 20) {
      throw new IllegalStateException("too few fuzzing seeds found below " + root);
    }
    return List.copyOf(seeds);
  }

  private static void addAll(List<String> seeds, Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".expect.json") || name.equals("expected.json")) {
          continue;
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".gz")) {
          add(seeds, read(file));
        }
      }
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  private static String read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A document becomes one compact line; JSON lines stay lines; what does not parse stays. */
  private static void add(List<String> seeds, String text) {
    try {
      JsonNode document = JSON.readTree(text);
      if (document != null) {
        seeds.add(JSON.writeValueAsString(document));
        return;
      }
    } catch (IOException notOneDocument) {
      // JSON lines, or a deliberately broken example
    }
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        seeds.add(line.strip());
      }
    }
  }
}
