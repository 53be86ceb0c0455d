import { app } from '@azure/functions';
import { appVersion } from './app-info.js';
import { httpHandler, ok } from './http.js';
import { getServices } from './services.js';

/** GET /api/info: what the header shows — version, the model in use, and whether this is a local run. */
export const info = httpHandler(async () => {
  const { settings, model } = getServices();
  return ok({ version: appVersion, model: model.label, environment: settings.APP_ENV }, { 'cache-control': 'no-store' });
});

app.http('info', { route: 'info', methods: ['GET'], authLevel: 'anonymous', handler: info });
