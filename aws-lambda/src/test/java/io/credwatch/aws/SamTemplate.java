package io.credwatch.aws;

import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * infra/aws/template.yaml as data: CloudFormation's short-form functions (!Ref, !If, ...) become
 * one-key maps ({"Ref": ...}), as in the JSON form of a template.
 */
public final class SamTemplate {
  static final Path FILE = Fixtures.repositoryRoot().resolve("infra/aws/template.yaml");

  private SamTemplate() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> load() {
    try {
      String text = Files.readString(FILE, StandardCharsets.UTF_8);
      return (Map<String, Object>) new Yaml(new IntrinsicConstructor()).load(text);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> resource(Map<String, Object> template, String name) {
    Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
    Object resource = resources.get(name);
    if (resource == null) {
      throw new AssertionError("the template has no resource " + name);
    }
    return (Map<String, Object>) resource;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> properties(Map<String, Object> template, String name) {
    return (Map<String, Object>) resource(template, name).get("Properties");
  }

  /** Every value under a node, with !If branches flattened (both are possible configurations). */
  static List<Object> flattenIf(Object node) {
    List<Object> out = new ArrayList<>();
    if (node instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Fn::If")) {
      List<?> branches = (List<?>) map.get("Fn::If");
      out.addAll(flattenIf(branches.get(1)));
      out.addAll(flattenIf(branches.get(2)));
    } else if (node instanceof Map<?, ?> map
        && map.size() == 1
        && map.containsKey("Ref")
        && "AWS::NoValue".equals(map.get("Ref"))) {
      // nothing
    } else if (node instanceof List<?> list) {
      for (Object item : list) {
        out.addAll(flattenIf(item));
      }
    } else {
      out.add(node);
    }
    return out;
  }

  private static final class IntrinsicConstructor extends SafeConstructor {
    IntrinsicConstructor() {
      super(new LoaderOptions());
      for (String function :
          List.of(
              "Ref",
              "Sub",
              "GetAtt",
              "If",
              "Equals",
              "Not",
              "And",
              "Or",
              "Condition",
              "Join",
              "Select",
              "Split",
              "FindInMap",
              "Base64",
              "ImportValue",
              "GetAZs",
              "Cidr")) {
        String key =
            function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
        yamlConstructors.put(
            new Tag("!" + function),
            new AbstractConstruct() {
              @Override
              public Object construct(Node node) {
                Map<String, Object> call = new LinkedHashMap<>();
                Object argument;
                if (node instanceof ScalarNode scalar) {
                  argument = scalar.getValue();
                } else if (node instanceof SequenceNode sequence) {
                  argument = constructSequence(sequence);
                } else {
                  argument = constructMapping((MappingNode) node);
                }
                call.put(key, argument);
                return call;
              }
            });
      }
    }
  }
}
