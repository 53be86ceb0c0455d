import { app } from '@azure/functions';
import { appVersion } from '../platform/app-info.js';
import { httpHandler } from '../platform/http.js';
import { getServices } from '../platform/services.js';
import { checkHealth } from './health.service.js';

/** GET /api/health: a real round trip to each dependency; 503 when any is down. */
export const health = httpHandler(async () => {
  const { healthProbes, settings } = getServices();
  const report = await checkHealth(healthProbes, appVersion, settings.HEALTH_TIMEOUT_MS);
  return { status: report.status === 'ok' ? 200 : 503, jsonBody: report, headers: { 'cache-control': 'no-store' } };
});

app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: health });
