package io.credwatch.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.alert.Severity;
import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.Operation;
import io.credwatch.source.OperationCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One rule file being validated: every key checked, in the order an author reads them, and each
 * problem a {@link RuleDefinitionException} naming the file and the path inside it.
 *
 * <p>Longer than most classes on purpose: each check sits beside the message a rule author sees,
 * and splitting them would only scatter the file format over several classes.
 */
final class RuleFile {
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "id",
          "name",
          "title",
          "status",
          "description",
          "cloud",
          "kinds",
          "operations",
          "match",
          "severity",
          "remediation",
          "tags",
          "falsepositives",
          "references",
          "triage",
          "author",
          "date",
          "modified");
  private static final Set<String> STATUSES = Set.of("stable", "test", "experimental");
  private static final Set<String> REQUIRED_TAGS = Set.of("attack.persistence", "attack.t1098.001");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern NAME = Pattern.compile("(aws|entra|azure|gcp)_[a-z0-9_]+");

  /**
   * Caller-chosen text: a rule may not exclude events on it ({@code not:}), because an intruder
   * chooses names and user agents. Exclusions belong in suppressions, by exact principal.
   */
  private static final Set<String> CALLER_CONTROLLED =
      Set.of(
          "actor.name",
          "actor.userAgent",
          "actor.principal",
          "target.name",
          "credential.displayName");

  private final String file;
  private final JsonNode root;
  private final ActionCatalog actions;

  RuleFile(String file, JsonNode root, ActionCatalog actions) {
    this.file = file;
    this.root = root;
    this.actions = actions;
  }

  Rule rule() {
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!TOP_LEVEL.contains(key)) {
        throw error(
            key,
            "unknown key (allowed: " + String.join(", ", new java.util.TreeSet<>(TOP_LEVEL)) + ")");
      }
    }
    String id = requiredText(root, "id");
    if (!UUID.matcher(id).matches()) {
      throw error("id", "must be a lowercase UUID, got '" + id + "'");
    }
    String name = requiredText(root, "name");
    if (!NAME.matcher(name).matches()) {
      throw error(
          "name",
          "must be snake_case and start with aws_, entra_, azure_ or gcp_, got '" + name + "'");
    }
    String base = String.valueOf(Path.of(file).getFileName());
    if (!base.equals(name + ".yml")) {
      throw error("name", "must equal the file name without .yml ('" + base + "')");
    }
    String status = requiredText(root, "status");
    if (!STATUSES.contains(status)) {
      throw error("status", "must be one of " + STATUSES + ", got '" + status + "'");
    }
    String cloudText = requiredText(root, "cloud");
    Cloud cloud =
        Cloud.fromId(cloudText)
            .orElseThrow(
                () -> error("cloud", "must be aws, azure or gcp, got '" + cloudText + "'"));
    if (!name.startsWith(
        cloud == Cloud.AZURE
            ? (name.startsWith("entra_") ? "entra_" : "azure_")
            : cloud.id() + "_")) {
      throw error("name", "must start with the cloud's prefix (" + cloud.id() + ")");
    }
    Set<CredentialKind> kinds = kinds(cloud);
    Set<Operation> operations = operations(cloud, kinds);
    Condition match =
        root.has("match") ? condition(root.get("match"), "match", false) : new Condition.Always();
    List<String> tags = textList(root, "tags", true);
    for (String tag : REQUIRED_TAGS) {
      if (!tags.contains(tag)) {
        throw error("tags", "must include " + tag);
      }
    }
    Rule.SeverityPolicy severity = severity();
    Optional<String> action = Optional.empty();
    String note = "";
    if (root.has("remediation")) {
      JsonNode remediation = object(root.get("remediation"), "remediation");
      allowOnly(remediation, "remediation", Set.of("action", "note"));
      if (remediation.has("action")) {
        String actionName = requiredText(remediation, "action", "remediation.action");
        Set<CredentialKind> handled =
            actions
                .kindsHandled(actionName, cloud)
                .orElseThrow(
                    () ->
                        error(
                            "remediation.action",
                            "'"
                                + actionName
                                + "' is not a registered "
                                + cloud.id()
                                + " remediation action"));
        for (CredentialKind kind : kinds) {
          if (!handled.contains(kind)) {
            throw error("remediation.action", "'" + actionName + "' does not handle " + kind.id());
          }
        }
        action = Optional.of(actionName);
      }
      note = optionalText(remediation, "note");
    }
    return new Rule(
        id,
        name,
        requiredText(root, "title"),
        status,
        requiredText(root, "description").trim(),
        cloud,
        kinds,
        operations,
        match,
        severity,
        action,
        note.trim(),
        tags,
        textList(root, "falsepositives", false),
        textList(root, "references", false),
        textList(root, "triage", false),
        file);
  }

  private Set<CredentialKind> kinds(Cloud cloud) {
    Set<CredentialKind> kinds = EnumSet.noneOf(CredentialKind.class);
    List<String> names = textList(root, "kinds", true);
    for (int i = 0; i < names.size(); i++) {
      String kindName = names.get(i);
      String path = "kinds[" + i + "]";
      CredentialKind kind =
          CredentialKind.fromId(kindName)
              .orElseThrow(() -> error(path, "'" + kindName + "' is not a credential kind"));
      if (kind.cloud() != cloud) {
        throw error(
            path, kind.id() + " is a " + kind.cloud().id() + " credential, not " + cloud.id());
      }
      kinds.add(kind);
    }
    return kinds;
  }

  private Set<Operation> operations(Cloud cloud, Set<CredentialKind> kinds) {
    Set<Operation> operations = new LinkedHashSet<>();
    if (!root.has("operations")) {
      return operations;
    }
    List<String> names = textList(root, "operations", true);
    for (int i = 0; i < names.size(); i++) {
      String qualified = names.get(i);
      String path = "operations[" + i + "]";
      int colon = qualified.indexOf(':');
      if (colon <= 0) {
        throw error(path, "must be service:operation, got '" + qualified + "'");
      }
      Operation operation =
          new Operation(qualified.substring(0, colon), qualified.substring(colon + 1));
      Set<CredentialKind> yields = OperationCatalog.kinds(cloud, operation);
      if (yields.isEmpty()) {
        throw error(
            path,
            "'"
                + qualified
                + "' is not a catalogued "
                + cloud.id()
                + " credential operation; the parsers would never produce it");
      }
      if (yields.stream().noneMatch(kinds::contains)) {
        throw error(path, "'" + qualified + "' yields " + yields + ", none of the rule's kinds");
      }
      operations.add(operation);
    }
    return operations;
  }

  private Rule.SeverityPolicy severity() {
    JsonNode severity = object(required(root, "severity", "severity"), "severity");
    allowOnly(severity, "severity", Set.of("base", "because", "modifiers"));
    Severity base = severityValue(requiredText(severity, "base", "severity.base"), "severity.base");
    List<Rule.Modifier> modifiers = new ArrayList<>();
    JsonNode list = severity.path("modifiers");
    if (!list.isMissingNode()) {
      if (!list.isArray()) {
        throw error("severity.modifiers", "must be a list");
      }
      for (int i = 0; i < list.size(); i++) {
        modifiers.add(
            modifier(
                object(list.get(i), "severity.modifiers[" + i + "]"),
                "severity.modifiers[" + i + "]",
                base));
      }
    }
    return new Rule.SeverityPolicy(
        base, requiredText(severity, "because", "severity.because"), modifiers);
  }

  private Rule.Modifier modifier(JsonNode node, String path, Severity base) {
    allowOnly(node, path, Set.of("when", "set", "raise", "lower", "because"));
    Condition when = condition(required(node, "when", path + ".when"), path + ".when", false);
    List<String> adjustments = Stream.of("set", "raise", "lower").filter(node::has).toList();
    if (adjustments.size() != 1) {
      throw error(path, "needs exactly one of set, raise or lower");
    }
    String kind = adjustments.get(0);
    Rule.Adjustment adjustment =
        switch (kind) {
          case "set" ->
              new Rule.Adjustment.SetTo(
                  severityValue(requiredText(node, "set", path + ".set"), path + ".set"));
          case "raise" -> new Rule.Adjustment.Raise(steps(node.get("raise"), path + ".raise"));
          default -> new Rule.Adjustment.Lower(steps(node.get("lower"), path + ".lower"));
        };
    boolean canLower =
        adjustment instanceof Rule.Adjustment.Lower
            || (adjustment instanceof Rule.Adjustment.SetTo set
                && set.severity().compareTo(base) < 0);
    Set<ContextFlag> hints = EnumSet.noneOf(ContextFlag.class);
    when.flagsUsed().stream()
        .filter(f -> f.effect() == ContextFlag.Effect.EXPLAINS)
        .forEach(hints::add);
    if (canLower && !hints.isEmpty()) {
      throw error(
          path,
          "name-based and caller-controlled hints never lower a severity: "
              + hints.iterator().next().id()
              + " may only raise it");
    }
    String because = optionalText(node, "because");
    if (because.isEmpty()) {
      if (when instanceof Condition.HasFlag flag) {
        because = flag.flag().explanation();
      } else {
        throw error(path + ".because", "is required unless 'when' is a single flag");
      }
    }
    return new Rule.Modifier(when, adjustment, because);
  }

  /** Parses a condition; {@code negated} is true below a {@code not}. */
  private Condition condition(JsonNode node, String path, boolean negated) {
    if (!node.isObject()) {
      throw error(path, "a condition must be a mapping");
    }
    if (node.has("all") || node.has("any")) {
      String key = node.has("all") ? "all" : "any";
      allowOnly(node, path, Set.of(key));
      JsonNode list = node.get(key);
      if (!list.isArray() || list.isEmpty()) {
        throw error(path + "." + key, "must be a non-empty list of conditions");
      }
      List<Condition> conditions = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        conditions.add(condition(list.get(i), path + "." + key + "[" + i + "]", negated));
      }
      return key.equals("all") ? new Condition.All(conditions) : new Condition.Any(conditions);
    }
    if (node.has("not")) {
      allowOnly(node, path, Set.of("not"));
      return new Condition.Not(condition(node.get("not"), path + ".not", !negated));
    }
    if (node.has("flag")) {
      allowOnly(node, path, Set.of("flag"));
      String flagName = requiredText(node, "flag", path + ".flag");
      ContextFlag flag =
          ContextFlag.fromId(flagName)
              .orElseThrow(
                  () ->
                      error(
                          path + ".flag",
                          "'"
                              + flagName
                              + "' is not a context flag ("
                              + String.join(
                                  ", ",
                                  Stream.of(ContextFlag.values()).map(ContextFlag::id).toList())
                              + ")"));
      if (negated && flag.effect() == ContextFlag.Effect.EXPLAINS) {
        throw error(
            path,
            "name-based hints never suppress: a rule may not require the absence of " + flag.id());
      }
      return new Condition.HasFlag(flag);
    }
    String field = requiredText(node, "field", path + ".field");
    if (!EventFields.isKnown(field)) {
      throw error(
          path + ".field",
          "'"
              + field
              + "' is not a normalized field ("
              + String.join(", ", EventFields.fixedNames())
              + ", attributes.*, credential.details.*)");
    }
    if (negated && (CALLER_CONTROLLED.contains(field) || field.startsWith("credential.details."))) {
      throw error(
          path,
          "name-based hints never suppress: "
              + field
              + " is caller-chosen text; exclude trusted principals with a suppression instead");
    }
    boolean ignoreCase = node.path("ignoreCase").asBoolean(false);
    List<String> operators =
        Stream.of(
                "equals",
                "in",
                "exists",
                "glob",
                "contains",
                "startsWith",
                "endsWith",
                "equalsField",
                "notEqualsField")
            .filter(node::has)
            .toList();
    if (operators.size() != 1) {
      throw error(
          path,
          "needs exactly one operator (equals, in, exists, glob, contains, startsWith, endsWith, equalsField, notEqualsField)");
    }
    allowOnly(node, path, Set.of("field", "ignoreCase", operators.get(0)));
    String operator = operators.get(0);
    JsonNode value = node.get(operator);
    return switch (operator) {
      case "equals" ->
          new Condition.FieldIn(field, Set.of(scalar(value, path + ".equals")), ignoreCase);
      case "in" ->
          new Condition.FieldIn(
              field, new LinkedHashSet<>(scalars(value, path + ".in")), ignoreCase);
      case "exists" -> {
        if (!value.isBoolean()) {
          throw error(path + ".exists", "must be true or false");
        }
        yield new Condition.FieldExists(field, value.booleanValue());
      }
      case "glob" ->
          Condition.FieldGlob.of(
              field,
              value.isArray()
                  ? scalars(value, path + ".glob")
                  : List.of(scalar(value, path + ".glob")),
              ignoreCase);
      case "contains" ->
          new Condition.FieldText(
              field,
              Condition.FieldText.Test.CONTAINS,
              scalar(value, path + ".contains"),
              ignoreCase);
      case "startsWith" ->
          new Condition.FieldText(
              field,
              Condition.FieldText.Test.STARTS_WITH,
              scalar(value, path + ".startsWith"),
              ignoreCase);
      case "endsWith" ->
          new Condition.FieldText(
              field,
              Condition.FieldText.Test.ENDS_WITH,
              scalar(value, path + ".endsWith"),
              ignoreCase);
      default -> {
        String other = scalar(value, path + "." + operator);
        if (!EventFields.isKnown(other)) {
          throw error(
              path + "." + operator,
              "'"
                  + other
                  + "' is not a normalized field: "
                  + operator
                  + " compares two fields, never a field with literal text");
        }
        yield new Condition.FieldCompare(field, other, operator.equals("equalsField"), ignoreCase);
      }
    };
  }

  private Severity severityValue(String text, String path) {
    return Severity.fromId(text)
        .orElseThrow(
            () -> error(path, "'" + text + "' is not a severity (" + Severity.choices() + ")"));
  }

  private int steps(JsonNode node, String path) {
    if (!node.isInt() || node.intValue() < 1 || node.intValue() > 4) {
      throw error(path, "must be a whole number of levels from 1 to 4");
    }
    return node.intValue();
  }

  private JsonNode required(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null || value.isNull()) {
      throw error(path, "is required");
    }
    return value;
  }

  private String requiredText(JsonNode parent, String key) {
    return requiredText(parent, key, key);
  }

  private String requiredText(JsonNode parent, String key, String path) {
    JsonNode value = required(parent, key, path);
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw error(path, "must be non-empty text");
    }
    return value.textValue();
  }

  private String optionalText(JsonNode parent, String key) {
    JsonNode value = parent.get(key);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw error(key, "must be text");
    }
    return value.textValue();
  }

  private List<String> textList(JsonNode parent, String key, boolean required) {
    JsonNode value = parent.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw error(key, "is required");
      }
      return List.of();
    }
    List<String> values = scalars(value, key);
    if (required && values.isEmpty()) {
      throw error(key, "must not be empty");
    }
    return values;
  }

  private List<String> scalars(JsonNode value, String path) {
    if (!value.isArray()) {
      throw error(path, "must be a list");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      values.add(scalar(value.get(i), path + "[" + i + "]"));
    }
    return values;
  }

  private String scalar(JsonNode value, String path) {
    if (!value.isValueNode() || value.isNull()) {
      throw error(path, "must be text, a number or a boolean");
    }
    return value.asText();
  }

  private JsonNode object(JsonNode value, String path) {
    if (!value.isObject()) {
      throw error(path, "must be a mapping");
    }
    return value;
  }

  private void allowOnly(JsonNode node, String path, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!allowed.contains(key)) {
        throw error(
            path.isEmpty() ? key : path + "." + key,
            "unknown key (allowed here: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
    }
  }

  private RuleDefinitionException error(String path, String reason) {
    return new RuleDefinitionException(file, path, reason);
  }
}
