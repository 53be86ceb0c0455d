import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { accepted, httpHandler } from '../platform/http.js';
import { caller, changeSetIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { approvalControl } from './approval-control.adapter.js';
import { changeSetView } from './changeset.model.js';

/** POST /api/change-sets/{id}/approve: the owner approves; the orchestration applies it (poll GET for the outcome). 409 unless awaiting approval. */
export const changeSetsApprove = httpHandler(async (request, context) => accepted(changeSetView(await getServices().changeSets.approve(caller(request).userId, changeSetIdOf(request), approvalControl(context)))));

app.http('changesets-approve', { route: 'change-sets/{id}/approve', methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: changeSetsApprove });
