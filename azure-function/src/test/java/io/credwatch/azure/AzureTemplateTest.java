package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import io.credwatch.alert.Severity;
import io.credwatch.config.Settings;
import io.credwatch.event.Cloud;
import io.credwatch.event.Operation;
import io.credwatch.respond.RemediationAction;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.source.OperationCatalog;
import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infra/azure agrees with the code and with itself: the Event Grid filter with the operation
 * catalogue, the custom role with the remediators' ARM permissions, every role assignment with
 * least privilege, the app settings with {@link Settings}, the triggers with {@link
 * CredWatchFunctions}, and main.bicep with azuredeploy.json (Bicep cannot be compiled here, so the
 * two are compared by declarations; infra/azure/check.py does the same and validates the schema).
 */
class AzureTemplateTest {
  private static final Path DIR = Fixtures.repositoryRoot().resolve("infra/azure");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String DEPLOYMENTS = "Microsoft.Resources/deployments";
  private static final String ROLE_ASSIGNMENTS = "Microsoft.Authorization/roleAssignments";
  private static final String ROLE_DEFINITIONS = "Microsoft.Authorization/roleDefinitions";
  private static final String EVENT_SUBSCRIPTIONS =
      "Microsoft.EventGrid/systemTopics/eventSubscriptions";
  private static final String FUNCTION_PRINCIPAL = "function app";
  private static final String TOPIC_PRINCIPAL = "Event Grid system topic";
  private static final String SUBSCRIPTION_SCOPE = "subscription";

  /** Built-in role ids (the same in every tenant) and their names. */
  private static final Map<String, String> BUILT_IN_ROLES =
      Map.of(
          "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner",
          "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor",
          "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor",
          "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor",
          "a638d3c7-ab3a-418d-83e6-5f17a39d4fde", "Azure Event Hubs Data Receiver",
          "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User",
          "3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher");

  private static final String CUSTOM_ROLE = "CredWatch ARM remediation (custom)";
  private static final Pattern GUID =
      Pattern.compile("'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'");
  private static final Pattern FORMAT_SCOPE =
      Pattern.compile("^\\[format\\('([^']+)',\\s*(.*)\\)\\]$");
  private static final Pattern VARIABLE = Pattern.compile("^\\[variables\\('([^']+)'\\)\\]$");

  private static JsonNode template;

  /** A resource of the template, with the (nested) template it belongs to. */
  private record Located(JsonNode resource, JsonNode owner, @Nullable JsonNode deployment) {
    String type() {
      return resource.path("type").asText();
    }

    JsonNode properties() {
      return resource.path("properties");
    }
  }

  @BeforeAll
  static void load() throws IOException {
    template = JSON.readTree(DIR.resolve("azuredeploy.json").toFile());
  }

  // ---- Event Grid: exactly the catalogued ARM operations ----

  private static List<String> catalogueArmOperations() {
    return OperationCatalog.operations(Cloud.AZURE).stream()
        .filter(operation -> operation.service().equals(OperationCatalog.ARM))
        .map(Operation::name)
        .toList();
  }

  @Test
  void eventGridFilter_isExactlyTheCataloguedArmOperations() {
    JsonNode filter = single(EVENT_SUBSCRIPTIONS).properties().path("filter");
    JsonNode advanced = filter.path("advancedFilters");
    assertThat(advanced).hasSize(1);
    assertThat(advanced.get(0).path("operatorType").asText()).isEqualTo("StringIn");
    assertThat(advanced.get(0).path("key").asText()).isEqualTo("data.operationName");
    List<String> values = strings(resolve(advanced.get(0).path("values"), template));
    assertThat(catalogueArmOperations()).isNotEmpty();
    assertThat(values).containsExactlyInAnyOrderElementsOf(catalogueArmOperations());
    // Event Grid allows 25 values across a subscription's advanced filters.
    assertThat(values).hasSizeLessThanOrEqualTo(25);
    assertThat(values).doesNotHaveDuplicates().noneMatch(v -> v.contains("*"));
  }

  @Test
  void eventGridFilter_includesOnlyTheEventTypesTheOperationsRaise() {
    // PUT/PATCH -> ResourceWriteSuccess, POST actions -> ResourceActionSuccess; never failures
    // or deletions, which add no credential.
    Set<String> expected = new TreeSet<>();
    for (String operation : catalogueArmOperations()) {
      if (operation.endsWith("/write")) {
        expected.add("Microsoft.Resources.ResourceWriteSuccess");
      } else if (operation.endsWith("/action")) {
        expected.add("Microsoft.Resources.ResourceActionSuccess");
      } else {
        throw new AssertionError("no Event Grid event type known for " + operation);
      }
    }
    JsonNode filter = single(EVENT_SUBSCRIPTIONS).properties().path("filter");
    List<String> types = strings(resolve(filter.path("includedEventTypes"), template));
    assertThat(types).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(types)).isEqualTo(expected);
    assertThat(types).contains("Microsoft.Resources.ResourceWriteSuccess");
  }

  @Test
  void eventSubscription_deliversOneEventToArmEventsWithRetriesAndDeadLetters() {
    JsonNode subscription = single(EVENT_SUBSCRIPTIONS).properties();
    JsonNode destination = subscription.path("destination");
    assertThat(destination.path("endpointType").asText()).isEqualTo("AzureFunction");
    String functionId = destination.path("properties").path("resourceId").asText();
    assertThat(functionId)
        .isEqualTo(
            "[format('{0}/functions/ArmEvents', resourceId('Microsoft.Web/sites',"
                + " parameters('appName')))]");
    assertThat(functionTriggers()).containsEntry("ArmEvents", EventGridTrigger.class);
    // One event per call, so a failing event is retried and dead-lettered alone.
    assertThat(destination.path("properties").path("maxEventsPerBatch").asInt()).isEqualTo(1);
    assertThat(subscription.path("eventDeliverySchema").asText()).isEqualTo("EventGridSchema");

    assertThat(subscription.path("retryPolicy").path("maxDeliveryAttempts").asInt()).isEqualTo(30);
    assertThat(subscription.path("retryPolicy").path("eventTimeToLiveInMinutes").asInt())
        .isEqualTo(1440);
    JsonNode deadLetter = subscription.path("deadLetterWithResourceIdentity");
    assertThat(deadLetter.path("identity").path("type").asText()).isEqualTo("SystemAssigned");
    JsonNode blob = deadLetter.path("deadLetterDestination");
    assertThat(blob.path("endpointType").asText()).isEqualTo("StorageBlob");
    assertThat(blob.path("properties").path("resourceId").asText())
        .isEqualTo(
            "[resourceId('Microsoft.Storage/storageAccounts', variables('storageAccountName'))]");
    String container = text(resolve(blob.path("properties").path("blobContainerName"), template));
    assertThat(container).isEqualTo("credwatch-dead-letters");
    assertThat(resourceNames("Microsoft.Storage/storageAccounts/blobServices/containers"))
        .contains(container);

    JsonNode topic = single("Microsoft.EventGrid/systemTopics").resource();
    assertThat(topic.path("location").asText()).isEqualTo("global");
    assertThat(topic.path("identity").path("type").asText()).isEqualTo("SystemAssigned");
    assertThat(topic.path("properties").path("topicType").asText())
        .isEqualTo("Microsoft.Resources.Subscriptions");
    assertThat(topic.path("properties").path("source").asText()).isEqualTo("[subscription().id]");
  }

  // ---- ARM remediation: exactly the declared permissions, at subscription scope ----

  @Test
  void customRole_isExactlyTheArmRemediationPermissions() {
    List<String> expected = new ArrayList<>();
    for (RemediationAction action : RemediationActions.all()) {
      if (action.cloud() == Cloud.AZURE) {
        action.permissions().stream()
            .filter(p -> p.startsWith("Microsoft."))
            .forEach(expected::add);
      }
    }
    // ... and the Activity Log read that confirms each ARM event before any action.
    expected.add(AzureProvenance.ACTIVITY_LOG_PERMISSION);
    assertThat(expected).isNotEmpty();
    Located role = single(ROLE_DEFINITIONS);
    JsonNode permissions = role.properties().path("permissions");
    assertThat(permissions).hasSize(1);
    List<String> actions = strings(permissions.get(0).path("actions"));
    assertThat(actions)
        .containsExactlyInAnyOrderElementsOf(expected)
        .noneMatch(a -> a.contains("*"));
    for (String empty : List.of("notActions", "dataActions", "notDataActions")) {
      assertThat(permissions.get(0).path(empty)).as(empty).allMatch(JsonNode::isNull);
    }
    assertThat(role.properties().path("type").asText()).isEqualTo("CustomRole");
    assertThat(strings(role.properties().path("assignableScopes")))
        .containsExactly("[subscription().id]");
    // Defined and assigned in a nested deployment at subscription scope.
    JsonNode deployment = role.deployment();
    assertThat(deployment).isNotNull();
    assertThat(deployment.path("subscriptionId").asText())
        .isEqualTo("[subscription().subscriptionId]");
    assertThat(deployment.has("resourceGroup")).isFalse();
    assertThat(role.owner().path("$schema").asText())
        .endsWith("/subscriptionDeploymentTemplate.json#");
  }

  @Test
  void roleAssignments_areExactlyTheExpectedGrantsAtTheNarrowestScopes() {
    List<String> grants = new ArrayList<>();
    for (Located assignment : all(ROLE_ASSIGNMENTS)) {
      JsonNode properties = assignment.properties();
      assertThat(properties.path("principalType").asText()).isEqualTo("ServicePrincipal");
      grants.add(
          roleName(assignment) + " @ " + scopeOf(assignment) + " -> " + principalOf(assignment));
    }
    assertThat(grants)
        .containsExactlyInAnyOrder(
            // Flex Consumption host storage and the deployment container.
            "Storage Blob Data Owner @ Microsoft.Storage/storageAccounts -> " + FUNCTION_PRINCIPAL,
            // The dead-letter output binding, on that one queue.
            "Storage Queue Data Contributor @"
                + " Microsoft.Storage/storageAccounts/queueServices/queues/credwatch-dead-letters -> "
                + FUNCTION_PRINCIPAL,
            // The confirmation queue (QueueFollowUps sends, ConfirmationFollowUps reads), on it.
            "Storage Queue Data Contributor @"
                + " Microsoft.Storage/storageAccounts/queueServices/queues/credwatch-confirmations"
                + " -> "
                + FUNCTION_PRINCIPAL,
            // The state table (TableActionLedger), on that one table.
            "Storage Table Data Contributor @"
                + " Microsoft.Storage/storageAccounts/tableServices/tables/credwatchstate -> "
                + FUNCTION_PRINCIPAL,
            "Azure Event Hubs Data Receiver @ Microsoft.EventHub/namespaces/eventhubs/entra-audit-logs"
                + " -> "
                + FUNCTION_PRINCIPAL,
            "Key Vault Secrets User @ Microsoft.KeyVault/vaults/secrets/teams-webhook-url -> "
                + FUNCTION_PRINCIPAL,
            "Monitoring Metrics Publisher @ Microsoft.Insights/components -> " + FUNCTION_PRINCIPAL,
            CUSTOM_ROLE + " @ " + SUBSCRIPTION_SCOPE + " -> " + FUNCTION_PRINCIPAL,
            "Storage Blob Data Contributor @"
                + " Microsoft.Storage/storageAccounts/blobServices/containers/credwatch-dead-letters"
                + " -> "
                + TOPIC_PRINCIPAL);
  }

  @Test
  void keyVault_usesRbacAndHoldsTheWebhookOnlyWhenOneIsGiven() {
    JsonNode vault = single("Microsoft.KeyVault/vaults").properties();
    assertThat(vault.path("enableRbacAuthorization").asBoolean()).isTrue();
    assertThat(vault.path("enableSoftDelete").asBoolean()).isTrue();
    assertThat(vault.path("enablePurgeProtection").asBoolean()).isTrue();
    String condition = "[not(empty(parameters('teamsWebhookUrl')))]";
    assertThat(single("Microsoft.KeyVault/vaults/secrets").resource().path("condition").asText())
        .isEqualTo(condition);
    assertThat(template.path("parameters").path("teamsWebhookUrl").path("type").asText())
        .isEqualTo("securestring");
    Located reader =
        all(ROLE_ASSIGNMENTS).stream()
            .filter(a -> roleName(a).equals("Key Vault Secrets User"))
            .findFirst()
            .orElseThrow();
    assertThat(reader.resource().path("condition").asText()).isEqualTo(condition);
  }

  // ---- the function app ----

  @Test
  void functionApp_runsJava21OnFlexConsumptionWithItsOwnIdentity() {
    JsonNode plan = single("Microsoft.Web/serverfarms").resource();
    assertThat(plan.path("sku").path("name").asText()).isEqualTo("FC1");
    assertThat(plan.path("sku").path("tier").asText()).isEqualTo("FlexConsumption");
    assertThat(plan.path("kind").asText()).isEqualTo("functionapp");
    assertThat(plan.path("properties").path("reserved").asBoolean()).isTrue();

    JsonNode site = site();
    assertThat(site.path("kind").asText()).isEqualTo("functionapp,linux");
    assertThat(site.path("identity").path("type").asText()).isEqualTo("SystemAssigned");
    JsonNode properties = site.path("properties");
    assertThat(properties.path("httpsOnly").asBoolean()).isTrue();
    assertThat(properties.path("siteConfig").path("minTlsVersion").asText()).isEqualTo("1.2");
    assertThat(properties.path("siteConfig").path("ftpsState").asText()).isEqualTo("Disabled");

    JsonNode config = properties.path("functionAppConfig");
    assertThat(config.path("runtime").path("name").asText()).isEqualTo("java");
    assertThat(config.path("runtime").path("version").asText()).isEqualTo("21");
    JsonNode scale = config.path("scaleAndConcurrency");
    assertThat(scale.path("instanceMemoryMB").asInt()).isEqualTo(2048);
    assertThat(scale.path("maximumInstanceCount").asText())
        .isEqualTo("[parameters('maximumInstanceCount')]");
    assertThat(
            template.path("parameters").path("maximumInstanceCount").path("defaultValue").asInt())
        .isEqualTo(40);
    JsonNode storage = config.path("deployment").path("storage");
    assertThat(storage.path("type").asText()).isEqualTo("blobContainer");
    assertThat(storage.path("authentication").path("type").asText())
        .isEqualTo("SystemAssignedIdentity");
    assertThat(storage.path("value").asText()).contains("variables('deploymentContainerName')");
    assertThat(text(template.path("variables").path("deploymentContainerName")))
        .isEqualTo("app-package");
    assertThat(resourceNames("Microsoft.Storage/storageAccounts/blobServices/containers"))
        .contains("app-package");

    // Flex Consumption rejects these; and no connection string may carry a storage key.
    assertThat(appSettings().keySet())
        .doesNotContain(
            "FUNCTIONS_WORKER_RUNTIME",
            "FUNCTIONS_EXTENSION_VERSION",
            "WEBSITE_RUN_FROM_PACKAGE",
            "AzureWebJobsStorage");
    assertThat(appSettings().values())
        .noneMatch(v -> v.contains("listKeys") || v.contains("AccountKey"));
    // Only Entra ID may publish code.
    Map<String, Boolean> basicAuth = new TreeMap<>();
    for (Located policy : all("Microsoft.Web/sites/basicPublishingCredentialsPolicies")) {
      String name = policy.resource().path("name").asText().replaceAll(".*'(\\w+)'\\)\\]$", "$1");
      basicAuth.put(name, policy.properties().path("allow").asBoolean(true));
    }
    assertThat(basicAuth).isEqualTo(Map.of("ftp", false, "scm", false));
  }

  @Test
  void appSettings_useSettingsNamesAndDefaults() throws IllegalAccessException {
    Set<String> constants = new TreeSet<>();
    for (Class<?> reader : List.of(Settings.class, AzureSettings.class)) {
      for (Field field : reader.getFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers)
            && Modifier.isFinal(modifiers)
            && field.getType() == String.class) {
          constants.add((String) field.get(null));
        }
      }
    }
    Map<String, String> settings = appSettings();
    Set<String> credwatch =
        settings.keySet().stream()
            .filter(n -> n.startsWith("CREDWATCH_"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(constants).containsAll(credwatch);
    assertThat(credwatch)
        .containsExactlyInAnyOrder(
            Settings.REMEDIATION,
            Settings.REMEDIATION_RULES,
            Settings.MIN_SEVERITY,
            Settings.REMEDIATION_MIN_SEVERITY,
            Settings.PROTECTED,
            Settings.ALLOWED_ACTORS,
            Settings.SUPPRESSIONS,
            Settings.TEAMS_WEBHOOK_URL,
            Settings.MAX_ACTIONS_PER_HOUR,
            Settings.ACT_WITHOUT_CONFIRMATION,
            AzureSettings.STATE_TABLE_ENDPOINT,
            AzureSettings.STATE_TABLE,
            AzureSettings.CONFIRMATION_QUEUE_ENDPOINT);
    assertThat(settings.get(AzureSettings.CONFIRMATION_QUEUE_ENDPOINT))
        .contains("primaryEndpoints.queue");
    assertThat(settings)
        .containsEntry(AzureSettings.STATE_TABLE, "[variables('stateTableName')]")
        .containsEntry(Settings.MAX_ACTIONS_PER_HOUR, "[string(parameters('maxActionsPerHour'))]");
    assertThat(settings.get(AzureSettings.STATE_TABLE_ENDPOINT)).contains("primaryEndpoints.table");
    assertThat(template.path("parameters").path("maxActionsPerHour").path("defaultValue").asInt())
        .isEqualTo(Settings.defaults().maxActionsPerHour());
    // ARM's string(false) is "False": the settings reader takes booleans in any case.
    assertThat(settings)
        .containsEntry(
            Settings.ACT_WITHOUT_CONFIRMATION, "[string(parameters('actWithoutConfirmation'))]");
    assertThat(
            template
                .path("parameters")
                .path("actWithoutConfirmation")
                .path("defaultValue")
                .asBoolean(true))
        .isEqualTo(Settings.defaults().actWithoutConfirmation());
    assertThat(settings)
        .containsEntry(Settings.REMEDIATION, "[parameters('remediationMode')]")
        .containsEntry(Settings.MIN_SEVERITY, "[parameters('minSeverity')]")
        .containsEntry(Settings.REMEDIATION_MIN_SEVERITY, "[parameters('remediationMinSeverity')]")
        .containsEntry("AzureWebJobsStorage__accountName", "[variables('storageAccountName')]")
        .containsEntry(
            "EntraAuditLogs__fullyQualifiedNamespace",
            "[format('{0}.servicebus.windows.net', variables('eventHubNamespaceName'))]")
        .containsKey("APPLICATIONINSIGHTS_CONNECTION_STRING");
    // The webhook comes from Key Vault, never as plain text; empty means "no Teams sink".
    assertThat(settings.get(Settings.TEAMS_WEBHOOK_URL))
        .startsWith("[if(empty(parameters('teamsWebhookUrl')), '', ")
        .contains("@Microsoft.KeyVault(SecretUri=")
        .contains("variables('teamsSecretName')")
        .doesNotContain("parameters('teamsWebhookUrl'))))");

    Settings defaults = Settings.defaults();
    JsonNode parameters = template.path("parameters");
    assertThat(parameters.path("remediationMode").path("defaultValue").asText())
        .isEqualTo(RemediationMode.DRY_RUN.id())
        .isEqualTo(defaults.remediation().id());
    assertThat(strings(parameters.path("remediationMode").path("allowedValues")))
        .containsExactlyElementsOf(
            Arrays.stream(RemediationMode.values()).map(RemediationMode::id).toList());
    assertThat(parameters.path("minSeverity").path("defaultValue").asText())
        .isEqualTo(defaults.minSeverity().id());
    assertThat(parameters.path("remediationMinSeverity").path("defaultValue").asText())
        .isEqualTo(defaults.remediationMinSeverity().id());
    List<String> severities = Arrays.stream(Severity.values()).map(Severity::id).toList();
    assertThat(strings(parameters.path("minSeverity").path("allowedValues")))
        .containsExactlyElementsOf(severities);
    assertThat(strings(parameters.path("remediationMinSeverity").path("allowedValues")))
        .containsExactlyElementsOf(severities);
    for (String empty :
        List.of("remediationRules", "protectedIdentities", "allowedActors", "suppressions")) {
      assertThat(parameters.path(empty).path("defaultValue").asText()).as(empty).isEmpty();
    }
  }

  @Test
  void triggers_andTheirConnections_matchTheTemplate() {
    assertThat(functionTriggers())
        .isEqualTo(
            Map.of(
                "EntraAuditLogs",
                EventHubTrigger.class,
                "ArmEvents",
                EventGridTrigger.class,
                "ConfirmationFollowUps",
                QueueTrigger.class));
    Method entra = functionMethod("EntraAuditLogs");
    EventHubTrigger hub = parameterAnnotation(entra, EventHubTrigger.class);
    assertThat(hub.eventHubName()).isEqualTo(text(template.path("variables").path("eventHubName")));
    assertThat(resourceNames("Microsoft.EventHub/namespaces/eventhubs"))
        .contains(hub.eventHubName());
    assertThat(hub.consumerGroup())
        .isEqualTo(text(template.path("variables").path("consumerGroupName")));
    assertThat(resourceNames("Microsoft.EventHub/namespaces/eventhubs/consumergroups"))
        .contains(hub.consumerGroup());
    assertThat(appSettings()).containsKey(hub.connection() + "__fullyQualifiedNamespace");

    QueueOutput queue = parameterAnnotation(entra, QueueOutput.class);
    assertThat(queue.queueName())
        .isEqualTo(text(template.path("variables").path("deadLetterName")));
    QueueTrigger confirmations =
        parameterAnnotation(functionMethod("ConfirmationFollowUps"), QueueTrigger.class);
    assertThat(confirmations.queueName())
        .isEqualTo(AzureSettings.CONFIRMATION_QUEUE)
        .isEqualTo(text(template.path("variables").path("confirmationQueueName")));
    assertThat(resourceNames("Microsoft.Storage/storageAccounts/queueServices/queues"))
        .containsExactlyInAnyOrder(queue.queueName(), confirmations.queueName());
    assertThat(appSettings()).containsKey(queue.connection() + "__accountName");
    assertThat(appSettings()).containsKey(confirmations.connection() + "__accountName");
    assertThat(appSettings()).containsKey(AzureSettings.CONFIRMATION_QUEUE_ENDPOINT);
  }

  // ---- Event Hubs, storage ----

  @Test
  void eventHubs_diagnosticsRuleMayOnlySend() {
    List<Located> rules = all("Microsoft.EventHub/namespaces/authorizationRules");
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).resource().path("name").asText()).contains("'entra-diagnostics'");
    assertThat(strings(rules.get(0).properties().path("rights"))).containsExactly("Send");
    assertThat(all("Microsoft.EventHub/namespaces/eventhubs/authorizationRules")).isEmpty();
    JsonNode namespace = single("Microsoft.EventHub/namespaces").resource();
    assertThat(namespace.path("sku").path("name").asText()).isEqualTo("Standard");
    assertThat(namespace.path("properties").path("minimumTlsVersion").asText()).isEqualTo("1.2");
    JsonNode hub = single("Microsoft.EventHub/namespaces/eventhubs").properties();
    assertThat(hub.path("partitionCount").asInt()).isEqualTo(2);
    assertThat(hub.path("messageRetentionInDays").asInt()).isBetween(1, 7);
    assertThat(
            template.path("outputs").path("diagnosticsAuthorizationRuleId").path("value").asText())
        .contains("Microsoft.EventHub/namespaces/authorizationRules")
        .contains("'entra-diagnostics'");
  }

  @Test
  void storageAccount_forbidsSharedKeysAndPublicBlobs() {
    JsonNode account = single("Microsoft.Storage/storageAccounts").resource();
    assertThat(account.path("kind").asText()).isEqualTo("StorageV2");
    assertThat(account.path("sku").path("name").asText()).isEqualTo("Standard_LRS");
    JsonNode properties = account.path("properties");
    assertThat(properties.path("allowSharedKeyAccess").asBoolean(true)).isFalse();
    assertThat(properties.path("allowBlobPublicAccess").asBoolean(true)).isFalse();
    assertThat(properties.path("minimumTlsVersion").asText()).isEqualTo("TLS1_2");
    assertThat(properties.path("supportsHttpsTrafficOnly").asBoolean()).isTrue();
    for (Located container : all("Microsoft.Storage/storageAccounts/blobServices/containers")) {
      assertThat(container.properties().path("publicAccess").asText()).isEqualTo("None");
    }
  }

  // ---- outputs, scripts, parameters file ----

  @Test
  void outputs_includeEverythingTheScriptsAndReadmeUse() throws IOException {
    Set<String> outputs = new TreeSet<>();
    template.path("outputs").fieldNames().forEachRemaining(outputs::add);
    assertThat(outputs)
        .contains(
            "functionAppName",
            "principalId",
            "eventHubNamespace",
            "eventHubName",
            "diagnosticsAuthorizationRuleId",
            "keyVaultName",
            "deadLetterQueue",
            "deadLetterContainer");
    Pattern used = Pattern.compile("(?:\\$\\(output |properties\\.outputs\\.)(\\w+)");
    for (String file : List.of("entra-diagnostic-setting.sh", "README.md")) {
      Matcher m = used.matcher(Files.readString(DIR.resolve(file), StandardCharsets.UTF_8));
      int named = 0;
      while (m.find()) {
        assertThat(outputs).as("output named in %s", file).contains(m.group(1));
        named++;
      }
      assertThat(named).as("outputs named in %s", file).isPositive();
    }
  }

  @Test
  void parametersExample_usesOnlyTemplateParametersAndAllowedValues() throws IOException {
    JsonNode example = JSON.readTree(DIR.resolve("azuredeploy.parameters.example.json").toFile());
    JsonNode declared = template.path("parameters");
    example
        .path("parameters")
        .properties()
        .forEach(
            entry -> {
              JsonNode parameter = declared.path(entry.getKey());
              assertThat(parameter.isMissingNode()).as(entry.getKey()).isFalse();
              assertThat(parameter.path("type").asText())
                  .as(entry.getKey())
                  .isNotEqualTo("securestring");
              if (parameter.has("allowedValues")) {
                assertThat(parameter.path("allowedValues"))
                    .contains(entry.getValue().path("value"));
              }
            });
  }

  // ---- main.bicep declares what azuredeploy.json does ----

  @Test
  void bicep_declaresTheSameParametersResourcesAndOutputs() throws IOException {
    Bicep main = Bicep.parse(DIR.resolve("main.bicep"));
    assertThat(main.modules).hasSize(1);
    Bicep module = Bicep.parse(DIR.resolve(main.modules.get(0)));

    assertThat(main.parameters).isEqualTo(armParameters(template));
    assertThat(main.outputs).isEqualTo(armOutputs(template));
    List<String> outer = new ArrayList<>(main.resources);
    outer.add(DEPLOYMENTS + "@2022-09-01");
    assertThat(outer).containsExactlyInAnyOrderElementsOf(armResources(template));

    JsonNode inner = single(DEPLOYMENTS).properties().path("template");
    assertThat(module.parameters).isEqualTo(armParameters(inner));
    assertThat(module.outputs).isEqualTo(armOutputs(inner));
    assertThat(module.resources).containsExactlyInAnyOrderElementsOf(armResources(inner));

    // The operations and event types of the filter are the same lists in both files.
    assertThat(main.listVariable("armCredentialOperations"))
        .isEqualTo(strings(template.path("variables").path("armCredentialOperations")));
    assertThat(main.listVariable("armEventTypes"))
        .isEqualTo(strings(template.path("variables").path("armEventTypes")));
    assertThat(main.text)
        .contains("values: armCredentialOperations")
        .contains("includedEventTypes: armEventTypes");
    assertThat(module.text)
        .contains(
            strings(
                    single(ROLE_DEFINITIONS)
                        .properties()
                        .path("permissions")
                        .get(0)
                        .path("actions"))
                .stream()
                .map(a -> "'" + a + "'")
                .toArray(String[]::new));
  }

  private static Map<String, String> armParameters(JsonNode owner) {
    Map<String, String> out = new TreeMap<>();
    owner
        .path("parameters")
        .properties()
        .forEach(
            p -> {
              JsonNode allowed = p.getValue().path("allowedValues");
              out.put(
                  p.getKey(),
                  p.getValue().path("type").asText().toLowerCase(Locale.ROOT)
                      + (p.getValue().has("defaultValue")
                          ? " = " + Bicep.defaultOf(p.getValue().get("defaultValue"))
                          : "")
                      + (allowed.isMissingNode() ? "" : " " + strings(allowed)));
            });
    return out;
  }

  private static Map<String, String> armOutputs(JsonNode owner) {
    Map<String, String> out = new TreeMap<>();
    owner
        .path("outputs")
        .properties()
        .forEach(o -> out.put(o.getKey(), o.getValue().path("type").asText()));
    return out;
  }

  /** type@apiVersion, with " if" for conditional resources. */
  private static List<String> armResources(JsonNode owner) {
    List<String> out = new ArrayList<>();
    for (JsonNode resource : owner.path("resources")) {
      out.add(
          resource.path("type").asText()
              + "@"
              + resource.path("apiVersion").asText()
              + (resource.has("condition") ? " if" : ""));
    }
    return out;
  }

  /**
   * The declarations of a Bicep file, read with regular expressions (no compiler here): {@code
   * param NAME TYPE [= default]} with its decorators, {@code resource SYM 'TYPE@API' [= if]},
   * {@code module SYM 'PATH'}, {@code output NAME TYPE} and list variables.
   */
  private static final class Bicep {
    private static final Pattern PARAM =
        Pattern.compile("^param\\s+(\\w+)\\s+(\\w+)(?:\\s*=\\s*(.+?))?\\s*$", Pattern.MULTILINE);
    private static final Pattern DECORATED =
        Pattern.compile("((?:^@.*\\n(?:^(?![a-z@]).*\\n)*)*)^param\\s+(\\w+)", Pattern.MULTILINE);
    private static final Pattern RESOURCE =
        Pattern.compile(
            "^resource\\s+\\w+\\s+'([^'@]+)@([^']+)'\\s+(existing\\s+)?=\\s*(if\\s*\\()?",
            Pattern.MULTILINE);
    private static final Pattern MODULE =
        Pattern.compile("^module\\s+\\w+\\s+'([^']+)'\\s*=", Pattern.MULTILINE);
    private static final Pattern OUTPUT =
        Pattern.compile("^output\\s+(\\w+)\\s+(\\w+)\\s*=", Pattern.MULTILINE);
    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");

    final String text;
    final Map<String, String> parameters = new TreeMap<>();
    final List<String> resources = new ArrayList<>();
    final List<String> modules = new ArrayList<>();
    final Map<String, String> outputs = new TreeMap<>();

    private Bicep(String text) {
      this.text = text;
    }

    static Bicep parse(Path file) throws IOException {
      Bicep bicep = new Bicep(stripComments(Files.readString(file, StandardCharsets.UTF_8)));
      Map<String, String> decorators = new LinkedHashMap<>();
      Matcher d = DECORATED.matcher(bicep.text);
      while (d.find()) {
        decorators.put(d.group(2), d.group(1));
      }
      Matcher p = PARAM.matcher(bicep.text);
      while (p.find()) {
        String deco = decorators.getOrDefault(p.group(1), "");
        String type = p.group(2);
        if (deco.contains("@secure()")) {
          type = type.equals("string") ? "securestring" : "secureobject";
        }
        String value = type;
        if (p.group(3) != null) {
          value += " = " + bicepDefault(p.group(3));
        }
        Matcher allowed =
            Pattern.compile("@allowed\\(\\[(.*?)\\]\\)", Pattern.DOTALL).matcher(deco);
        if (allowed.find()) {
          List<String> values = new ArrayList<>();
          Matcher q = QUOTED.matcher(allowed.group(1));
          while (q.find()) {
            values.add(q.group(1));
          }
          value += " " + values;
        }
        bicep.parameters.put(p.group(1), value);
      }
      Matcher r = RESOURCE.matcher(bicep.text);
      while (r.find()) {
        if (r.group(3) == null) {
          bicep.resources.add(r.group(1) + "@" + r.group(2) + (r.group(4) != null ? " if" : ""));
        }
      }
      Matcher m = MODULE.matcher(bicep.text);
      while (m.find()) {
        bicep.modules.add(m.group(1));
      }
      Matcher o = OUTPUT.matcher(bicep.text);
      while (o.find()) {
        bicep.outputs.put(o.group(1), o.group(2));
      }
      return bicep;
    }

    List<String> listVariable(String name) {
      Matcher m =
          Pattern.compile(
                  "^var\\s+" + name + "\\s*=\\s*\\[(.*?)^\\]", Pattern.MULTILINE | Pattern.DOTALL)
              .matcher(text);
      assertThat(m.find()).as("var %s in main.bicep", name).isTrue();
      List<String> values = new ArrayList<>();
      Matcher q = QUOTED.matcher(m.group(1));
      while (q.find()) {
        values.add(q.group(1));
      }
      return values;
    }

    /** A Bicep default in the form {@link #defaultOf} gives the ARM one. */
    private static String bicepDefault(String value) {
      String v = value.strip();
      if (v.startsWith("'") && v.endsWith("'") && !v.contains("${")) {
        return "'" + v.substring(1, v.length() - 1) + "'";
      }
      if (v.startsWith("'") && v.endsWith("'")) {
        // 'a${x}b' compiles to format('a{0}b', x)
        StringBuilder pattern = new StringBuilder();
        List<String> args = new ArrayList<>();
        Matcher i = Pattern.compile("\\$\\{(.*?)\\}").matcher(v.substring(1, v.length() - 1));
        int last = 0;
        String body = v.substring(1, v.length() - 1);
        while (i.find()) {
          pattern.append(body, last, i.start()).append('{').append(args.size()).append('}');
          args.add(i.group(1));
          last = i.end();
        }
        pattern.append(body.substring(last));
        return "[format('" + pattern + "', " + String.join(", ", args) + ")]";
      }
      if (v.matches("-?\\d+|true|false")) {
        return v;
      }
      return "[" + v + "]";
    }

    /** An ARM defaultValue in the same form: strings quoted, expressions as they are. */
    static String defaultOf(JsonNode value) {
      if (value.isTextual()) {
        String text = value.asText();
        return text.startsWith("[") ? text : "'" + text + "'";
      }
      return value.toString();
    }

    /** Drops // and block comments, keeping strings (which may contain //). */
    static String stripComments(String text) {
      StringBuilder out = new StringBuilder(text.length());
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\'') {
          int j = i + 1;
          while (j < text.length() && text.charAt(j) != '\'') {
            j += text.charAt(j) == '\\' ? 2 : 1;
          }
          out.append(text, i, Math.min(j + 1, text.length()));
          i = j + 1;
        } else if (text.startsWith("//", i)) {
          int end = text.indexOf('\n', i);
          i = end < 0 ? text.length() : end;
        } else if (text.startsWith("/*", i)) {
          int end = text.indexOf("*/", i + 2);
          i = end < 0 ? text.length() : end + 2;
        } else {
          out.append(c);
          i++;
        }
      }
      return out.toString();
    }
  }

  // ---- reading the template ----

  /** Every resource, nested deployments' resources included. */
  private static List<Located> all() {
    List<Located> out = new ArrayList<>();
    collect(template, null, out);
    return out;
  }

  private static void collect(JsonNode owner, @Nullable JsonNode deployment, List<Located> out) {
    for (JsonNode resource : owner.path("resources")) {
      out.add(new Located(resource, owner, deployment));
      if (resource.path("type").asText().equals(DEPLOYMENTS)) {
        collect(resource.path("properties").path("template"), resource, out);
      }
    }
  }

  private static List<Located> all(String type) {
    return all().stream().filter(r -> r.type().equals(type)).toList();
  }

  private static Located single(String type) {
    List<Located> found = all(type);
    assertThat(found).as("resources of type %s", type).hasSize(1);
    return found.get(0);
  }

  private static JsonNode site() {
    return single("Microsoft.Web/sites").resource();
  }

  private static Map<String, String> appSettings() {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode setting : site().path("properties").path("siteConfig").path("appSettings")) {
      assertThat(out.put(setting.path("name").asText(), setting.path("value").asText()))
          .as("duplicate app setting %s", setting.path("name").asText())
          .isNull();
    }
    return out;
  }

  /** "[variables('x')]" as the variable's value. */
  private static JsonNode resolve(JsonNode value, JsonNode owner) {
    Matcher m = VARIABLE.matcher(value.asText());
    return m.matches() ? owner.path("variables").path(m.group(1)) : value;
  }

  private static String text(JsonNode value) {
    assertThat(value.isTextual()).as("a literal string: %s", value).isTrue();
    assertThat(value.asText()).doesNotStartWith("[");
    return value.asText();
  }

  private static List<String> strings(JsonNode array) {
    assertThat(array.isArray()).as("a literal list: %s", array).isTrue();
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** The literal last segment of each resource of a type ("a/b/name" from format(...)). */
  private static List<String> resourceNames(String type) {
    List<String> names = new ArrayList<>();
    for (Located located : all(type)) {
      names.add(lastSegment(located.resource().path("name").asText(), located.owner()));
    }
    return names;
  }

  /** The last argument of a name or scope expression, resolved to a literal where possible. */
  private static String lastSegment(String expression, JsonNode owner) {
    String last = expression;
    Matcher format = FORMAT_SCOPE.matcher(expression);
    if (format.matches()) {
      List<String> args = splitArguments(format.group(2));
      last = args.get(args.size() - 1).strip();
    } else if (expression.startsWith("[") && expression.endsWith("]")) {
      last = expression.substring(1, expression.length() - 1);
    }
    if (last.startsWith("'") && last.endsWith("'")) {
      return last.substring(1, last.length() - 1);
    }
    Matcher variable = Pattern.compile("^variables\\('([^']+)'\\)$").matcher(last);
    if (variable.matches()) {
      JsonNode value = owner.path("variables").path(variable.group(1));
      return value.asText().startsWith("[") ? "*" : value.asText();
    }
    return "*";
  }

  private static List<String> splitArguments(String arguments) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < arguments.length(); i++) {
      char c = arguments.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(arguments.substring(start, i));
        start = i + 1;
      }
    }
    out.add(arguments.substring(start));
    return out;
  }

  private static String roleName(Located assignment) {
    String id = assignment.properties().path("roleDefinitionId").asText();
    Matcher guid = GUID.matcher(id);
    if (guid.find() && BUILT_IN_ROLES.containsKey(guid.group(1))) {
      return BUILT_IN_ROLES.get(guid.group(1));
    }
    // The custom role of the same (nested) template, by its resource id.
    for (JsonNode resource : assignment.owner().path("resources")) {
      if (resource.path("type").asText().equals(ROLE_DEFINITIONS)) {
        String name = resource.path("name").asText();
        String expected =
            "[subscriptionResourceId('"
                + ROLE_DEFINITIONS
                + "', "
                + name.substring(1, name.length() - 1)
                + ")]";
        if (id.equals(expected)) {
          return CUSTOM_ROLE;
        }
      }
    }
    throw new AssertionError("unknown role " + id);
  }

  /** The assignment's scope as the type of the scoped resource (and its literal name). */
  private static String scopeOf(Located assignment) {
    JsonNode scope = assignment.resource().path("scope");
    if (scope.isMissingNode()) {
      String schema = assignment.owner().path("$schema").asText();
      assertThat(schema)
          .as("an unscoped assignment is at its deployment's scope")
          .contains("subscriptionDeploymentTemplate");
      return SUBSCRIPTION_SCOPE;
    }
    Matcher format = FORMAT_SCOPE.matcher(scope.asText());
    assertThat(format.matches()).as("scope %s", scope.asText()).isTrue();
    String type = format.group(1).replaceAll("/\\{\\d+\\}", "");
    assertThat(all(type)).as("the scope %s is a resource of the template", type).isNotEmpty();
    String name = lastSegment(scope.asText(), assignment.owner());
    return name.equals("*") ? type : type + "/" + name;
  }

  private static String principalOf(Located assignment) {
    String principal = assignment.properties().path("principalId").asText();
    if (principal.equals("[parameters('principalId')]") && assignment.deployment() != null) {
      principal =
          assignment
              .deployment()
              .path("properties")
              .path("parameters")
              .path("principalId")
              .path("value")
              .asText();
    }
    if (principal.equals(
        "[reference(resourceId('Microsoft.Web/sites', parameters('appName')), '2024-04-01',"
            + " 'full').identity.principalId]")) {
      return FUNCTION_PRINCIPAL;
    }
    if (principal.startsWith("[reference(resourceId('Microsoft.EventGrid/systemTopics',")
        && principal.endsWith(".identity.principalId]")) {
      return TOPIC_PRINCIPAL;
    }
    throw new AssertionError("unexpected principal " + principal);
  }

  // ---- the functions in the code ----

  /** Function name -> trigger annotation of each @FunctionName method. */
  private static Map<String, Class<? extends Annotation>> functionTriggers() {
    Map<String, Class<? extends Annotation>> out = new TreeMap<>();
    for (Method method : CredWatchFunctions.class.getMethods()) {
      FunctionName name = method.getAnnotation(FunctionName.class);
      if (name == null) {
        continue;
      }
      for (Parameter parameter : method.getParameters()) {
        for (Class<? extends Annotation> trigger :
            List.of(EventHubTrigger.class, EventGridTrigger.class, QueueTrigger.class)) {
          if (parameter.isAnnotationPresent(trigger)) {
            out.put(name.value(), trigger);
          }
        }
      }
    }
    return out;
  }

  private static Method functionMethod(String functionName) {
    return Arrays.stream(CredWatchFunctions.class.getMethods())
        .filter(
            m ->
                Optional.ofNullable(m.getAnnotation(FunctionName.class))
                    .map(FunctionName::value)
                    .orElse("")
                    .equals(functionName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no function " + functionName));
  }

  private static <A extends Annotation> A parameterAnnotation(Method method, Class<A> type) {
    for (Parameter parameter : method.getParameters()) {
      A annotation = parameter.getAnnotation(type);
      if (annotation != null) {
        return annotation;
      }
    }
    throw new AssertionError(
        method.getName() + " has no parameter annotated " + type.getSimpleName());
  }

  @org.junit.jupiter.api.Test
  void theFunctionsTimeout_isTheDeadlineTheCodeWorksWithin() throws Exception {
    java.nio.file.Path hostJson =
        io.credwatch.testing.Fixtures.repositoryRoot().resolve("azure-function/host.json");
    String timeout =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(java.nio.file.Files.readString(hostJson))
            .path("functionTimeout")
            .asText();
    assertThat(
            java.time.Duration.between(
                java.time.LocalTime.MIDNIGHT, java.time.LocalTime.parse(timeout)))
        .isEqualTo(AzureCore.INVOCATION_TIMEOUT);
  }
}
