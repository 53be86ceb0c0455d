import { app } from '@azure/functions';
import { ok, httpHandler } from '../platform/http.js';
import { caller, changeSetIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { changeSetView } from './changeset.model.js';

/** POST /api/change-sets/{id}/revert: writes the old values back if the touched cells still hold the new ones; 409 with the conflicts otherwise. */
export const changeSetsRevert = httpHandler(async (request) => ok(changeSetView(await getServices().changeSets.revert(caller(request).userId, changeSetIdOf(request)))));

app.http('changesets-revert', { route: 'change-sets/{id}/revert', methods: ['POST'], authLevel: 'anonymous', handler: changeSetsRevert });
