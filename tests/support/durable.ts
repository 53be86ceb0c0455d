import { expect } from 'vitest';

export interface Status {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: { EventType: string; Name?: string; EventId?: number }[];
}

export interface StartResponse {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  purgeHistoryDeleteUri: string;
}

/** Starts an orchestration through the fixture's HTTP starter (df.getClient → startNew → createCheckStatusResponse). */
export async function start(baseUrl: string, name: string, input?: unknown, instanceId?: string): Promise<StartResponse> {
  const res = await fetch(`${baseUrl}/api/start/${name}${instanceId ? `/${instanceId}` : ''}`, {
    method: 'POST',
    body: input === undefined ? undefined : JSON.stringify(input),
  });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as StartResponse;
}

export async function status(statusUri: string, query = ''): Promise<Status> {
  const res = await fetch(statusUri + query);
  return (await res.json()) as Status;
}

/** Polls the status URL until the instance reaches one of the given states. */
export async function waitForStatus(statusUri: string, states = ['Completed', 'Failed', 'Terminated'], timeoutMs = 20_000, query = ''): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await status(statusUri, query);
    if (states.includes(current.runtimeStatus)) return current;
    if (Date.now() > deadline) throw new Error(`instance still ${current.runtimeStatus} after ${timeoutMs} ms: ${JSON.stringify(current)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
