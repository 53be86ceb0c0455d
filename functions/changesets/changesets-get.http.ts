import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, changeSetIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { changeSetView } from './changeset.model.js';

/** GET /api/change-sets/{id}: the diff and its status at any time (owner only). */
export const changeSetsGet = httpHandler(async (request) => ok(changeSetView((await getServices().changeSets.get(caller(request).userId, changeSetIdOf(request))).value), { 'cache-control': 'no-store' }));

app.http('changesets-get', { route: 'change-sets/{id}', methods: ['GET'], authLevel: 'anonymous', handler: changeSetsGet });
