import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/** GET /api/sheets: the sheets the app's Smartsheet token can see, for the picker. */
export const sheetsList = httpHandler(async (request) => {
  caller(request);
  return ok(await getServices().smartsheet.listSheets(), { 'cache-control': 'private, max-age=30' });
});

app.http('sheets-list', { route: 'sheets', methods: ['GET'], authLevel: 'anonymous', handler: sheetsList });
