// ChatSheetAI on Azure: `azd up` provisions this and deploys the app (azure.yaml).
// Every Azure client in the app authenticates with the user-assigned managed identity
// (no keys: Storage allows no shared keys, Service Bus / Web PubSub / OpenAI have local auth off).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names and tags derive from it.')
param environmentName string

@minLength(1)
@description('Region for every resource (Flex Consumption, Azure OpenAI and Static Web Apps must be offered there).')
param location string

@description('Region for the Static Web App (a smaller set of regions offers it).')
param staticWebAppLocation string = 'westeurope'

@description('Azure OpenAI model deployment: any chat model with tool calling (a reasoning model such as gpt-5-mini takes only its default temperature, which the app detects).')
param openAiModelName string = 'gpt-5-mini'
param openAiModelVersion string = '2025-08-07'
param openAiDeploymentName string = 'chat'
@description('Reasoning effort of a reasoning model (gpt-5-mini\'s "low" answers chat turns quickly); empty for a model that is not one (gpt-4.1), which refuses the argument.')
@allowed(['', 'minimal', 'low', 'medium', 'high'])
param openAiReasoningEffort string = 'low'
@description('Tokens-per-minute capacity of the deployment, in thousands.')
param openAiCapacity int = 30

@secure()
@description('Smartsheet API token, stored in Key Vault. Leave empty and set the secret "smartsheet-token" after provisioning.')
param smartsheetAccessToken string = ''

@description('Your organisation, named to Smartsheet in the smartsheet-integration-source header ("AI,<organisation>,ChatSheetAI"); empty to send none.')
param smartsheetIntegrationOrg string = ''

@description('Object id of a person to also grant data access (for running against these resources from a dev machine); empty for none.')
param principalId string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, app: 'chatsheetai' }
var hubName = 'chatsheetai'
var topicName = 'sheet-events'
var subscriptionName = 'live-updates'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  name: 'identity'
  params: { name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}', location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  name: 'monitoring'
  params: {
    workspaceName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    insightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  name: 'storage'
  params: { name: '${abbrs.storageStorageAccounts}${resourceToken}', location: location, tags: tags }
}

module serviceBus 'modules/servicebus.bicep' = {
  scope: rg
  name: 'servicebus'
  params: { name: '${abbrs.serviceBusNamespaces}${resourceToken}', location: location, tags: tags, topicName: topicName, subscriptionName: subscriptionName }
}

module webPubSub 'modules/webpubsub.bicep' = {
  scope: rg
  name: 'webpubsub'
  params: { name: '${abbrs.signalRServiceWebPubSub}${resourceToken}', location: location, tags: tags, hubName: hubName }
}

module openAi 'modules/openai.bicep' = {
  scope: rg
  name: 'openai'
  params: {
    name: '${abbrs.cognitiveServicesAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentName: openAiDeploymentName
    modelName: openAiModelName
    modelVersion: openAiModelVersion
    capacity: openAiCapacity
  }
}

module keyVault 'modules/keyvault.bicep' = {
  scope: rg
  name: 'keyvault'
  params: { name: '${abbrs.keyVaultVaults}${resourceToken}', location: location, tags: tags, smartsheetAccessToken: smartsheetAccessToken }
}

var webhookCallbackUrl = '${staticWebApp.outputs.url}/api/webhooks/smartsheet'

module functionApp 'modules/functionapp.bicep' = {
  scope: rg
  name: 'functionapp'
  params: {
    name: '${abbrs.webSitesFunctions}${resourceToken}'
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    insightsConnectionString: monitoring.outputs.connectionString
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    topicName: topicName
    subscriptionName: subscriptionName
    webPubSubEndpoint: webPubSub.outputs.endpoint
    hubName: hubName
    openAiEndpoint: openAi.outputs.endpoint
    openAiDeployment: openAi.outputs.deploymentName
    openAiReasoningEffort: openAiReasoningEffort
    smartsheetTokenSecretUri: keyVault.outputs.smartsheetTokenSecretUri
    keyVaultUri: keyVault.outputs.uri
    smartsheetIntegrationOrg: smartsheetIntegrationOrg
    // Through the static web app: the linked Function App answers only requests that come through it.
    webhookCallbackUrl: webhookCallbackUrl
  }
}

module staticWebApp 'modules/staticwebapp.bicep' = {
  scope: rg
  name: 'staticwebapp'
  params: {
    name: '${abbrs.webStaticSites}${resourceToken}'
    location: staticWebAppLocation
    tags: union(tags, { 'azd-service-name': 'web' })
  }
}

module staticWebAppBackend 'modules/staticwebapp-backend.bicep' = {
  scope: rg
  name: 'staticwebapp-backend'
  params: {
    staticWebAppName: staticWebApp.outputs.name
    backendResourceId: functionApp.outputs.id
    backendLocation: location
  }
}

// ---- Access: every role the code needs, in one place ---------------------------
module roles 'modules/roles.bicep' = {
  scope: rg
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    webPubSubName: webPubSub.outputs.name
    openAiName: openAi.outputs.name
    keyVaultName: keyVault.outputs.name
    insightsName: monitoring.outputs.insightsName
  }
}

module developerRoles 'modules/roles.bicep' = if (!empty(principalId)) {
  scope: rg
  name: 'developer-roles'
  params: {
    principalId: principalId
    principalType: 'User'
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    webPubSubName: webPubSub.outputs.name
    openAiName: openAi.outputs.name
    keyVaultName: keyVault.outputs.name
    insightsName: monitoring.outputs.insightsName
  }
}

// ---- Outputs: azd stores these; the function app gets them as app settings ------
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CLIENT_ID string = identity.outputs.clientId
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STATIC_WEB_APP_NAME string = staticWebApp.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output KEY_VAULT_URL string = keyVault.outputs.uri
output AZUREWEBJOBSSTORAGE__ACCOUNTNAME string = storage.outputs.name
output SERVICEBUSCONNECTION__FULLYQUALIFIEDNAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SHEET_EVENTS_TOPIC string = topicName
output SHEET_EVENTS_SUBSCRIPTION string = subscriptionName
output WEBPUBSUB_ENDPOINT string = webPubSub.outputs.endpoint
output WEBPUBSUB_HUB string = hubName
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_OPENAI_DEPLOYMENT string = openAi.outputs.deploymentName
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
output WEBHOOK_CALLBACK_URL string = webhookCallbackUrl
output WEB_URL string = staticWebApp.outputs.url
