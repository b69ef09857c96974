// Azure Tables for the plan, its history, prompts, digests, links and leases. Shared-key access is
// off: only Microsoft Entra identities with a data role can read or write, so there is no account
// key or connection string to keep secret.
param name string
param location string
param sku string
@description('The principal (the managed identity) given Storage Table Data Contributor.')
param tableContributorPrincipalId string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

// Built-in role "Storage Table Data Contributor".
var storageTableDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, tableContributorPrincipalId, storageTableDataContributor)
  properties: {
    roleDefinitionId: storageTableDataContributor
    principalId: tableContributorPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = account.name
// Without a trailing slash: the app appends the table names.
output tableEndpoint string = 'https://${account.name}.table.${environment().suffixes.storage}'
