// Plan Tracker in one resource group: a user-assigned managed identity (the bot's identity and the
// tables' reader and writer), Azure Tables with shared keys disabled, Application Insights, a Linux
// App Service on Node 24 and the Azure Bot with its Teams channel. No secret anywhere.
// Deploy: az deployment group create -g <group> -f infra/main.bicep -p baseName=<name> planAdminIds=<ids>
// (docs/deploy.md). Not compiled here: no Bicep compiler can be installed on the machines this
// project is built on; the tests check these files against the app's settings instead.
targetScope = 'resourceGroup'

@description('Prefix of every resource name: 3-16 lowercase letters and digits, e.g. plantrackersomerset.')
@minLength(3)
@maxLength(16)
param baseName string

@description('Where the resources go (the bot registration itself is global).')
param location string = resourceGroup().location

@description('App Service plan size. B1 is enough for one council; Always On needs Basic or above.')
param appServiceSku string = 'B1'

@description('Storage redundancy: Standard_LRS, or Standard_ZRS / Standard_GRS if your policy asks for it.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS'])
param storageSku string = 'Standard_LRS'

@description('Prefix of the table names (letters and digits): lets two environments share one storage account.')
param tablePrefix string = 'plantracker'

@description('Comma-separated Microsoft Entra object ids of the plan admins (link people, choose digest channels).')
param planAdminIds string

@description('Comma-separated tenant ids whose activities the bot accepts. Default: this deployment\'s tenant only.')
param allowedTenantIds string = tenant().tenantId

@description('Working hours for update prompts, in the plan\'s time zone.')
param promptHours string = '09:00-17:00'

@description('Which SDK the bot runs on (BOT_SDK): botbuilder (the default; Microsoft ended its support on 2025-12-31) or agents (the Microsoft 365 Agents SDK, supported: choose it for Cyber Essentials).')
@allowed(['botbuilder', 'agents'])
param botSdk string = 'botbuilder'

@description('The bot\'s name in the Azure portal and the Bot Framework.')
param botDisplayName string = 'Plan Tracker'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${baseName}-id'
    location: location
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('${baseName}st${uniqueString(resourceGroup().id)}', 24)
    location: location
    sku: storageSku
    tableContributorPrincipalId: identity.outputs.principalId
  }
}

// The daily backups: a blob container with a 35-day lifecycle rule (README, *Backups and restore*).
module backups 'modules/backups.bicep' = {
  name: 'backups'
  params: {
    storageAccountName: storage.outputs.name
    writerPrincipalId: identity.outputs.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: '${baseName}-insights'
    location: location
  }
}

// Every setting the app is given. Each key is one the app reads (see .env.example); a test checks this.
var appSettings = {
  NODE_ENV: 'production'
  MicrosoftAppType: 'UserAssignedMSI'
  MicrosoftAppId: identity.outputs.clientId
  MicrosoftAppTenantId: identity.outputs.tenantId
  AZURE_TABLES_ENDPOINT: storage.outputs.tableEndpoint
  AZURE_CLIENT_ID: identity.outputs.clientId
  BACKUP_CONTAINER_URL: backups.outputs.containerUrl
  TABLE_PREFIX: tablePrefix
  ALLOWED_TENANT_IDS: allowedTenantIds
  PLAN_ADMIN_IDS: planAdminIds
  PROMPT_HOURS: promptHours
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  BOT_SDK: botSdk
}

module app 'modules/appService.bicep' = {
  name: 'app'
  params: {
    name: baseName
    location: location
    sku: appServiceSku
    identityId: identity.outputs.id
    appSettings: appSettings
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: '${baseName}-bot'
    displayName: botDisplayName
    identityClientId: identity.outputs.clientId
    identityTenantId: identity.outputs.tenantId
    identityId: identity.outputs.id
    messagingEndpoint: 'https://${app.outputs.hostName}/api/messages'
  }
}

@description('The app\'s address: /healthz and /readyz answer there.')
output APP_URL string = 'https://${app.outputs.hostName}'

@description('The App Service resource id (az webapp deploy --ids, or the Agents Toolkit\'s AZURE_APP_SERVICE_RESOURCE_ID).')
output AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.id

@description('The bot\'s id: the managed identity\'s client id. The Teams app package needs it (BOT_ID / MicrosoftAppId).')
output BOT_ID string = identity.outputs.clientId

@description('The tenant of the bot\'s identity.')
output BOT_TENANT_ID string = identity.outputs.tenantId

@description('Azure Tables endpoint, for `plan-tracker import` run with your own Entra sign-in (AZURE_TABLES_ENDPOINT).')
output AZURE_TABLES_ENDPOINT string = storage.outputs.tableEndpoint

@description('The storage account\'s name (grant yourself Storage Table Data Contributor on it to import a plan).')
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
