// The one identity Plan Tracker runs as: the bot's Microsoft App id (UserAssignedMSI) and the
// principal that reads and writes the tables. Nothing to rotate, no secret to leak.
param name string
param location string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
output tenantId string = identity.properties.tenantId
