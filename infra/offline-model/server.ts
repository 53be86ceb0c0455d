import { withSelection } from './selection.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answer } from './answers.js';
import { JOB_MARKER } from '../../shared/jobs/job-types.js';
import { placedBeside, plan, reading } from './commands.js';
import { todayOf, withDays } from './day-words.js';
import { conversationBase } from './follow-ups.js';
import { help } from './help.js';
import { schemaColumns } from './schema.js';
import { answerJobBatch } from './jobs.js';
import { checkRequest } from './request-checks.js';

/**
 * The offline model: an OpenAI-compatible chat-completions endpoint on Azure's
 * path shape (`/openai/deployments/{deployment}/chat/completions?api-version=…`),
 * so the real AzureOpenAI client talks to it unchanged. Deterministic; scriptable
 * for tests through `/admin` (fixed replies and faults: 429, 500, delays, malformed
 * tool arguments).
 */
interface Message {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface ModelFault {
  status?: number;
  /** The error code in the body, as Azure sends it (e.g. `content_filter` with status 400). */
  code?: string;
  retryAfterMs?: number;
  delayMs?: number;
  malformedArguments?: boolean;
  /** How many requests it applies to (default 1). */
  count?: number;
}

export interface ScriptedReply {
  content?: string;
  toolCalls?: { name: string; arguments: string }[];
  /** As Azure OpenAI reports it, e.g. `content_filter` (its filter withheld the answer) or `length` (cut off). */
  finishReason?: string;
}

export interface OfflineModel {
  url: string;
  requests: number;
  stop(): Promise<void>;
}

let callCounter = 0;

function completion(deployment: string, content: string | null, toolCalls: { name: string; arguments: string }[], finishReason?: string) {
  return {
    id: `chatcmpl-offline-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: deployment,
    choices: [
      {
        index: 0,
        finish_reason: finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop'),
        message: { role: 'assistant', content, ...(toolCalls.length ? { tool_calls: toolCalls.map((c) => ({ id: `call_${++callCounter}`, type: 'function', function: c })) } : {}) },
      },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

/** Decides the next message from the conversation so far. */
export function respond(said: Message[]): ScriptedReply {
  const messages = withSelection(said);
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  if (system.startsWith(JOB_MARKER)) return { content: answerJobBatch(messages.find((m) => m.role === 'user')?.content ?? '{}') };
  const lastUserIndex = messages.map((m) => m.role).lastIndexOf('user');
  const user = messages[lastUserIndex];
  // The schema in the system prompt names the columns: which are dates, owners, statuses, options.
  const columns = schemaColumns(system);
  // The question a follow-up refines: the conversation's latest one as it was read, follow-ups of it included.
  const earlier = messages.slice(0, lastUserIndex).filter((m) => m.role === 'user').map((m) => m.content ?? '');
  const previous = conversationBase(earlier, (text, before) => plan(text, before, columns));
  const after = messages.slice(lastUserIndex + 1);
  const placed = placedBeside(user?.content ?? '', columns);
  if (placed && after.length) {
    // "add … under / after / before X", "move … under X": the lookup came back; propose beside the row it found (then answer from the proposal).
    const tool = placed.move ? 'move_rows' : 'add_rows';
    const calls = after.flatMap((m) => m.tool_calls ?? []);
    if (!calls.some((c) => c.function.name === tool)) {
      let rowId: number | undefined;
      try {
        const found = JSON.parse(after.find((m) => m.role === 'tool')?.content ?? '{}') as { ok?: boolean; data?: { rowIds?: number[] } };
        rowId = found.ok ? found.data?.rowIds?.[0] : undefined;
      } catch {
        rowId = undefined; // an unreadable result: nothing found
      }
      if (rowId === undefined) {
        const missing = placed.rowNumber ? `The sheet has no row ${placed.rowNumber}` : `No row has ${placed.primary} "${placed.name}"`;
        return { content: `${missing}, so there is nothing to ${placed.copy ? 'copy' : `${placed.move ? 'move' : 'add'} rows ${placed.how}`}.\n\n_— offline model_` };
      }
      const args = placed.move ? { ...placed.move, [placed.how]: rowId } : placed.copy ? { copyOf: rowId } : { rows: placed.rows, [placed.how]: rowId };
      return { toolCalls: [{ name: tool, arguments: JSON.stringify(args) }] };
    }
    after.splice(0, after.findIndex((m) => m.tool_calls?.some((c) => c.function.name === tool)));
  }
  const results = after.filter((m) => m.role === 'tool');
  if (results.length) {
    const calls = after.flatMap((m) => m.tool_calls ?? []);
    const parts = results.map((r) => {
      const call = calls.find((c) => c.id === r.tool_call_id);
      let parsed: Parameters<typeof answer>[1];
      try {
        parsed = JSON.parse(r.content ?? '') as Parameters<typeof answer>[1];
      } catch {
        parsed = { ok: false, error: { code: 'BAD_RESULT', message: 'unreadable tool result' } };
      }
      let args: unknown;
      try {
        args = JSON.parse(call?.function.arguments ?? '{}');
      } catch {
        args = {};
      }
      try {
        return answer(call?.function.name ?? '', parsed, args, user?.content ?? '', columns);
      } catch {
        return `I could not read what ${call?.function.name ?? 'the tool'} returned.`; // a result of another shape: said, not a failed turn
      }
    });
    const readAs = reading(user?.content ?? '', previous, columns);
    return { content: `${readAs ? `_${readAs}_\n\n` : ''}${parts.join('\n\n')}\n\n_— offline model_` };
  }
  try {
    const planned = plan(user?.content ?? '', previous, columns);
    if (!planned) return { content: help(columns) };
    const calls = withDays(planned, columns, todayOf(system));
    return { toolCalls: calls.map((c) => ({ name: c.name, arguments: JSON.stringify(c.args) })) };
  } catch (error) {
    return { content: `${(error as Error).message}\n\n${help(columns)}` };
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A deployment named like a reasoning model (o1, o3-mini, o4-mini, gpt-5, gpt-5-mini, …) takes only the default
 * temperature, as Azure's do: any other is refused with the service's 400, so clients can be tested against one.
 */
function reasoningChecks(deployment: string, body: { temperature?: unknown }): { message: string; param: string; code: string } | undefined {
  if (!/^(o\d|gpt-5)/i.test(deployment) || body.temperature === undefined || body.temperature === 1) return undefined;
  return { message: `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`, param: 'temperature', code: 'unsupported_value' };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export async function startOfflineModel(options: { port?: number; apiKey?: string } = {}): Promise<OfflineModel> {
  const faults: ModelFault[] = [];
  const script: ScriptedReply[] = [];
  // The latest chat request but its tools, for tests that check what was sent (GET /admin/last-request).
  const state: { requests: number; last?: Record<string, unknown> } = { requests: 0 };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const text = await readBody(request);
      if (url.pathname.startsWith('/admin/')) {
        if (url.pathname === '/admin/last-request') return send(response, 200, state.last ?? { messages: [] });
        const body = text ? JSON.parse(text) : {};
        if (url.pathname === '/admin/faults' && request.method === 'POST') faults.push(...(Array.isArray(body) ? body : [body]));
        else if (url.pathname === '/admin/faults' && request.method === 'DELETE') faults.length = 0;
        else if (url.pathname === '/admin/script' && request.method === 'POST') script.push(...(Array.isArray(body) ? body : [body]));
        const seen = { requests: state.requests, faults: [...faults], script: [...script] };
        if (url.pathname === '/admin/reset') {
          faults.length = 0;
          script.length = 0;
          state.requests = 0;
          delete state.last;
        }
        return send(response, 200, seen);
      }
      const route = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
      if (!route || request.method !== 'POST') return send(response, 404, { error: { code: 'NotFound', message: `No route ${request.method} ${url.pathname}` } });
      if (!url.searchParams.get('api-version')) return send(response, 400, { error: { code: 'BadRequest', message: 'api-version is required' } });
      if (options.apiKey && request.headers['api-key'] !== options.apiKey) return send(response, 401, { error: { code: '401', message: 'Access denied due to invalid subscription key.' } });
      state.requests++;
      const fault = faults[0];
      if (fault) {
        fault.count = (fault.count ?? 1) - 1;
        if (fault.count <= 0) faults.shift();
        if (fault.delayMs) {
          // A caller that gave up meanwhile (a stopped turn) gets nothing — nor takes a reply scripted for a later one.
          let gone = false;
          response.once('close', () => (gone = !response.writableFinished));
          await new Promise((r) => setTimeout(r, fault.delayMs));
          if (gone) return;
        }
        if (fault.status) {
          const headers: Record<string, string> = fault.retryAfterMs ? { 'retry-after-ms': String(fault.retryAfterMs) } : {};
          return send(response, fault.status, { error: { code: fault.code ?? String(fault.status), message: `Offline model: injected ${fault.status}${fault.code ? ` (${fault.code})` : ''}.` } }, headers);
        }
      }
      let body: { messages?: Message[]; tools?: unknown; temperature?: unknown };
      try {
        body = JSON.parse(text) as { messages?: Message[]; tools?: unknown; temperature?: unknown };
      } catch {
        return send(response, 400, { error: { code: 'BadRequest', message: 'The body is not JSON.' } });
      }
      const { tools: _tools, ...sent } = body;
      state.last = sent;
      const problem = checkRequest(body) ?? reasoningChecks(route[1]!, body);
      if (problem) return send(response, 400, { error: { ...problem, type: 'invalid_request_error' } });
      const reply = script.shift() ?? respond(body.messages ?? []);
      const toolCalls = (reply.toolCalls ?? []).map((c) => (fault?.malformedArguments ? { ...c, arguments: `${c.arguments.slice(0, -1)},,}` } : c));
      send(response, 200, completion(route[1]!, reply.content ?? null, toolCalls, reply.finishReason));
    })().catch((error: unknown) => send(response, 500, { error: { code: 'InternalError', message: (error as Error).message } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8083, '127.0.0.1', resolve);
  });
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
