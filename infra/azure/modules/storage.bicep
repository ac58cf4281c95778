// The storage account behind the azure-storage backend: the Durable Task task hub (queues, tables, blobs it creates
// itself), blob containers and tables for the shared records (definitions, memory, operators, ledger, audit, links), and the three
// data roles the app identity needs on it. Shared-key access is off: the apps sign in with their managed identity.

@description('Azure region.')
param location string

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

@description('Task hub name (letters and digits): the shared records are named after it.')
param taskHubName string

@description('Principal id of the user-assigned identity the apps run as.')
param principalId string

var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
var queueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

// The shared records, named after the task hub as AgentFlow names them (SharedRecordNames): containers
// hub-definitions, hub-memory, hub-records (operators.json), hub-retrieval (retrieval indexes); tables HUBEffects (ledger), HUBAudit (the audit chain),
// HUBLinks (used approval links). AgentFlow would create them on first use; declaring them keeps them in the template.
resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for suffix in ['definitions', 'memory', 'records', 'retrieval']: {
    parent: blobs
    name: '${toLower(taskHubName)}-${suffix}'
  }
]

resource tables 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource records 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for suffix in ['Effects', 'Audit', 'Links']: {
    parent: tables
    name: '${taskHubName}${suffix}'
  }
]

// Blobs: task hub leases and large messages, definitions, memory. Queues: task hub control and work-item queues
// (also read by the KEDA scale rule). Tables: task hub history and instances, shared records.
resource roles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [blobDataContributor, queueDataContributor, tableDataContributor]: {
    name: guid(account.id, principalId, role)
    scope: account
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

@description('Storage account name.')
output name string = account.name

@description('Blob service endpoint.')
output blobUri string = account.properties.primaryEndpoints.blob

@description('Queue service endpoint.')
output queueUri string = account.properties.primaryEndpoints.queue

@description('Table service endpoint.')
output tableUri string = account.properties.primaryEndpoints.table
