// The daily backups' blob container in the tables' storage account, with a lifecycle rule that
// deletes a backup 35 days after it was written, and the app's identity allowed to write blobs
// (Storage Blob Data Contributor on this container only).
param storageAccountName string
@description('The principal (the managed identity) that writes the backups.')
param writerPrincipalId string
param containerName string = 'plan-tracker-backups'
param retentionDays int = 35

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource retention 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'plan-tracker-backups-${retentionDays}-days'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [ 'blockBlob' ]
              prefixMatch: [ '${containerName}/' ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: retentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

// Built-in role "Storage Blob Data Contributor".
var storageBlobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')

resource blobWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: container
  name: guid(container.id, writerPrincipalId, storageBlobDataContributor)
  properties: {
    roleDefinitionId: storageBlobDataContributor
    principalId: writerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output containerUrl string = '${account.properties.primaryEndpoints.blob}${containerName}'
