// Log Analytics (container logs) and workspace-based Application Insights (traces, metrics, logs).

@description('Azure region.')
param location string

@description('Name prefix for the resources.')
param namePrefix string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

@description('Log Analytics workspace name.')
output workspaceName string = workspace.name

@description('Application Insights connection string (not a secret: it only allows sending telemetry).')
output connectionString string = insights.properties.ConnectionString
