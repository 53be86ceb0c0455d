import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcTypedData } from '../devhost/core-types.js';
import { DurableError, type DurableEngine } from './engine.js';
import { EventType, eventTypeName, fromJsonText, isTerminal, type HistoryEvent, type RuntimeStatus } from './history.js';
import type { InstanceRecord } from './store.js';

/**
 * The Durable Functions HTTP API, served by the dev host at
 * `/runtime/webhooks/durabletask/` (needs the master key, as the system key in Azure)
 * and at `/durabletask/` (the extension's loopback RPC endpoint the client library
 * calls through `rpcBaseUrl`; no key, the host only listens on loopback).
 */
export const WEBHOOK_PATH = '/runtime/webhooks/durabletask/';
export const RPC_PATH = '/durabletask/';

export interface ManagementOptions {
  engine: DurableEngine;
  hubName: string;
  masterKey: string;
  /** Origin the generated URLs use, e.g. http://127.0.0.1:7071. */
  origin: () => string;
}

function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, body === undefined ? headers : { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** No body means no input; so does `""`, which is what the client's axios sends for `input: undefined`. */
function parseBody(text: string): unknown {
  if (text.trim() === '' || text.trim() === '""') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new DurableError(400, 'The request body is not valid JSON.');
  }
}

export function managementUrls(options: ManagementOptions, instanceId: string) {
  const base = `${options.origin()}${WEBHOOK_PATH.slice(0, -1)}`;
  const query = `taskHub=${options.hubName}&connection=Storage&code=${encodeURIComponent(options.masterKey)}`;
  const instance = `${base}/instances/${encodeURIComponent(instanceId)}`;
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  };
}

/** The `durableClient` input binding: what `df.getClient(context)` reads. */
export function durableClientBinding(options: ManagementOptions): RpcTypedData {
  const base = `${options.origin()}${WEBHOOK_PATH.slice(0, -1)}`;
  const code = `code=${encodeURIComponent(options.masterKey)}`;
  const data = {
    taskHubName: options.hubName,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${code}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${code}`,
    },
    managementUrls: managementUrls(options, 'INSTANCEID'),
    baseUrl: base,
    requiredQueryStringParameters: code,
    rpcBaseUrl: `${options.origin()}${RPC_PATH}`,
  };
  return { json: JSON.stringify(data) };
}

function statusBody(record: InstanceRecord, history: HistoryEvent[] | undefined, query: URLSearchParams) {
  const body: Record<string, unknown> = {
    name: record.name,
    instanceId: record.instanceId,
    runtimeStatus: record.runtimeStatus,
    input: query.get('showInput') === 'false' ? null : fromJsonText(record.input),
    customStatus: fromJsonText(record.customStatus),
    output: fromJsonText(record.output),
    createdTime: record.createdTime,
    lastUpdatedTime: record.lastUpdatedTime,
  };
  if (history && query.get('showHistory') === 'true') {
    const withOutput = query.get('showHistoryOutput') === 'true';
    const events = history
      .filter((e) => e.EventType !== EventType.OrchestratorStarted && e.EventType !== EventType.OrchestratorCompleted)
      .map((e) => ({
        EventType: eventTypeName(e.EventType),
        EventId: e.EventId,
        Timestamp: e.Timestamp,
        ...(e.Name !== undefined && { Name: e.Name }),
        ...(e.TaskScheduledId !== undefined && { TaskScheduledId: e.TaskScheduledId }),
        ...(e.TimerId !== undefined && { TimerId: e.TimerId }),
        ...(e.FireAt !== undefined && { FireAt: e.FireAt }),
        ...(e.Reason !== undefined && { Reason: e.Reason }),
        ...(withOutput && e.Result !== undefined && { Result: fromJsonText(e.Result) }),
        ...(withOutput && e.Input !== undefined && { Input: fromJsonText(e.Input) }),
      }));
    body.historyEvents = events;
    body.history = events;
  }
  return body;
}

/** Applies getStatusBy/purgeBy filters: runtimeStatus list, createdTimeFrom/To. */
function matchesFilter(record: InstanceRecord, query: URLSearchParams): boolean {
  const statuses = (query.get('runtimeStatus') ?? '').split(',').filter(Boolean) as RuntimeStatus[];
  if (statuses.length && !statuses.includes(record.runtimeStatus)) return false;
  const from = query.get('createdTimeFrom');
  const to = query.get('createdTimeTo');
  if (from && record.createdTime < new Date(from).toISOString()) return false;
  if (to && record.createdTime > new Date(to).toISOString()) return false;
  const prefix = query.get('instanceIdPrefix');
  return !prefix || record.instanceId.startsWith(prefix);
}

/** Serves the management API; returns false when the path is not ours. */
export async function serveManagement(options: ManagementOptions, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const base = [WEBHOOK_PATH, RPC_PATH].find((p) => url.pathname.startsWith(p));
  if (!base) return false;
  if (base === WEBHOOK_PATH) {
    const given = (request.headers['x-functions-key'] as string | undefined) ?? url.searchParams.get('code');
    if (given !== options.masterKey) {
      send(response, 401, { error: { code: 'UNAUTHORIZED', message: 'The Durable HTTP API needs the master key (?code= or x-functions-key).' } });
      return true;
    }
  }
  const parts = url.pathname.slice(base.length).split('/').filter(Boolean).map(decodeURIComponent);
  const method = request.method ?? 'GET';
  const { engine } = options;
  try {
    if (parts[0] === 'orchestrators' && parts[1] && parts.length <= 3 && method === 'POST') {
      const record = await engine.startNew(parts[1], parts[2], parseBody(await readText(request)));
      const urls = managementUrls(options, record.instanceId);
      send(response, 202, urls, { location: urls.statusQueryGetUri, 'retry-after': '1' });
    } else if (parts[0] === 'instances' && parts.length === 1 && method === 'GET') {
      const records = (await engine.listInstances()).filter((r) => matchesFilter(r, url.searchParams));
      const top = Number(url.searchParams.get('top') ?? 0);
      send(response, 200, (top > 0 ? records.slice(0, top) : records).map((r) => statusBody(r, undefined, url.searchParams)));
    } else if (parts[0] === 'instances' && parts.length === 1 && method === 'DELETE') {
      const records = (await engine.listInstances()).filter((r) => isTerminal(r.runtimeStatus) && matchesFilter(r, url.searchParams));
      for (const record of records) await engine.purge(record.instanceId);
      send(response, records.length ? 200 : 404, { instancesDeleted: records.length });
    } else if (parts[0] === 'instances' && parts.length === 2 && method === 'GET') {
      const found = await engine.getInstance(parts[1]!);
      if (!found) send(response, 404, { error: { code: 'NOT_FOUND', message: `No instance with ID '${parts[1]}' found.` } });
      else {
        const status = found.record.runtimeStatus;
        const code = status === 'Completed' ? 200 : status === 'Failed' || status === 'Terminated' ? 400 : 202;
        send(response, code, statusBody(found.record, found.history, url.searchParams));
      }
    } else if (parts[0] === 'instances' && parts.length === 2 && method === 'DELETE') {
      const deleted = await engine.purge(parts[1]!);
      send(response, deleted ? 200 : 404, { instancesDeleted: deleted ? 1 : 0 });
    } else if (parts[0] === 'instances' && parts[2] === 'raiseEvent' && parts[3] && method === 'POST') {
      await engine.raiseEvent(parts[1]!, parts[3], parseBody(await readText(request)));
      send(response, 202);
    } else if (parts[0] === 'instances' && parts[2] === 'terminate' && method === 'POST') {
      await engine.terminate(parts[1]!, url.searchParams.get('reason') ?? '');
      send(response, 202);
    } else {
      send(response, 404, { error: { code: 'NOT_FOUND', message: `No Durable API at ${method} ${url.pathname}.` } });
    }
  } catch (error) {
    const status = error instanceof DurableError ? error.status : 500;
    send(response, status, { error: { code: status === 500 ? 'INTERNAL' : 'DURABLE_REQUEST_REFUSED', message: (error as Error).message } });
  }
  return true;
}
