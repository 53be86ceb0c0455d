// Azure OpenAI: the account (Entra ID only) and the chat model deployment.
param name string
param location string
param tags object
param deploymentName string
param modelName string
param modelVersion string
param capacity int

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: { customSubDomainName: name, disableLocalAuth: true, publicNetworkAccess: 'Enabled' }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: { name: 'GlobalStandard', capacity: capacity }
  properties: { model: { format: 'OpenAI', name: modelName, version: modelVersion } }
}

output name string = account.name
output endpoint string = account.properties.endpoint
output deploymentName string = deployment.name
