// The web app, with the Function App as its linked backend: /api/* is proxied to it and
// Static Web Apps auth supplies x-ms-client-principal (staticwebapp.config.json requires sign-in).
param name string
param location string
param tags object
param backendResourceId string
param backendLocation string

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {}
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: site
  name: 'api'
  properties: { backendResourceId: backendResourceId, region: backendLocation }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostname}'
