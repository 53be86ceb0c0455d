import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { ok, httpHandler } from '../platform/http.js';
import { caller, changeSetIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { approvalControl } from './approval-control.adapter.js';
import { changeSetView } from './changeset.model.js';

/** POST /api/change-sets/{id}/reject: the owner rejects; nothing is written. 409 unless awaiting approval. */
export const changeSetsReject = httpHandler(async (request, context) => ok(changeSetView(await getServices().changeSets.reject(caller(request).userId, changeSetIdOf(request), approvalControl(context)))));

app.http('changesets-reject', { route: 'change-sets/{id}/reject', methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: changeSetsReject });
