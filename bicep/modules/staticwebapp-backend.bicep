// The Function App as the web app's linked backend: /api/* is proxied to it. Linking also turns on the
// Function App's own authentication so that only the static web app reaches it — which is why Smartsheet's
// webhook calls come in through the static web app's URL (an anonymous route in staticwebapp.config.json).
// Its own module, after both: the Function App needs the web app's URL for that callback.
param staticWebAppName string
param backendResourceId string
param backendLocation string

resource site 'Microsoft.Web/staticSites@2024-04-01' existing = {
  name: staticWebAppName
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: site
  name: 'api'
  properties: { backendResourceId: backendResourceId, region: backendLocation }
}
