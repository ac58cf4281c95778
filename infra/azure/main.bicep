// AgentFlow on Azure: the azure-storage backend's storage account, a user-assigned identity with only the data roles
// it needs, Key Vault for the SMTP password and model API key, Log Analytics + Application Insights, and a Container
// Apps environment with the worker (scaled by queue length) and the server (HTTP ingress).
// Deploy: see infra/README.md. CI compiles and lints this file with infra/azure/check.sh.

targetScope = 'resourceGroup'

@description('Azure region; defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Prefix of every resource name (letters, digits, dashes).')
@minLength(2)
@maxLength(16)
param namePrefix string

@description('Container image with the agentflow CLI on PATH and the workflows in /workflows.')
param image string

@description('Durable Task task hub name: letters and digits, 3-45 characters.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'agentflow'

@description('Control-queue partitions (1-16); more partitions spread orchestrations over more workers.')
@minValue(1)
@maxValue(16)
param partitionCount int = 4

@description('Fewest worker replicas (0 lets the worker scale to zero when the queue is empty).')
@minValue(0)
param workerMinReplicas int = 1

@description('Most worker replicas.')
@minValue(1)
@maxValue(300)
param workerMaxReplicas int = 4

@description('Work-item messages per worker replica before KEDA adds one.')
@minValue(1)
param queueLengthTarget int = 20

@description('Port the server listens on inside its container.')
param serverPort int = 8080

@description('OTLP endpoint for traces and metrics (e.g. an OpenTelemetry collector forwarding to Application Insights); empty: none.')
param otlpEndpoint string = ''

@description('Audit key shared by every worker and server: base64 of 32 random bytes (openssl rand -base64 32). It signs the one audit chain and the approval links, so all replicas need the same one; kept in Key Vault.')
@secure()
@minLength(44)
param auditKey string

@description('SMTP password stored in Key Vault; empty leaves it out.')
@secure()
param smtpPassword string = ''

@description('Model API key (OPENAI_API_KEY) stored in Key Vault; empty leaves it out.')
@secure()
param modelApiKey string = ''

var suffix = uniqueString(resourceGroup().id, namePrefix)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id'
  location: location
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    accountName: toLower('${take(replace(namePrefix, '-', ''), 11)}${suffix}')
    taskHubName: taskHubName
    principalId: identity.properties.principalId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: take('${take(namePrefix, 10)}-kv-${suffix}', 24)
    principalId: identity.properties.principalId
    auditKey: auditKey
    smtpPassword: smtpPassword
    modelApiKey: modelApiKey
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    namePrefix: namePrefix
  }
}

// The apps take outputs of the storage and vault modules, so they start after the role assignments exist.
module apps 'modules/apps.bicep' = {
  name: 'apps'
  params: {
    location: location
    namePrefix: namePrefix
    image: image
    identityId: identity.id
    identityClientId: identity.properties.clientId
    workspaceName: monitoring.outputs.workspaceName
    appInsightsConnectionString: monitoring.outputs.connectionString
    storageAccountName: storage.outputs.name
    storageUris: {
      blob: storage.outputs.blobUri
      queue: storage.outputs.queueUri
      table: storage.outputs.tableUri
    }
    taskHubName: taskHubName
    partitionCount: partitionCount
    workerMinReplicas: workerMinReplicas
    workerMaxReplicas: workerMaxReplicas
    queueLengthTarget: queueLengthTarget
    serverPort: serverPort
    vaultUri: vault.outputs.uri
    hasSmtpPassword: !empty(smtpPassword)
    hasModelApiKey: !empty(modelApiKey)
    otlpEndpoint: otlpEndpoint
  }
}

@description('Public host name of the server (https://FQDN).')
output serverFqdn string = apps.outputs.serverFqdn

@description('Storage account name.')
output storageAccountName string = storage.outputs.name

@description('Client id of the apps\' user-assigned identity (AZURE_CLIENT_ID).')
output identityClientId string = identity.properties.clientId
