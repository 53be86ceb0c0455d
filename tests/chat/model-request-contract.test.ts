import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allToolSpecs, START_JOB } from '../../functions/chat/chat-tools.js';
import { AzureOpenAIModel } from '../../functions/chat/azure-openai.adapter.js';
import { ModelError, type ToolSpec } from '../../functions/chat/model.port.js';
import { FILL_JSON_SCHEMA, fillResultSchema } from '../../functions/jobs/fill-prompt.js';
import { checkRequest } from '../../infra/offline-model/request-checks.js';
import { startOfflineModel, type OfflineModel } from '../../infra/offline-model/server.js';
import { answerJobBatch } from '../../infra/offline-model/jobs.js';
import { deleteJobSchema, fillJobSchema, jobSpecSchema, updateJobSchema } from '../../shared/jobs/job-types.js';

/**
 * What Azure OpenAI refuses before any model runs, the offline model refuses too; and what we send passes.
 * A tool schema the service refuses fails every chat turn in Azure, whatever the question (the catalogue
 * goes with each request) — so the catalogue is checked here, and through the real client over HTTP.
 */
const ask = [{ role: 'user', content: 'count by Status' }];
const startJob = allToolSpecs.find((t) => t.function.name === START_JOB)!;

describe('model requests as Azure OpenAI checks them', () => {
  it('every tool in the catalogue is a function with one object schema at the top', () => {
    expect(checkRequest({ messages: ask, tools: allToolSpecs })).toBeUndefined();
    for (const tool of allToolSpecs) {
      expect(tool.function.parameters.type, tool.function.name).toBe('object');
      for (const key of ['anyOf', 'oneOf', 'allOf', 'enum', 'not', '$schema']) expect(tool.function.parameters, `${tool.function.name}.${key}`).not.toHaveProperty(key);
    }
  });

  it('refuses a union at the top of a tool schema, as the service does', () => {
    const union = z.toJSONSchema(z.union([fillJobSchema, updateJobSchema, deleteJobSchema]), { io: 'input' }) as Record<string, unknown>;
    const refused = checkRequest({ messages: ask, tools: [{ type: 'function', function: { name: 'start_job', description: '', parameters: union } }] });
    expect(refused).toMatchObject({ code: 'invalid_function_parameters', param: 'tools[0].function.parameters' });
    expect(refused!.message).toMatch(/^Invalid schema for function 'start_job': schema must be a JSON Schema of 'type: "object"'/);
    const both = checkRequest({ messages: ask, tools: [{ type: 'function', function: { name: 'x', parameters: { type: 'object', anyOf: [] } } }] });
    expect(both?.message).toMatch(/not have 'oneOf'\/'anyOf'\/'allOf'\/'enum'\/'not' at the top level/);
    expect(checkRequest({ messages: ask, tools: [{ type: 'function', function: { name: 'has space', parameters: { type: 'object' } } }] })?.param).toBe('tools[0].function.name');
  });

  it('start_job offers one object whose kind names what each job needs; the zod union still checks each call exactly', () => {
    const params = startJob.function.parameters as { properties: Record<string, { enum?: string[]; description?: string }>; required: string[] };
    expect(params.required).toEqual(['kind']);
    expect(params.properties.kind!.enum).toEqual(['fill', 'update', 'delete']);
    expect(params.properties.kind!.description).toBe('Which kind: fill needs template, sourceColumns, targetColumn; update needs set or setComputed; delete needs filter.');
    expect(params.properties.set!.description).toMatch(/^update only\./);
    expect(params.properties.filter!.description).toMatch(/fill: .*; update: .*; delete: Which rows to delete/);
    const validate = new Ajv2020({ strict: false }).compile(startJob.function.parameters);
    const jobs = [
      { kind: 'fill', template: 'categorise', sourceColumns: ['Notes'], targetColumn: 'Flag', labels: ['Risk', 'OK'], filter: { column: 'Status', op: 'eq', value: 'Open' } },
      { kind: 'update', set: { Status: 'Done' }, filter: { and: [{ column: 'Owner', op: 'eq', value: 'Dana' }] } },
      { kind: 'delete', filter: { column: 'Status', op: 'eq', value: 'Cancelled' } },
    ];
    for (const job of jobs) {
      expect(validate(job), JSON.stringify(validate.errors)).toBe(true);
      expect(jobSpecSchema.safeParse(job).success).toBe(true);
    }
    expect(validate({ kind: 'import', csv: 'a,b' })).toBe(false);
    expect(validate({ kind: 'fill', colour: 'red' })).toBe(false);
    // Fields of one kind on another pass the flat schema; the server's own check refuses them, and the model reads what to fix.
    const issues = (spec: unknown) => jobSpecSchema.safeParse(spec).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ kind: 'delete', filter: jobs[2]!.filter, set: { Status: 'x' } })).toEqual([': Unrecognized key: "set"']);
    expect(issues({ kind: 'fill', template: 'summarise', sourceColumns: ['Notes'] })).toEqual(['targetColumn: Invalid input: expected string, received undefined']);
    expect(issues({ kind: 'update', filter: jobs[1]!.filter })).toEqual([': give "set" or "setComputed" (a column and its value)']);
  });

  it('a strict response format lists every property as required and allows no others — the fill jobs’ one does', () => {
    const format = (schema: Record<string, unknown>) => ({ type: 'json_schema', json_schema: { name: 'row_values', schema, strict: true } });
    expect(checkRequest({ messages: ask, response_format: format(FILL_JSON_SCHEMA.schema) })).toBeUndefined();
    const optional = { type: 'object', additionalProperties: false, required: ['results'], properties: { results: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['rowId'], properties: { rowId: { type: 'number' }, error: { type: 'string' } } } } } };
    expect(checkRequest({ messages: ask, response_format: format(optional) })?.message).toBe(
      "Invalid schema for response_format 'row_values': In context=('properties', 'results', 'items'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'error'.",
    );
    expect(checkRequest({ messages: ask, response_format: format({ type: 'object', properties: {}, required: [] }) })?.message).toMatch(/'additionalProperties' is required to be supplied and to be false/);
    // What the offline model answers a batch with is what the schema asks for, and what the job reads.
    const reply = JSON.parse(answerJobBatch(JSON.stringify({ template: 'sentiment', rows: [{ rowId: 1, fields: { Notes: 'great' } }, { rowId: 2, fields: { Notes: '[[fail]]' } }] })));
    expect(new Ajv2020({ strict: false }).compile(FILL_JSON_SCHEMA.schema)(reply)).toBe(true);
    expect(fillResultSchema.parse(reply).results.map((r) => r.error ?? null)).toEqual([null, 'the offline model was told to fail this row']);
  });

  it('a tool message answers a call just made, and every call is answered before the conversation goes on', () => {
    const call = { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'describe_sheet', arguments: '{}' } }] };
    expect(checkRequest({ messages: [...ask, call, { role: 'tool', tool_call_id: 'call_1', content: '{}' }] })).toBeUndefined();
    expect(checkRequest({ messages: [...ask, { role: 'tool', tool_call_id: 'call_1', content: '{}' }] })?.message).toMatch(/must be a response to a preceeding message with 'tool_calls'/);
    expect(checkRequest({ messages: [...ask, call] })?.message).toMatch(/did not have response messages: call_1/);
    expect(checkRequest({ messages: [...ask, call, ...ask] })?.message).toMatch(/did not have response messages: call_1/);
    expect(checkRequest({ messages: [] })?.param).toBe('messages');
  });
});

describe('the offline model over HTTP, through the real AzureOpenAI client', () => {
  let offline: OfflineModel;
  let model: AzureOpenAIModel;
  beforeAll(async () => {
    offline = await startOfflineModel({ port: 0 });
    model = new AzureOpenAIModel({ endpoint: offline.url, deployment: 'gpt-4o', apiVersion: '2024-10-21', apiKey: 'offline', timeoutMs: 5000, maxAttempts: 3, retryDelayMs: 10 });
  });
  afterAll(() => offline.stop());

  it('a reasoning deployment (gpt-5, o-series) refuses temperature 0 as Azure does: asked once, then left out for good', async () => {
    const ask = [{ role: 'user' as const, content: 'how many rows where Status is Blocked' }];
    const last = async () => (await (await fetch(`${offline.url}/admin/last-request`)).json()) as { temperature?: number };
    await model.complete({ messages: ask, tools: allToolSpecs });
    expect(await last()).toMatchObject({ temperature: 0 }); // the same question, the same calls
    const refused = await fetch(`${offline.url}/openai/deployments/gpt-5-mini/chat/completions?api-version=2024-10-21`, { method: 'POST', body: JSON.stringify({ messages: ask, temperature: 0 }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", param: 'temperature', code: 'unsupported_value', type: 'invalid_request_error' } });
    const reasoning = new AzureOpenAIModel({ endpoint: offline.url, deployment: 'gpt-5-mini', apiVersion: '2024-10-21', apiKey: 'offline', timeoutMs: 5000, maxAttempts: 3, retryDelayMs: 10 });
    const before = offline.requests;
    expect((await reasoning.complete({ messages: ask, tools: allToolSpecs })).toolCalls.map((c) => c.name)).toEqual(['aggregate']);
    expect(offline.requests - before).toBe(2);
    expect(await last()).not.toHaveProperty('temperature');
    expect((await reasoning.complete({ messages: ask, tools: allToolSpecs })).toolCalls.map((c) => c.name)).toEqual(['aggregate']);
    expect(offline.requests - before).toBe(3);
    expect(await last()).not.toHaveProperty('reasoning_effort'); // the model's default unless one is set
    const quick = new AzureOpenAIModel({ endpoint: offline.url, deployment: 'gpt-5-mini', apiVersion: '2025-04-01-preview', apiKey: 'offline', timeoutMs: 5000, maxAttempts: 3, retryDelayMs: 10, reasoningEffort: 'minimal' });
    await quick.complete({ messages: ask, tools: allToolSpecs });
    expect(await last()).toMatchObject({ reasoning_effort: 'minimal' });
  });

  it('an answer no longer awaited (the time of the turn is up) stops the call and its retries at once', async () => {
    const ask = [{ role: 'user' as const, content: 'count by Status' }];
    const faults = (body: unknown) => fetch(`${offline.url}/admin/faults`, { method: body ? 'POST' : 'DELETE', body: body ? JSON.stringify(body) : undefined });
    for (const fault of [{ delayMs: 3000 }, { status: 429, retryAfterMs: 3000, count: 3 }]) {
      await faults(fault);
      const started = performance.now();
      const stopped = model.complete({ messages: ask, tools: allToolSpecs, signal: AbortSignal.timeout(300) });
      await expect(stopped).rejects.toMatchObject({ retryable: true, message: 'The answer was no longer awaited: the time for it ran out.' });
      expect(performance.now() - started, JSON.stringify(fault)).toBeLessThan(1500);
      await faults(undefined);
    }
    expect((await model.complete({ messages: ask, tools: allToolSpecs, signal: AbortSignal.timeout(3000) })).toolCalls.map((c) => c.name)).toEqual(['aggregate']);
  });

  it('answers with the whole catalogue, and refuses a request that lists a union-at-the-top tool (not retried)', async () => {
    const reply = await model.complete({ messages: [{ role: 'user', content: 'how many rows where Status is Blocked' }], tools: allToolSpecs });
    expect(reply.toolCalls.map((c) => c.name)).toEqual(['aggregate']);
    const before = offline.requests;
    const union: ToolSpec = { type: 'function', function: { name: START_JOB, description: 'old shape', parameters: z.toJSONSchema(jobSpecSchema, { io: 'input' }) as Record<string, unknown> } };
    const refused = model.complete({ messages: [{ role: 'user', content: 'count by Status' }], tools: [union] });
    await expect(refused).rejects.toBeInstanceOf(ModelError);
    await expect(refused).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/answered 400: .*Invalid schema for function 'start_job'/) });
    expect(offline.requests - before).toBe(1);
  });
});
