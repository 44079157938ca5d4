package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.event.Cloud;
import io.credwatch.event.Operation;
import io.credwatch.source.OperationCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The SAM template agrees with the code: permissions, handler, runtime, rules, failure paths. */
class SamTemplateTest {
  private final Map<String, Object> template = SamTemplate.load();

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> statements(String policyName) {
    List<Object> policies =
        (List<Object>) SamTemplate.properties(template, "FunctionRole").get("Policies");
    for (Object policy : policies) {
      Map<String, Object> named = (Map<String, Object>) policy;
      if (policyName.equals(named.get("PolicyName"))) {
        Map<String, Object> document = (Map<String, Object>) named.get("PolicyDocument");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object statement : SamTemplate.flattenIf(document.get("Statement"))) {
          out.add((Map<String, Object>) statement);
        }
        return out;
      }
    }
    throw new AssertionError("no policy " + policyName);
  }

  private static List<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    List<String> out = new ArrayList<>();
    if (action instanceof List<?> list) {
      list.forEach(a -> out.add(String.valueOf(a)));
    } else {
      out.add(String.valueOf(action));
    }
    return out;
  }

  @Test
  void executionRole_grantsExactlyWhatTheCodeCalls() {
    TreeSet<String> granted = new TreeSet<>();
    for (Map<String, Object> statement : statements("CredWatchRemediationAndAlerts")) {
      assertThat(statement.get("Effect")).isEqualTo("Allow");
      assertThat(actions(statement)).noneMatch(a -> a.contains("*"));
      granted.addAll(actions(statement));
    }
    assertThat(granted).isEqualTo(new TreeSet<>(AwsCore.requiredPermissions()));
  }

  @Test
  void iamPermissions_areLimitedToUsersOfTheAccount() {
    Map<String, Object> iam =
        statements("CredWatchRemediationAndAlerts").stream()
            .filter(s -> "IamCredentialsOfUsers".equals(s.get("Sid")))
            .findFirst()
            .orElseThrow();
    assertThat(String.valueOf(iam.get("Resource")))
        .contains(":user/*")
        .contains("${AWS::AccountId}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void function_isTheShadedHandlerOnJava21WithSnapStartAndAFailureDestination() throws Exception {
    Map<String, Object> function = SamTemplate.properties(template, "CredWatchFunction");
    String handler = String.valueOf(function.get("Handler"));
    assertThat(handler).isEqualTo(CredWatchHandler.class.getName() + "::handleRequest");
    assertThat(
            CredWatchHandler.class.getMethod(
                "handleRequest",
                java.io.InputStream.class,
                java.io.OutputStream.class,
                com.amazonaws.services.lambda.runtime.Context.class))
        .isNotNull();
    assertThat(function.get("Runtime")).isEqualTo("java21");
    // SnapStart where the Region has it (infra/aws/check.py and cfn-lint --regions ALL_REGIONS
    // check every Region's row): on in us-east-1, off in the other partitions' IAM Regions.
    assertThat((Map<String, Object>) function.get("SnapStart"))
        .isEqualTo(
            Map.of(
                "ApplyOn",
                Map.of(
                    "Fn::FindInMap",
                    List.of("SnapStartByRegion", Map.of("Ref", "AWS::Region"), "ApplyOn"))));
    Map<String, Object> snapStart =
        (Map<String, Object>)
            ((Map<String, Object>) template.get("Mappings")).get("SnapStartByRegion");
    assertThat(snapStart.get("us-east-1")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    assertThat(snapStart.get("us-gov-west-1")).isEqualTo(Map.of("ApplyOn", "None"));
    assertThat(snapStart.get("cn-north-1")).isEqualTo(Map.of("ApplyOn", "None"));
    assertThat(function.get("CodeUri"))
        .isEqualTo("../../aws-lambda/target/deployment/credwatch-aws-lambda.jar");
    assertThat(function.get("AutoPublishAlias")).isEqualTo("live");
    Map<String, Object> invokeConfig = (Map<String, Object>) function.get("EventInvokeConfig");
    assertThat(String.valueOf(invokeConfig.get("DestinationConfig")))
        .contains("OnFailure")
        .contains("FailedEventsQueue");
    Map<String, Object> variables =
        (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    assertThat(variables)
        .containsKeys("CREDWATCH_REMEDIATION", "CREDWATCH_SNS_TOPIC_ARN", "CREDWATCH_PROTECTED");
    assertThat(variables).doesNotContainKey("CREDWATCH_TEAMS_WEBHOOK_URL");
  }

  @Test
  @SuppressWarnings("unchecked")
  void sqsBuffer_reportsPartialBatchFailuresAndRedrivesToTheFailureQueue() {
    assertThat(
            (List<Object>)
                SamTemplate.properties(template, "BufferEventSource").get("FunctionResponseTypes"))
        .containsExactly("ReportBatchItemFailures");
    assertThat(String.valueOf(SamTemplate.properties(template, "EventBuffer").get("RedrivePolicy")))
        .contains("FailedEventsQueue");
  }

  @Test
  void alertTopic_isEncryptedWithTheStacksKey() {
    assertThat(SamTemplate.properties(template, "AlertTopic").get("KmsMasterKeyId"))
        .isEqualTo(Map.of("Ref", "AlertKey"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void rules_coverEveryCataloguedAwsOperation_iamOnlyInEachPartitionsIamRegion() {
    Map<String, Object> iamRule = SamTemplate.resource(template, "IamCredentialRule");
    assertThat(iamRule.get("Condition")).isEqualTo("WatchIam");
    Map<String, Object> conditions = (Map<String, Object>) template.get("Conditions");
    assertThat(String.valueOf(conditions.get("WatchIam"))).contains("InIamHomeRegion");
    assertThat(String.valueOf(conditions.get("InIamHomeRegion")))
        .isEqualTo(
            "{Fn::Or=[{Fn::Equals=[{Ref=AWS::Region}, us-east-1]},"
                + " {Fn::Equals=[{Ref=AWS::Region}, us-gov-west-1]},"
                + " {Fn::Equals=[{Ref=AWS::Region}, cn-north-1]}]}");
    TreeSet<String> iam = new TreeSet<>();
    TreeSet<String> regional = new TreeSet<>();
    TreeSet<String> regionalSources = new TreeSet<>();
    for (Operation operation : OperationCatalog.operations(Cloud.AWS)) {
      if (operation.service().equals("iam.amazonaws.com")) {
        iam.add(operation.name());
      } else {
        regional.add(operation.name());
        regionalSources.add(operation.service());
      }
    }
    assertThat(new TreeSet<>(eventNames("IamCredentialRule"))).isEqualTo(iam);
    assertThat(new TreeSet<>(eventNames("RegionalCredentialRule"))).isEqualTo(regional);
    Map<String, Object> detail =
        (Map<String, Object>)
            ((Map<String, Object>)
                    SamTemplate.properties(template, "RegionalCredentialRule").get("EventPattern"))
                .get("detail");
    assertThat(new TreeSet<>((List<String>) detail.get("eventSource"))).isEqualTo(regionalSources);
    // The forwarder sends the same regional events to the central Region.
    assertThat(
            SamTemplate.properties(template, "ForwardRegionalCredentialEvents").get("EventPattern"))
        .isEqualTo(SamTemplate.properties(template, "RegionalCredentialRule").get("EventPattern"));
  }

  @SuppressWarnings("unchecked")
  private List<String> eventNames(String rule) {
    Map<String, Object> pattern =
        (Map<String, Object>) SamTemplate.properties(template, rule).get("EventPattern");
    return (List<String>) ((Map<String, Object>) pattern.get("detail")).get("eventName");
  }

  /** The rule ARNs a condition may name, as the template writes them. */
  private static final List<Object> RULE_ARNS =
      List.of(
          Map.of("Fn::GetAtt", "IamCredentialRule.Arn"),
          Map.of("Fn::GetAtt", "RegionalCredentialRule.Arn"));

  @Test
  void onlyCredWatchsOwnRules_mayInvokeTheFunction() {
    Map<String, Object> iam = SamTemplate.properties(template, "IamRuleInvokesFunction");
    Map<String, Object> regional = SamTemplate.properties(template, "RegionalRuleInvokesFunction");
    assertThat(iam.get("SourceArn")).isEqualTo(RULE_ARNS.get(0));
    assertThat(regional.get("SourceArn")).isEqualTo(RULE_ARNS.get(1));
    assertThat(SamTemplate.resource(template, "IamRuleInvokesFunction").get("Condition"))
        .isEqualTo("DirectIam");
    // No permission without a SourceArn.
    @SuppressWarnings("unchecked")
    Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
    resources.forEach(
        (name, resource) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> body = (Map<String, Object>) resource;
          if ("AWS::Lambda::Permission".equals(body.get("Type"))) {
            assertThat(SamTemplate.properties(template, name)).as(name).containsKey("SourceArn");
          }
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void theBuffer_admitsOnlyCredWatchsRules_andDeniesEveryoneElse() {
    Map<String, Object> document =
        (Map<String, Object>)
            SamTemplate.properties(template, "EventBufferPolicy").get("PolicyDocument");
    List<Map<String, Object>> statements = (List<Map<String, Object>>) document.get("Statement");
    Map<String, Object> allow =
        statements.stream()
            .filter(st -> "Allow".equals(st.get("Effect")))
            .findFirst()
            .orElseThrow();
    Map<String, Object> deny =
        statements.stream().filter(st -> "Deny".equals(st.get("Effect"))).findFirst().orElseThrow();
    Object allowed =
        ((Map<String, Object>) ((Map<String, Object>) allow.get("Condition")).get("ArnEquals"))
            .get("aws:SourceArn");
    Object denied =
        ((Map<String, Object>) ((Map<String, Object>) deny.get("Condition")).get("ArnNotEquals"))
            .get("aws:SourceArn");
    assertThat(SamTemplate.flattenIf(allowed)).containsExactlyElementsOf(RULE_ARNS);
    assertThat(denied).isEqualTo(allowed);
    assertThat(deny.get("Principal")).isEqualTo("*");
    assertThat(actions(deny)).containsExactly("sqs:SendMessage");
  }

  @Test
  @SuppressWarnings("unchecked")
  void onlyTheFunction_publishesAlerts() {
    Map<String, Object> document =
        (Map<String, Object>)
            SamTemplate.properties(template, "AlertTopicPolicy").get("PolicyDocument");
    List<Map<String, Object>> statements = (List<Map<String, Object>>) document.get("Statement");
    Map<String, Object> deny =
        statements.stream().filter(st -> "Deny".equals(st.get("Effect"))).findFirst().orElseThrow();
    assertThat(actions(deny)).containsExactly("sns:Publish");
    assertThat(String.valueOf(deny.get("Condition"))).contains("FunctionRole.Arn");
    assertThat(statements)
        .filteredOn(st -> "Allow".equals(st.get("Effect")))
        .allSatisfy(st -> assertThat(actions(st)).doesNotContain("sns:Publish"));
  }

  @Test
  void theFunctionMayAttachOnlyTheTemplatesDenyPolicy_whoseNameTheUndoCommandUses() {
    Map<String, Object> attach =
        statements("CredWatchRemediationAndAlerts").stream()
            .filter(st -> actions(st).contains("iam:AttachUserPolicy"))
            .findFirst()
            .orElseThrow();
    assertThat(actions(attach)).containsExactly("iam:AttachUserPolicy");
    assertThat(attach.get("Condition"))
        .isEqualTo(
            Map.of("ArnEquals", Map.of("iam:PolicyARN", Map.of("Ref", "FederatedSessionsDeny"))));
    Map<String, Object> policy = SamTemplate.properties(template, "FederatedSessionsDeny");
    assertThat(policy.get("ManagedPolicyName"))
        .isEqualTo(io.credwatch.respond.AwsAction.FEDERATION_DENY_POLICY_NAME);
    assertThat(policy.get("Path"))
        .isEqualTo(io.credwatch.respond.AwsAction.FEDERATION_DENY_POLICY_PATH);
    assertThat(String.valueOf(policy.get("PolicyDocument")))
        .contains("Effect=Deny")
        .contains("aws:PrincipalType=FederatedUser");
    assertThat(statements("CredWatchRemediationAndAlerts"))
        .flatExtracting(SamTemplateTest::actions)
        .doesNotContain("iam:PutUserPolicy");
  }

  @Test
  void keyPairs_mayBeDeletedOnlyInTheAccount() {
    Map<String, Object> delete =
        statements("CredWatchRemediationAndAlerts").stream()
            .filter(st -> actions(st).contains("ec2:DeleteKeyPair"))
            .findFirst()
            .orElseThrow();
    assertThat(actions(delete)).containsExactly("ec2:DeleteKeyPair");
    assertThat(String.valueOf(delete.get("Resource")))
        .contains(":key-pair/*")
        .contains("${AWS::AccountId}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theStateTable_expiresEntries_andOnlyThisFunctionReachesIt() {
    Map<String, Object> table = SamTemplate.properties(template, "StateTable");
    assertThat(table.get("TimeToLiveSpecification"))
        .isEqualTo(Map.of("AttributeName", "expires", "Enabled", true));
    assertThat(String.valueOf(table.get("KeySchema"))).contains("AttributeName=id");
    Map<String, Object> state =
        statements("CredWatchRemediationAndAlerts").stream()
            .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("dynamodb:")))
            .findFirst()
            .orElseThrow();
    assertThat(actions(state))
        .containsExactlyInAnyOrderElementsOf(DynamoDbActionLedger.PERMISSIONS);
    assertThat(state.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", "StateTable.Arn"));
    Map<String, Object> variables =
        (Map<String, Object>)
            ((Map<String, Object>)
                    SamTemplate.properties(template, "CredWatchFunction").get("Environment"))
                .get("Variables");
    assertThat(variables)
        .containsEntry(AwsSettings.STATE_TABLE, Map.of("Ref", "StateTable"))
        .containsEntry(
            io.credwatch.config.Settings.MAX_ACTIONS_PER_HOUR, Map.of("Ref", "MaxActionsPerHour"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void followUps_goThroughAQueueOnlyTheFunctionSendsTo_andItsRoleMayLookEventsUp() {
    Map<String, Object> document =
        (Map<String, Object>)
            SamTemplate.properties(template, "ConfirmationQueuePolicy").get("PolicyDocument");
    List<Map<String, Object>> statements = (List<Map<String, Object>>) document.get("Statement");
    assertThat(statements).allSatisfy(st -> assertThat(st.get("Effect")).isEqualTo("Deny"));
    Map<String, Object> deny = statements.get(0);
    assertThat(deny.get("Principal")).isEqualTo("*");
    assertThat(actions(deny)).containsExactly("sqs:SendMessage");
    assertThat(String.valueOf(deny.get("Condition")))
        .contains("ArnNotEquals")
        .contains("FunctionRole.Arn");
    assertThat(SamTemplate.properties(template, "ConfirmationEventSource"))
        .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", "ConfirmationQueue.Arn"))
        .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
    Map<String, Object> send =
        statements("CredWatchRemediationAndAlerts").stream()
            .filter(st -> actions(st).contains(SqsFollowUps.PERMISSION))
            .findFirst()
            .orElseThrow();
    assertThat(send.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", "ConfirmationQueue.Arn"));
    assertThat(statements("CredWatchRemediationAndAlerts"))
        .flatExtracting(SamTemplateTest::actions)
        .contains(CloudTrailProvenance.PERMISSION);
    Map<String, Object> variables =
        (Map<String, Object>)
            ((Map<String, Object>)
                    SamTemplate.properties(template, "CredWatchFunction").get("Environment"))
                .get("Variables");
    assertThat(variables)
        .containsEntry(AwsSettings.CONFIRMATION_QUEUE_URL, Map.of("Ref", "ConfirmationQueue"))
        .containsEntry(
            io.credwatch.config.Settings.ACT_WITHOUT_CONFIRMATION,
            Map.of("Ref", "ActWithoutConfirmation"));
  }
}
