package io.credwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules of docs/architecture.md that hold for the code of every module. */
class ArchitectureTest {
  private static final Pattern OWN_PARSER =
      Pattern.compile(
          "new ObjectMapper\\(|JsonMapper\\.builder\\(|new JsonFactory\\(|JsonFactory\\.builder\\("
              + "|new MappingJsonFactory\\(|YAMLFactory\\.builder\\(|new YAMLFactory\\(");

  /**
   * The rules are the operator's YAML, read with SnakeYAML's own limits (nesting, aliases, size);
   * JsonLimits is for JSON.
   */
  private static final List<String> OWN_PARSER_ALLOWED =
      List.of(
          "shared/src/main/java/io/credwatch/json/JsonLimits.java",
          "shared/src/main/java/io/credwatch/rule/RuleLoader.java");

  private static final int LONG_CLASS_LINES = 420;
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile("^(public |abstract |final |sealed )*(class|interface|enum|record) ");

  private static Path root;
  private static List<Path> sources;

  @BeforeAll
  static void findSources() throws IOException {
    root = Fixtures.repositoryRoot();
    try (Stream<Path> walk = Files.walk(root)) {
      sources =
          walk.filter(path -> path.toString().endsWith(".java"))
              .filter(path -> relative(path).contains("/src/main/java/"))
              .filter(path -> !relative(path).startsWith("node_modules"))
              .sorted()
              .toList();
    }
    assertThat(sources).as("source files found").hasSizeGreaterThan(100);
  }

  private static String relative(Path path) {
    return root.relativize(path).toString();
  }

  /** JsonLimits is the only way into the JSON parser: nothing parses hostile input unbounded. */
  @Test
  void noModuleBuildsItsOwnParser() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path file : sources) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (OWN_PARSER.matcher(lines.get(i)).find()
            && !OWN_PARSER_ALLOWED.contains(relative(file))) {
          offenders.add(relative(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertThat(offenders).as("parsers built outside JsonLimits").isEmpty();
  }

  @Test
  void everyPackageSaysWhatItIsFor() {
    TreeSet<String> missing = new TreeSet<>();
    for (Path file : sources) {
      if (!Files.exists(file.resolveSibling("package-info.java"))) {
        missing.add(relative(file.getParent()));
      }
    }
    assertThat(missing).as("packages without a package-info.java").isEmpty();
  }

  /** A long class states why in its header ("Longer than ..."), or it is split. */
  @Test
  void aLongClassSaysWhyItIsLong() throws IOException {
    List<String> unexplained = new ArrayList<>();
    for (Path file : sources) {
      List<String> lines = Files.readAllLines(file);
      if (lines.size() <= LONG_CLASS_LINES) {
        continue;
      }
      StringBuilder header = new StringBuilder();
      for (String line : lines) {
        if (TYPE_DECLARATION.matcher(line).find()) {
          break;
        }
        header.append(line).append('\n');
      }
      if (!header.toString().contains("Longer than")) {
        unexplained.add(relative(file) + " (" + lines.size() + " lines)");
      }
    }
    assertThat(unexplained).as("classes over " + LONG_CLASS_LINES + " lines").isEmpty();
  }
}
