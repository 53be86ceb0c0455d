import { app } from '@azure/functions';
import { z } from 'zod';
import { readTools, runTool } from '../../shared/tools/catalogue.js';
import { httpHandler, ok, readJson, validate } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

const body = z.object({ args: z.unknown().optional() }).strict();
const toolName = z.enum(readTools.map((t) => t.name) as [string, ...string[]]);

/**
 * POST /api/sessions/{id}/tools/{name} {args}: runs one read-only tool on the session's
 * snapshot (what the model can do, for the UI and for checking answers). 409 unless ready.
 */
export const sessionsTool = httpHandler(async (request) => {
  const name = validate(toolName, request.params.name, 'tool name');
  const { args } = await readJson(request, body);
  const { sheet } = await getServices().sessions.requireReady(caller(request).userId, sessionIdOf(request));
  return ok({ sheetVersion: sheet.version, result: runTool(readTools, name, args ?? {}, { sheet, today: new Date().toISOString().slice(0, 10) }) });
});

app.http('sessions-tool', { route: 'sessions/{id}/tools/{name}', methods: ['POST'], authLevel: 'anonymous', handler: sessionsTool });
