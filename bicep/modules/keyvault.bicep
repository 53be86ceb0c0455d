// Key Vault (RBAC): the Smartsheet token (read by the function app as a Key Vault reference) and the webhook
// shared secrets the app stores when it creates webhooks (`webhook-<id>`).
param name string
param location string
param tags object
@secure()
param smartsheetAccessToken string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource smartsheetToken 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smartsheetAccessToken)) {
  parent: vault
  name: 'smartsheet-token'
  properties: { value: smartsheetAccessToken }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
output smartsheetTokenSecretUri string = '${vault.properties.vaultUri}secrets/smartsheet-token'
