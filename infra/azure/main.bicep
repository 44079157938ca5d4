// CredWatch for Azure: detects credentials added to Entra applications and service principals
// (Entra audit logs through Event Hubs) and to Azure resources (ARM events through an Event Grid
// system topic), alerts to Microsoft Teams and the logs, and in enforce mode removes exactly the
// new credential (MITRE ATT&CK T1098.001).
//
// Deploy into a resource group: `az deployment group create --template-file main.bicep ...`
// (see README.md). azuredeploy.json beside this file is the same template as ARM JSON, kept in
// sync by hand because Bicep cannot be compiled where CI runs; check.py compares the two.
//
// Three things cannot be done from this template and are scripts beside it:
// - the tenant-wide Entra diagnostic setting that streams AuditLogs to the Event Hub
//   (entra-diagnostic-setting.sh; needs Global or Security Administrator);
// - the Microsoft Graph application permission of the function's identity
//   (grant-graph-permissions.sh; Graph app roles are not ARM resources);
// - the code itself (az functionapp deployment source config-zip).

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

@description('Region of every regional resource. The Flex Consumption plan must be offered there.')
param location string = resourceGroup().location

@description('Name of the function app. Globally unique: it is the host name.')
@minLength(2)
@maxLength(60)
param appName string = 'credwatch-${uniqueString(resourceGroup().id)}'

@description('Suffix of the storage account, Key Vault and Event Hubs namespace names (globally unique, lowercase letters and digits). Choose another one to redeploy after deleting the resource group: a purge-protected vault keeps its name for 90 days.')
@minLength(5)
@maxLength(13)
param resourceSuffix string = uniqueString(resourceGroup().id)

@description('off, dry-run (plan and report only, the default) or enforce. Start with dry-run.')
@allowed([
  'off'
  'dry-run'
  'enforce'
])
param remediationMode string = 'dry-run'

@description('Per-rule modes, comma-separated, e.g. azure_managed_identity_federated_credential_written=enforce.')
param remediationRules string = ''

@description('The lowest severity sent to the alert sinks.')
@allowed([
  'info'
  'low'
  'medium'
  'high'
  'critical'
])
param minSeverity string = 'low'

@description('The lowest severity that is remediated.')
@allowed([
  'info'
  'low'
  'medium'
  'high'
  'critical'
])
param remediationMinSeverity string = 'high'

@description('Identities never remediated (break-glass accounts): comma-separated object ids, app ids, UPNs or globs.')
param protectedIdentities string = ''

@description('Actors whose changes are reported but never remediated (your provisioning pipeline), same syntax.')
param allowedActors string = ''

@description('Suppression list as JSON text (see the top-level README); empty for none.')
param suppressions string = ''

@description('Optional Microsoft Teams Workflows webhook URL. Stored as a Key Vault secret; the app reads it through a Key Vault reference. Empty: no Teams alerts.')
@secure()
param teamsWebhookUrl string = ''

@description('Upper bound of Flex Consumption instances: caps cost and the rate of remediation calls.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('The circuit breaker (CREDWATCH_MAX_ACTIONS_PER_HOUR): past this many actions in a clock hour, across all invocations, remediation pauses (alert only) and one alert says so.')
@minValue(0)
@maxValue(10000)
param maxActionsPerHour int = 20

@description('false (the default, CREDWATCH_ACT_WITHOUT_CONFIRMATION) acts only on events that Entra's audit log or the Activity Log confirms; true acts on events as delivered, which anyone holding a Send key on the Event Hubs namespace could forge.')
param actWithoutConfirmation bool = false

@description('Create the Event Grid subscription that delivers ARM events to the ArmEvents function. Event Grid validates the function when the subscription is created, so leave this false on the first deployment and set it true once the code is deployed (README, step 5).')
param deployArmEventSubscription bool = false

// ---------------------------------------------------------------------------------------------
// Names and the contract with the code
// ---------------------------------------------------------------------------------------------

var suffix = toLower(resourceSuffix)
var storageAccountName = 'stcw${suffix}'
var keyVaultName = 'kvcw-${suffix}'
var eventHubNamespaceName = 'evhns-credwatch-${suffix}'

// The names below are fixed by the Java code (azure-function): hub, consumer group, connection
// setting prefixes, dead-letter queue and function names.
var eventHubName = 'entra-audit-logs'
var consumerGroupName = 'credwatch'
var deadLetterName = 'credwatch-dead-letters'
var confirmationQueueName = 'credwatch-confirmations'
var stateTableName = 'credwatchstate'
var deploymentContainerName = 'app-package'
var teamsSecretName = 'teams-webhook-url'

// Exactly the ARM operations of io.credwatch.source.OperationCatalog (service "arm"), in its
// casing. Event Grid compares StringIn values without regard to case; it allows 25 values.
// AzureTemplateTest and check.py fail when this list and the catalogue differ.
var armCredentialOperations = [
  'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write'
  'Microsoft.Compute/sshPublicKeys/write'
  'Microsoft.Compute/sshPublicKeys/generateKeyPair/action'
  'Microsoft.Compute/virtualMachines/extensions/write'
  'Microsoft.Compute/virtualMachineScaleSets/extensions/write'
]

// PUT and PATCH arrive as ResourceWriteSuccess, POST actions (generateKeyPair) as
// ResourceActionSuccess. Failed calls and deletions are not credential additions.
var armEventTypes = [
  'Microsoft.Resources.ResourceWriteSuccess'
  'Microsoft.Resources.ResourceActionSuccess'
]

// ---------------------------------------------------------------------------------------------
// Built-in roles (fixed ids, the same in every tenant)
// ---------------------------------------------------------------------------------------------

@description('Flex Consumption host storage and the deployment container: the host creates containers.')
resource storageBlobDataOwner 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
}

@description('The dead-letter output binding sends messages (and creates the queue if it is missing).')
resource storageQueueDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

@description('Event Grid writes undeliverable events into the dead-letter container.')
resource storageBlobDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

@description('The EntraAuditLogs trigger reads the hub (identity-based connection).')
resource eventHubsDataReceiver 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
}

@description('The Key Vault reference of CREDWATCH_TEAMS_WEBHOOK_URL reads the one secret.')
resource keyVaultSecretsUser 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '4633458b-17de-408a-b874-0445c86b69e6'
}

@description('The state table: what the functions did, and the circuit breaker (TableActionLedger).')
resource storageTableDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

@description('The host sends telemetry with Entra authentication (local auth is off on the component).')
resource monitoringMetricsPublisher 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// ---------------------------------------------------------------------------------------------
// Storage: host storage, code package, dead letters (Entra auth only, no keys)
// ---------------------------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // Every client (host, bindings, Event Grid, operators) authenticates with Entra ID: a leaked
    // account key cannot exist, and nothing is readable anonymously.
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Flex Consumption without a virtual network reaches its storage over the public endpoint.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

@description('Flex Consumption runs the package that deployment uploads here.')
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

@description('ARM events that Event Grid could not deliver after its retries.')
resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deadLetterName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

@description('Alerts the EntraAuditLogs function could not deliver (its storage-queue output binding).')
resource deadLetterQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: deadLetterName
}

@description('Events waiting for Entra\'s audit log or the Activity Log to confirm them come back through this queue (a visibility delay per message) to the ConfirmationFollowUps function.')
resource confirmationQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: confirmationQueueName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

@description('What the functions did: no re-act on replays, one alert per event, the circuit breaker. Entities carry expires; the functions delete them past it.')
resource stateTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: stateTableName
}

// ---------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // Telemetry is accepted only from Entra-authenticated senders (the function's identity), so
    // the connection string in the app settings cannot be used to forge log entries.
    DisableLocalAuth: true
  }
}

// ---------------------------------------------------------------------------------------------
// Event Hubs: Entra audit logs arrive here from the tenant diagnostic setting
// ---------------------------------------------------------------------------------------------

resource eventHubNamespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: eventHubNamespaceName
  location: location
  // Standard: Basic allows only the $Default consumer group.
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: 1
  }
  properties: {
    minimumTlsVersion: '1.2'
    // Entra diagnostic settings can only send with a namespace authorization rule (SAS), so local
    // auth stays on; the function itself reads with its managed identity.
    disableLocalAuth: false
    publicNetworkAccess: 'Enabled'
    isAutoInflateEnabled: false
  }
}

resource eventHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: eventHubNamespace
  name: eventHubName
  properties: {
    partitionCount: 2
    // Seven days (the Standard maximum, no extra charge) let the function catch up after an outage
    // of a few days without losing audit records.
    messageRetentionInDays: 7
  }
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: eventHub
  name: consumerGroupName
  properties: {
    userMetadata: 'CredWatch EntraAuditLogs function'
  }
}

@description('Used only by the tenant diagnostic setting (entra-diagnostic-setting.sh): Send, nothing else. It names the hub, so Manage is not needed.')
resource diagnosticsRule 'Microsoft.EventHub/namespaces/authorizationRules@2024-01-01' = {
  parent: eventHubNamespace
  name: 'entra-diagnostics'
  properties: {
    rights: [
      'Send'
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault: the Teams webhook URL (anyone holding it can post to the channel)
// ---------------------------------------------------------------------------------------------

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Azure RBAC, so the function's identity can be granted one secret instead of the vault.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // Flex Consumption without a virtual network resolves Key Vault references over the public
    // endpoint; access is still Entra-authenticated and limited by RBAC.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource teamsWebhookSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(teamsWebhookUrl)) {
  parent: keyVault
  name: teamsSecretName
  properties: {
    value: teamsWebhookUrl
    contentType: 'text/uri'
  }
}

// ---------------------------------------------------------------------------------------------
// The function app (Flex Consumption, Java 21, system-assigned identity)
// ---------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${appName}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION must not be set. Every connection is identity-based.
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          // Connection "EntraAuditLogs" of the Event Hubs trigger (identity-based).
          name: 'EntraAuditLogs__fullyQualifiedNamespace'
          value: '${eventHubNamespace.name}.servicebus.windows.net'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD'
        }
        {
          name: 'CREDWATCH_REMEDIATION'
          value: remediationMode
        }
        {
          name: 'CREDWATCH_REMEDIATION_RULES'
          value: remediationRules
        }
        {
          name: 'CREDWATCH_MIN_SEVERITY'
          value: minSeverity
        }
        {
          name: 'CREDWATCH_REMEDIATION_MIN_SEVERITY'
          value: remediationMinSeverity
        }
        {
          name: 'CREDWATCH_PROTECTED'
          value: protectedIdentities
        }
        {
          name: 'CREDWATCH_ALLOWED_ACTORS'
          value: allowedActors
        }
        {
          name: 'CREDWATCH_SUPPRESSIONS'
          value: suppressions
        }
        {
          name: 'CREDWATCH_STATE_TABLE_ENDPOINT'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'CREDWATCH_STATE_TABLE'
          value: stateTableName
        }
        {
          name: 'CREDWATCH_CONFIRMATION_QUEUE_ENDPOINT'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'CREDWATCH_MAX_ACTIONS_PER_HOUR'
          value: string(maxActionsPerHour)
        }
        {
          name: 'CREDWATCH_ACT_WITHOUT_CONFIRMATION'
          value: string(actWithoutConfirmation)
        }
        {
          // A Key Vault reference (versionless, so a rotated secret is picked up). Without a
          // webhook the value is empty, which Settings reads as "not set": no Teams sink.
          name: 'CREDWATCH_TEAMS_WEBHOOK_URL'
          value: empty(teamsWebhookUrl) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${teamsSecretName}/)'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'java'
        version: '21'
      }
    }
  }
  dependsOn: [
    deploymentContainer
    teamsWebhookSecret
  ]
}

// Publishing with FTP or basic (user name and password) credentials is off: deployment uses
// Entra ID (az functionapp deployment source config-zip signs in with your account).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// ---------------------------------------------------------------------------------------------
// Event Grid: ARM write and action events of this subscription -> ArmEvents
// ---------------------------------------------------------------------------------------------

// Azure allows one system topic per source: if this subscription already has one for
// Microsoft.Resources.Subscriptions, this fails; see README "Known limits".
resource armEventsTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${appName}'
  location: 'global'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

resource armEventsSubscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (deployArmEventSubscription) {
  parent: armEventsTopic
  name: 'credwatch-arm-events'
  properties: {
    // Event Grid reaches a function through its system key; identity delivery does not apply to
    // Azure Function destinations. Dead letters use the topic's identity (no storage keys exist).
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/ArmEvents'
        // One event per call: a failing event is retried alone, not with its batch.
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: armEventTypes
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: armCredentialOperations
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterName
        }
      }
    }
  }
  dependsOn: [
    deadLetterContainer
    topicDeadLetterWriter
  ]
}

// ---------------------------------------------------------------------------------------------
// Role assignments: each at the narrowest scope that works. principalType is set so that a
// just-created identity is accepted before it has replicated.
// ---------------------------------------------------------------------------------------------

resource hostStorageOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageBlobDataOwner.id)
  scope: storage
  properties: {
    roleDefinitionId: storageBlobDataOwner.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource deadLetterQueueWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterQueue.id, functionApp.id, storageQueueDataContributor.id)
  scope: deadLetterQueue
  properties: {
    roleDefinitionId: storageQueueDataContributor.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource confirmationQueueWorker 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(confirmationQueue.id, functionApp.id, storageQueueDataContributor.id)
  scope: confirmationQueue
  properties: {
    roleDefinitionId: storageQueueDataContributor.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource stateTableWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(stateTable.id, functionApp.id, storageTableDataContributor.id)
  scope: stateTable
  properties: {
    roleDefinitionId: storageTableDataContributor.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource auditLogReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(eventHub.id, functionApp.id, eventHubsDataReceiver.id)
  scope: eventHub
  properties: {
    roleDefinitionId: eventHubsDataReceiver.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource teamsSecretReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(teamsWebhookUrl)) {
  name: guid(keyVault.id, teamsSecretName, functionApp.id, keyVaultSecretsUser.id)
  scope: teamsWebhookSecret
  properties: {
    roleDefinitionId: keyVaultSecretsUser.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionApp.id, monitoringMetricsPublisher.id)
  scope: appInsights
  properties: {
    roleDefinitionId: monitoringMetricsPublisher.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource topicDeadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterContainer.id, armEventsTopic.id, storageBlobDataContributor.id)
  scope: deadLetterContainer
  properties: {
    roleDefinitionId: storageBlobDataContributor.id
    principalId: armEventsTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The ARM remediators act on resources anywhere in the subscription, so their custom role is
// defined and assigned at subscription scope. The rest of the template stays a resource-group
// deployment (one `az deployment group create`, everything else in one group); only this module
// is deployed at subscription scope, which needs Owner or User Access Administrator there.
module remediationRole 'modules/remediation-role.bicep' = {
  name: 'credwatch-remediation-${uniqueString(resourceGroup().id)}'
  scope: subscription()
  params: {
    principalId: functionApp.identity.principalId
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (the scripts and README read these)
// ---------------------------------------------------------------------------------------------

@description('The function app to deploy the code to.')
output functionAppName string = functionApp.name

@description('Object id of the function app\'s managed identity: grant-graph-permissions.sh takes it.')
output principalId string = functionApp.identity.principalId

@description('Event Hubs namespace receiving the Entra audit logs.')
output eventHubNamespace string = eventHubNamespace.name

@description('Event Hub receiving the Entra audit logs.')
output eventHubName string = eventHub.name

@description('Send-only authorization rule for the tenant diagnostic setting (entra-diagnostic-setting.sh).')
output diagnosticsAuthorizationRuleId string = diagnosticsRule.id

@description('Key Vault holding the Teams webhook URL.')
output keyVaultName string = keyVault.name

@description('Storage account of the host, the code package and the dead letters.')
output storageAccountName string = storage.name

@description('Queue of alerts the EntraAuditLogs function could not deliver.')
output deadLetterQueue string = deadLetterQueue.name

@description('Blob container of ARM events Event Grid could not deliver.')
output deadLetterContainer string = deadLetterContainer.name

@description('The custom role holding exactly the ARM remediation permissions.')
output remediationRoleDefinitionId string = remediationRole.outputs.roleDefinitionId
