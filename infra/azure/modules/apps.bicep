// The Container Apps environment and the two apps, both running as the user-assigned identity:
// - worker: `agentflow worker --workflows /workflows`, no ingress, scaled by the length of the task hub's work-item
//   queue (KEDA azure-queue rule, authenticated with the identity: no storage keys).
// - server: `agentflow serve`, external HTTP ingress.

@description('Azure region.')
param location string

@description('Name prefix for the resources.')
param namePrefix string

@description('Container image with the agentflow CLI on PATH.')
param image string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity (AZURE_CLIENT_ID for DefaultAzureCredential).')
param identityClientId string

@description('Log Analytics workspace name (container logs).')
param workspaceName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Storage account name.')
param storageAccountName string

@description('Blob, queue and table service endpoints.')
param storageUris object

@description('Durable Task task hub name.')
param taskHubName string

@description('Control-queue partitions (1-16).')
param partitionCount int

@description('Fewest worker replicas (0 lets the worker scale to zero).')
param workerMinReplicas int

@description('Most worker replicas.')
param workerMaxReplicas int

@description('Work-item messages per worker replica before KEDA adds one.')
param queueLengthTarget int

@description('Port the server listens on inside its container.')
param serverPort int

@description('Key Vault URI.')
param vaultUri string

@description('Whether the SMTP password secret exists in the vault.')
param hasSmtpPassword bool

@description('Whether the model API key secret exists in the vault.')
param hasModelApiKey bool

@description('OTLP endpoint (e.g. an OpenTelemetry collector that forwards to Application Insights); empty: none.')
param otlpEndpoint string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

// Secrets are Key Vault references resolved with the identity; a secret left out of the vault is left out here too.
var secrets = concat(
  [{ name: 'audit-key', keyVaultUrl: '${vaultUri}secrets/audit-key', identity: identityId }],
  hasSmtpPassword ? [{ name: 'smtp-password', keyVaultUrl: '${vaultUri}secrets/smtp-password', identity: identityId }] : [],
  hasModelApiKey ? [{ name: 'model-api-key', keyVaultUrl: '${vaultUri}secrets/model-api-key', identity: identityId }] : []
)

// The account name and service URIs with AZURE_CLIENT_ID make every client use DefaultAzureCredential with the
// user-assigned identity: the task hub, the shared records (ledger, audit, operators, links) and definitions/memory.
// The audit key is mounted as a file from Key Vault, the same on every replica.
// Telemetry: APPLICATIONINSIGHTS_CONNECTION_STRING names the App Insights resource; OTLP export goes to
// OTEL_EXPORTER_OTLP_ENDPOINT when set, e.g. an OpenTelemetry collector (sidecar or app) with the Azure Monitor
// exporter, or the environment's managed OpenTelemetry agent.
var env = concat(
  [
    { name: 'AGENTFLOW__BACKEND', value: 'azure-storage' }
    { name: 'AGENTFLOW__AZURESTORAGE__ACCOUNTNAME', value: storageAccountName }
    { name: 'AGENTFLOW__AZURESTORAGE__BLOBSERVICEURI', value: storageUris.blob }
    { name: 'AGENTFLOW__AZURESTORAGE__QUEUESERVICEURI', value: storageUris.queue }
    { name: 'AGENTFLOW__AZURESTORAGE__TABLESERVICEURI', value: storageUris.table }
    { name: 'AGENTFLOW__AZURESTORAGE__TASKHUBNAME', value: taskHubName }
    { name: 'AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT', value: string(partitionCount) }
    { name: 'AGENTFLOW__AZURESTORAGE__MANAGEDIDENTITYCLIENTID', value: identityClientId }
    { name: 'AZURE_CLIENT_ID', value: identityClientId }
    { name: 'AGENTFLOW__AUDIT__KEYFILE', value: '/mnt/secrets/audit-key' }
    { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
  ],
  empty(otlpEndpoint) ? [] : [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: otlpEndpoint }],
  hasSmtpPassword
    ? [
        { name: 'AGENTFLOW__SMTP__PASSWORDENV', value: 'AGENTFLOW_SMTP_PASSWORD' }
        { name: 'AGENTFLOW_SMTP_PASSWORD', secretRef: 'smtp-password' }
      ]
    : [],
  hasModelApiKey ? [{ name: 'OPENAI_API_KEY', secretRef: 'model-api-key' }] : []
)

var secretVolumes = [
  {
    name: 'secrets'
    storageType: 'Secret'
    secrets: [{ secretRef: 'audit-key', path: 'audit-key' }]
  }
]

var secretMounts = [{ volumeName: 'secrets', mountPath: '/mnt/secrets' }]

var identity = {
  type: 'UserAssigned'
  userAssignedIdentities: {
    '${identityId}': {}
  }
}

// The Durable Task Azure Storage provider names the work-item queue TASKHUB-workitems (lower case).
var workItemQueue = '${toLower(taskHubName)}-workitems'

resource worker 'Microsoft.App/containerApps@2025-01-01' = {
  name: '${namePrefix}-worker'
  location: location
  identity: identity
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: secrets
    }
    template: {
      volumes: secretVolumes
      containers: [
        {
          name: 'worker'
          image: image
          command: ['agentflow']
          args: ['worker', '--workflows', '/workflows']
          env: concat(env, [{ name: 'OTEL_SERVICE_NAME', value: 'agentflow-worker' }])
          volumeMounts: secretMounts
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
      scale: {
        minReplicas: workerMinReplicas
        maxReplicas: workerMaxReplicas
        rules: [
          {
            name: 'work-item-queue'
            custom: {
              type: 'azure-queue'
              metadata: {
                accountName: storageAccountName
                queueName: workItemQueue
                queueLength: string(queueLengthTarget)
              }
              identity: identityId
            }
          }
        ]
      }
    }
  }
}

resource server 'Microsoft.App/containerApps@2025-01-01' = {
  name: '${namePrefix}-server'
  location: location
  identity: identity
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: secrets
      ingress: {
        external: true
        targetPort: serverPort
        transport: 'http'
        allowInsecure: false
      }
    }
    template: {
      volumes: secretVolumes
      containers: [
        {
          name: 'server'
          image: image
          command: ['agentflow']
          args: ['serve', '--urls', 'http://0.0.0.0:${serverPort}', '--workflows', '/workflows']
          env: concat(env, [{ name: 'OTEL_SERVICE_NAME', value: 'agentflow-server' }])
          volumeMounts: secretMounts
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
}

@description('Public host name of the server.')
output serverFqdn string = server.properties.configuration.ingress.fqdn
