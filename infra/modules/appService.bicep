// The bot's host: one Node 24 process on Linux App Service that answers /api/messages and runs the
// prompt and digest scheduler, so it must always be running (Always On).
param name string
param location string
param sku string
@description('The user-assigned managed identity the app runs as.')
param identityId string
@description('App settings, name to value.')
param appSettings object

var settings = [for setting in items(appSettings): {
  name: setting.key
  value: setting.value
}]

// App Service's own: the uploaded zip is already built (dist/ and production node_modules).
var platformSettings = [
  {
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
]

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: sku
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'node --max-old-space-size=1024 --max-semi-space-size=16 dist/src/index.js'
      alwaysOn: true
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(settings, platformSettings)
    }
  }
}

output id string = site.id
output hostName string = site.properties.defaultHostName
