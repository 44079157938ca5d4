// The ARM remediation permissions of CredWatch, as a custom role assigned to the function's
// managed identity at subscription scope (main.bicep deploys this module with
// scope: subscription()). The actions are exactly the ARM permissions that the Azure ARM actions
// of io.credwatch.respond.RemediationActions declare: read (to check that the credential the event
// names exists and was created then) and delete (to remove it), and the Activity Log read that
// confirms each ARM event before any action. No wildcards, no write.

targetScope = 'subscription'

@description('Object id of the function app\'s system-assigned managed identity.')
param principalId string

resource remediationRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  // The same id for every deployment in this subscription: redeploying updates the role.
  name: guid(subscription().id, 'credwatch-arm-remediation')
  properties: {
    // Role names are unique in the tenant, so the subscription id keeps deployments in several
    // subscriptions of one tenant apart.
    roleName: 'CredWatch ARM remediation (${subscription().subscriptionId})'
    description: 'Reads and deletes the credential resources CredWatch remediates: managed-identity federated credentials, SSH public key resources and virtual machine extensions.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read'
          'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete'
          'Microsoft.Compute/sshPublicKeys/read'
          'Microsoft.Compute/sshPublicKeys/delete'
          'Microsoft.Compute/virtualMachines/extensions/read'
          'Microsoft.Compute/virtualMachines/extensions/delete'
          'Microsoft.Insights/eventtypes/values/read'
        ]
        notActions: []
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}

resource remediationRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, remediationRole.id)
  properties: {
    roleDefinitionId: remediationRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Resource id of the custom role.')
output roleDefinitionId string = remediationRole.id
