// Web PubSub with the app's hub as a child resource; local (key) auth off.
param name string
param location string
param tags object
param hubName string

resource service 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard_S1', capacity: 1 }
  properties: { disableLocalAuth: true, publicNetworkAccess: 'Enabled' }
}

resource hub 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = {
  parent: service
  name: hubName
  properties: { anonymousConnectPolicy: 'deny' }
}

output name string = service.name
output endpoint string = 'https://${service.properties.hostName}'
