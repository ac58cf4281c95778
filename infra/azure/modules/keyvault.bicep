// Key Vault in RBAC mode with the audit key, the SMTP password and the model API key. The app identity may only read secrets
// (Key Vault Secrets User); Container Apps resolves the references with that identity.

@description('Azure region.')
param location string

@description('Key Vault name (3-24 letters, digits and dashes).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Principal id of the user-assigned identity the apps run as.')
param principalId string

@description('Audit key (base64 of 32 bytes) every replica signs the audit chain and approval links with.')
@secure()
param auditKey string

@description('SMTP password; empty leaves the secret and its app variable out.')
@secure()
param smtpPassword string = ''

@description('Model API key; empty leaves the secret and its app variable out.')
@secure()
param modelApiKey string = ''

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource audit 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'audit-key'
  properties: {
    value: auditKey
  }
}

resource smtp 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: 'smtp-password'
  properties: {
    value: smtpPassword
  }
}

resource model 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(modelApiKey)) {
  parent: vault
  name: 'model-api-key'
  properties: {
    value: modelApiKey
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, secretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

@description('Vault URI, e.g. https://NAME.vault.azure.net/.')
output uri string = vault.properties.vaultUri
