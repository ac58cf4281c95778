// A dev deployment: az deployment group create -g RG -f infra/azure/main.bicep -p infra/azure/dev.bicepparam
// Secrets come from the environment of the shell that deploys: AGENTFLOW_AUDIT_KEY is required (the audit key, base64 of
// 32 random bytes, the same for every replica; keep it); the others, when empty, are left out of Key Vault.
using 'main.bicep'

param namePrefix = 'agentflow-dev'
param image = 'ghcr.io/agentflow/agentflow:dev'
param taskHubName = 'agentflowdev'
param partitionCount = 2
param workerMinReplicas = 0
param workerMaxReplicas = 2
param queueLengthTarget = 10
param auditKey = readEnvironmentVariable('AGENTFLOW_AUDIT_KEY')
param smtpPassword = readEnvironmentVariable('AGENTFLOW_SMTP_PASSWORD', '')
param modelApiKey = readEnvironmentVariable('OPENAI_API_KEY', '')
