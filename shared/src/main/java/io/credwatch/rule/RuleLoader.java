package io.credwatch.rule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads and validates rule files, once, at start-up. Any problem is a {@link
 * RuleDefinitionException} naming the file and the path inside it; the catalogue test turns that
 * into a failed build.
 */
public final class RuleLoader {
  /** The classpath folder of the built-in rules, and the index listing them. */
  public static final String DIRECTORY = "rules/";

  public static final String INDEX = DIRECTORY + "index.txt";

  private final ActionCatalog actions;
  private final ObjectMapper yaml;

  public RuleLoader(ActionCatalog actions) {
    this.actions = actions;
    YAMLFactory factory = YAMLFactory.builder().build();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.yaml = new ObjectMapper(factory);
  }

  /** The rules shipped in the jar, listed by {@link #INDEX}. */
  public RuleSet loadBuiltIn() {
    List<Rule> rules = new ArrayList<>();
    for (String file : builtInFiles()) {
      rules.add(parse(DIRECTORY + file, resource(DIRECTORY + file)));
    }
    return RuleSet.of(rules);
  }

  /** The built-in rules, and those of an extra directory when one is configured. */
  public RuleSet load(java.util.Optional<Path> extraDirectory) {
    return extraDirectory.map(this::loadBuiltInAnd).orElseGet(this::loadBuiltIn);
  }

  /**
   * The built-in rules plus every {@code *.yml} file of a directory. A file whose rule has the id
   * of a built-in rule replaces that rule (how a team tunes one), and the set says so.
   */
  public RuleSet loadBuiltInAnd(Path directory) {
    List<Rule> extra = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        extra.add(parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    } catch (IOException unreadable) {
      throw new RuleDefinitionException(
          directory.toString(),
          "",
          "cannot read the rule directory: " + io.credwatch.config.IoReasons.of(unreadable));
    }
    return loadBuiltIn().with(extra);
  }

  /** The file names listed in the built-in index. */
  public static List<String> builtInFiles() {
    List<String> files = new ArrayList<>();
    for (String line : resource(INDEX).split("\n", -1)) {
      String name = line.trim();
      if (!name.isEmpty() && !name.startsWith("#")) {
        files.add(name);
      }
    }
    return files;
  }

  private static String resource(String name) {
    try (InputStream in = RuleLoader.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new RuleDefinitionException(name, "", "missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new RuleDefinitionException(name, "", "unreadable: " + unreadable.getMessage());
    }
  }

  /** Parses and validates one rule file. */
  public Rule parse(String file, String text) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException invalidYaml) {
      throw new RuleDefinitionException(
          file, "", "not valid YAML: " + invalidYaml.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new RuleDefinitionException(file, "", "a rule file must hold one YAML mapping");
    }
    return new RuleFile(file, root, actions).rule();
  }
}
