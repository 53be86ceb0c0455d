// The Functions app on Flex Consumption (Node 22). Every app setting the code reads in
// Azure is set here; identity-based connections use the user-assigned identity.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param storageBlobEndpoint string
param insightsConnectionString string
param serviceBusNamespace string
param topicName string
param subscriptionName string
param webPubSubEndpoint string
param hubName string
param openAiEndpoint string
param openAiDeployment string
@description('AZURE_OPENAI_REASONING_EFFORT; empty to send none (a model that does not reason).')
param openAiReasoningEffort string = ''
param smartsheetTokenSecretUri string
param keyVaultUri string
@description('Organisation named in the smartsheet-integration-source header; empty to send none.')
param smartsheetIntegrationOrg string = ''
@description('Where Smartsheet calls the webhook: the static web app\'s /api/webhooks/smartsheet (this app, linked to it, answers only requests that come through it).')
param webhookCallbackUrl string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identityId}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}deployments'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      // Node 22: Node 20 reached its end of life in April 2026, and Functions' support for it with it. The code needs 20.19+.
      runtime: { name: 'node', version: '22' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: concat([
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'APP_ENV', value: 'azure' }
        { name: 'SMARTSHEET_ACCESS_TOKEN', value: '@Microsoft.KeyVault(SecretUri=${smartsheetTokenSecretUri})' }
        { name: 'KEY_VAULT_URL', value: keyVaultUri }
        { name: 'AZURE_OPENAI_ENDPOINT', value: openAiEndpoint }
        { name: 'AZURE_OPENAI_DEPLOYMENT', value: openAiDeployment }
        { name: 'ServiceBusConnection__fullyQualifiedNamespace', value: serviceBusNamespace }
        { name: 'ServiceBusConnection__credential', value: 'managedidentity' }
        { name: 'ServiceBusConnection__clientId', value: identityClientId }
        { name: 'SHEET_EVENTS_TOPIC', value: topicName }
        { name: 'SHEET_EVENTS_SUBSCRIPTION', value: subscriptionName }
        { name: 'WEBPUBSUB_ENDPOINT', value: webPubSubEndpoint }
        { name: 'WEBPUBSUB_HUB', value: hubName }
        { name: 'WEBHOOK_CALLBACK_URL', value: webhookCallbackUrl }
      ], empty(smartsheetIntegrationOrg) ? [] : [{ name: 'SMARTSHEET_INTEGRATION_ORG', value: smartsheetIntegrationOrg }], empty(openAiReasoningEffort) ? [] : [{ name: 'AZURE_OPENAI_REASONING_EFFORT', value: openAiReasoningEffort }])
    }
  }
}

output id string = site.id
output name string = site.name
