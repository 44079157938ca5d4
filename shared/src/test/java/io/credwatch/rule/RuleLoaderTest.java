package io.credwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.alert.Severity;
import io.credwatch.respond.RemediationActions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad rule file fails with the file and the path inside it. */
class RuleLoaderTest {
  private static final String FILE = "rules/aws_test_rule.yml";
  private static final String VALID =
      """
      id: 00000000-0000-4000-8000-000000000001
      name: aws_test_rule
      title: Test
      status: test
      description: A rule for tests.
      cloud: aws
      kinds: [access-key]
      operations: [iam.amazonaws.com:CreateAccessKey]
      match:
        all:
          - {field: target.name, startsWith: svc}
          - not: {field: actor.kind, equals: cloud-service}
      severity:
        base: high
        because: a key was added
        modifiers:
          - when: {flag: self_service}
            set: low
          - when: {field: actor.id, notEqualsField: target.id}
            raise: 1
            because: different ids
      remediation:
        action: aws.iam.deactivate-access-key
      tags: [attack.persistence, attack.t1098.001]
      """;

  private final RuleLoader loader = new RuleLoader(new RemediationActions());

  @Test
  void validRule_loadsWithEverything() {
    Rule rule = loader.parse(FILE, VALID);
    assertThat(rule.name()).isEqualTo("aws_test_rule");
    assertThat(rule.severity().base()).isEqualTo(Severity.HIGH);
    assertThat(rule.severity().modifiers()).hasSize(2);
    assertThat(rule.severity().modifiers().get(0).because())
        .isEqualTo(ContextFlag.SELF_SERVICE.explanation());
    assertThat(rule.match()).isInstanceOf(Condition.All.class);
    assertThat(rule.remediation()).contains("aws.iam.deactivate-access-key");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown key|title: Test|title: Test\\nowner: me|owner: unknown key",
        "bad id|id: 00000000-0000-4000-8000-000000000001|id: not-a-uuid|id: must be a lowercase UUID",
        "name not the file|name: aws_test_rule|name: aws_other_rule|name: must equal the file name",
        "bad cloud|cloud: aws|cloud: oracle|cloud: must be aws, azure or gcp",
        "kind of another cloud|kinds: [access-key]|kinds: [service-account-key]|kinds[0]: service-account-key is a gcp credential",
        "unknown kind|kinds: [access-key]|kinds: [password]|kinds[0]: 'password' is not a credential kind",
        "uncatalogued operation|iam.amazonaws.com:CreateAccessKey]|iam.amazonaws.com:DeleteAccessKey]|operations[0]: 'iam.amazonaws.com:DeleteAccessKey' is not a catalogued",
        "operation of another kind|iam.amazonaws.com:CreateAccessKey]|iam.amazonaws.com:CreateLoginProfile]|operations[0]: 'iam.amazonaws.com:CreateLoginProfile' yields",
        "unknown field|{field: target.name, startsWith: svc}|{field: target.colour, startsWith: svc}|match.all[0].field: 'target.colour' is not a normalized field",
        "unknown flag|{flag: self_service}|{flag: selfish}|severity.modifiers[0].when.flag: 'selfish' is not a context flag",
        "literal in a field reference|notEqualsField: target.id}|notEqualsField: bob}|severity.modifiers[1].when.notEqualsField: 'bob' is not a normalized field",
        "two operators|{field: target.name, startsWith: svc}|{field: target.name, startsWith: svc, endsWith: x}|match.all[0]: needs exactly one operator",
        "bad severity|base: high|base: urgent|severity.base: 'urgent' is not a severity",
        "two adjustments|set: low|set: low\\n      raise: 1|severity.modifiers[0]: needs exactly one of set, raise or lower",
        "raise out of range|raise: 1|raise: 9|severity.modifiers[1].raise: must be a whole number of levels from 1 to 4",
        "missing because|because: different ids|# no reason|severity.modifiers[1].because: is required unless 'when' is a single flag",
        "unregistered action|action: aws.iam.deactivate-access-key|action: aws.iam.delete-user|remediation.action: 'aws.iam.delete-user' is not a registered aws remediation action",
        "action of another kind|action: aws.iam.deactivate-access-key|action: aws.iam.delete-login-profile|remediation.action: 'aws.iam.delete-login-profile' does not handle access-key",
        "action of another cloud|action: aws.iam.deactivate-access-key|action: gcp.iam.disable-service-account-key|remediation.action: 'gcp.iam.disable-service-account-key' is not a registered aws",
        "missing ATT&CK tag|tags: [attack.persistence, attack.t1098.001]|tags: [attack.persistence]|tags: must include attack.t1098.001",
        "name hint suppresses|not: {field: actor.kind, equals: cloud-service}|not: {field: target.name, contains: ci}|match.all[1].not: name-based hints never suppress",
        "user agent suppresses|not: {field: actor.kind, equals: cloud-service}|not: {field: actor.userAgent, contains: terraform}|match.all[1].not: name-based hints never suppress",
        "hint flag suppresses|not: {field: actor.kind, equals: cloud-service}|not: {flag: iac_client}|match.all[1].not: name-based hints never suppress",
        "hint flag lowers|{flag: self_service}|{flag: service_name_hint}|severity.modifiers[0]: name-based and caller-controlled hints never lower a severity",
        "missing status|status: test|# no status|status: is required",
        "bad status|status: test|status: done|status: must be one of",
      })
  void invalidRule_namesFileAndPath(String label, String find, String replace, String message) {
    String broken = VALID.replace(find, replace.replace("\\n", "\n"));
    assertThat(broken).as("the test must change the rule").isNotEqualTo(VALID);
    assertThatThrownBy(() -> loader.parse(FILE, broken))
        .isInstanceOf(RuleDefinitionException.class)
        .hasMessageStartingWith(FILE + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void invalidYaml_namesTheFile() {
    assertThatThrownBy(() -> loader.parse(FILE, "id: [unclosed"))
        .isInstanceOf(RuleDefinitionException.class)
        .hasMessageStartingWith(FILE + ": not valid YAML");
    assertThatThrownBy(() -> loader.parse(FILE, VALID + "title: again\n"))
        .isInstanceOf(RuleDefinitionException.class)
        .hasMessageContaining("Duplicate field 'title'");
    assertThatThrownBy(() -> loader.parse(FILE, "- a list"))
        .isInstanceOf(RuleDefinitionException.class)
        .hasMessageContaining("one YAML mapping");
  }

  @Test
  void duplicateIds_areRefused() {
    Rule first = loader.parse(FILE, VALID);
    Rule second =
        loader.parse(
            "rules/aws_test_rule_two.yml",
            VALID.replace("name: aws_test_rule", "name: aws_test_rule_two"));
    assertThatThrownBy(() -> RuleSet.of(List.of(first, second)))
        .isInstanceOf(RuleDefinitionException.class)
        .hasMessageContaining(
            "aws_test_rule_two.yml: id: id 00000000-0000-4000-8000-000000000001 is also used by rules/aws_test_rule.yml");
  }

  @Test
  void extraRuleDirectory_addsRules_andABadFileStopsTheLoad(@TempDir Path directory)
      throws Exception {
    Files.writeString(directory.resolve("aws_test_rule.yml"), VALID);
    RuleSet rules = loader.loadBuiltInAnd(directory);
    assertThat(rules.rules())
        .extracting(Rule::name)
        .contains("aws_test_rule", "aws_iam_access_key_created");
    Files.writeString(
        directory.resolve("aws_zz_broken.yml"),
        VALID
            .replace("name: aws_test_rule", "name: aws_zz_broken")
            .replace("cloud: aws", "cloud: mars"));
    assertThatThrownBy(() -> loader.loadBuiltInAnd(directory))
        .isInstanceOf(RuleDefinitionException.class)
        .hasMessageContaining("aws_zz_broken.yml: cloud:");
  }

  @Test
  void globs_matchWholeTextsOnly() {
    assertThat(
            Globs.matches(
                "arn:aws:iam::*:role/ci-*", "arn:aws:iam::111122223333:role/ci-deployer", false))
        .isTrue();
    assertThat(Globs.matches("ci-*", "my-ci-role", false)).isFalse();
    assertThat(Globs.matches("a.b", "axb", false)).as("dots are literal").isFalse();
    assertThat(Globs.matches("ALICE@*", "alice@example.com", true)).isTrue();
  }
}
