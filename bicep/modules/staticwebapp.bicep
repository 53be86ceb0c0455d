// The web app. Static Web Apps auth supplies x-ms-client-principal (staticwebapp.config.json requires
// sign-in for the API); the Function App is linked to it as its backend in staticwebapp-backend.bicep.
param name string
param location string
param tags object

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {}
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostname}'
