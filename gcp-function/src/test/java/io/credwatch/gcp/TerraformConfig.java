package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * infra/gcp/*.tf as data, parsed offline by {@code tools/hcl2json.js} (npm
 * {@code @cdktf/hcl2json}): Terraform providers cannot be downloaded here, so {@code terraform
 * validate} cannot run. Blocks keep HCL2JSON's shape: nested blocks are arrays, expressions are
 * {@code "${...}"} strings. Skipped when node or {@code tools/node_modules} is missing, unless
 * CREDWATCH_REQUIRE_EMULATORS=1.
 */
final class TerraformConfig {
  static final Path ROOT = Fixtures.repositoryRoot();
  static final Path DIR = ROOT.resolve("infra/gcp");
  private static final Path TOOL = ROOT.resolve("tools/hcl2json.js");
  private static final Path PARSER = ROOT.resolve("tools/node_modules/@cdktf/hcl2json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** kind ("resource", "data") -> "type.name" -> body. */
  private final Map<String, Map<String, JsonNode>> blocks = new LinkedHashMap<>();

  private final Map<String, JsonNode> locals = new LinkedHashMap<>();
  private final Map<String, JsonNode> variables = new LinkedHashMap<>();
  private final Map<String, JsonNode> outputs = new LinkedHashMap<>();

  private TerraformConfig(JsonNode files) {
    for (JsonNode file : files) {
      for (Map.Entry<String, JsonNode> kind : file.properties()) {
        switch (kind.getKey()) {
          case "resource", "data" -> {
            Map<String, JsonNode> named =
                blocks.computeIfAbsent(kind.getKey(), k -> new LinkedHashMap<>());
            for (Map.Entry<String, JsonNode> type : kind.getValue().properties()) {
              for (Map.Entry<String, JsonNode> name : type.getValue().properties()) {
                named.put(type.getKey() + "." + name.getKey(), name.getValue().get(0));
              }
            }
          }
          case "locals" -> {
            for (JsonNode block : kind.getValue()) {
              block.properties().forEach(e -> locals.put(e.getKey(), e.getValue()));
            }
          }
          case "variable" ->
              kind.getValue()
                  .properties()
                  .forEach(e -> variables.put(e.getKey(), e.getValue().get(0)));
          case "output" ->
              kind.getValue()
                  .properties()
                  .forEach(e -> outputs.put(e.getKey(), e.getValue().get(0)));
          default -> {
            // terraform, provider
          }
        }
      }
    }
  }

  /** Parses infra/gcp, or skips (fails under CREDWATCH_REQUIRE_EMULATORS=1) without the tool. */
  static TerraformConfig load() {
    String missing = missingTool();
    if (missing != null) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException(
            "the Terraform structure test is required (CREDWATCH_REQUIRE_EMULATORS=1) but "
                + missing
                + ": install Node.js and run `npm ci --prefix tools`");
      }
      System.out.println("SKIPPED TerraformTest: " + missing + " (npm ci --prefix tools)");
      Assumptions.abort(missing);
    }
    try {
      Path err = Files.createTempFile("hcl2json", ".err");
      try {
        Process process =
            new ProcessBuilder("node", TOOL.toString(), DIR.toString())
                .redirectError(err.toFile())
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new AssertionError(
              "tools/hcl2json.js could not parse "
                  + DIR
                  + ": "
                  + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new TerraformConfig(JSON.readTree(out));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run tools/hcl2json.js", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String missingTool() {
    if (!Files.isDirectory(PARSER)) {
      return PARSER + " is missing";
    }
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      node.getInputStream().readAllBytes();
      if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
        return "`node --version` failed";
      }
      return null;
    } catch (IOException notInstalled) {
      return "node (Node.js) is not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** A resource's body; fails when it is not declared. */
  JsonNode resource(String type, String name) {
    JsonNode body = resources().get(type + "." + name);
    if (body == null) {
      throw new AssertionError("infra/gcp declares no resource " + type + "." + name);
    }
    return body;
  }

  /** Every resource, keyed "type.name". */
  Map<String, JsonNode> resources() {
    return blocks.getOrDefault("resource", Map.of());
  }

  /** Every data source, keyed "type.name". */
  Map<String, JsonNode> dataSources() {
    return blocks.getOrDefault("data", Map.of());
  }

  JsonNode local(String name) {
    JsonNode value = locals.get(name);
    if (value == null) {
      throw new AssertionError("infra/gcp declares no local " + name);
    }
    return value;
  }

  Map<String, JsonNode> locals() {
    return locals;
  }

  JsonNode variable(String name) {
    JsonNode value = variables.get(name);
    if (value == null) {
      throw new AssertionError("infra/gcp declares no variable " + name);
    }
    return value;
  }

  Map<String, JsonNode> variables() {
    return variables;
  }

  Map<String, JsonNode> outputs() {
    return outputs;
  }

  /** The first (only) nested block of that name. */
  static JsonNode block(JsonNode body, String name) {
    JsonNode blocks = body.path(name);
    if (!blocks.isArray() || blocks.isEmpty()) {
      throw new AssertionError("no block " + name + " in " + body);
    }
    return blocks.get(0);
  }

  /** How HCL2JSON writes a bare expression such as {@code local.x}. */
  static String expr(String expression) {
    return "${" + expression + "}";
  }
}
