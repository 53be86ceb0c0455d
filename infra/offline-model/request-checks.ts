/**
 * The checks Azure OpenAI makes on a chat-completions request before any model runs, so the offline
 * model refuses what the real service refuses (400, `invalid_request_error`) instead of letting a
 * request through that would fail every turn in Azure:
 * - each tool is a function with a name of at most 64 letters, digits, `_` or `-`, whose parameters
 *   are one JSON Schema object — `type: "object"` at the top, no anyOf / oneOf / allOf / enum / not there;
 * - a strict JSON-schema response format (structured outputs) is an object at the top, and every object
 *   in it lists every property as required and allows no others;
 * - the messages are a non-empty list; every tool message answers a call of the assistant message just
 *   before it, and every such call is answered before the conversation goes on.
 */
export interface RequestProblem {
  message: string;
  param: string;
  code: string;
}

interface ToolLike {
  type?: unknown;
  function?: { name?: unknown; parameters?: unknown };
}

interface MessageLike {
  role?: unknown;
  tool_call_id?: unknown;
  tool_calls?: { id?: unknown }[];
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const NOT_AT_TOP = ['anyOf', 'oneOf', 'allOf', 'enum', 'not'];

interface ResponseFormatLike {
  type?: unknown;
  json_schema?: { name?: unknown; schema?: unknown; strict?: unknown };
}

export function checkRequest(body: { messages?: unknown; tools?: unknown; response_format?: unknown }): RequestProblem | undefined {
  return checkTools(body.tools) ?? checkResponseFormat(body.response_format as ResponseFormatLike | undefined) ?? checkMessages(body.messages);
}

function checkResponseFormat(format: ResponseFormatLike | undefined): RequestProblem | undefined {
  if (format?.type !== 'json_schema' || format.json_schema?.strict !== true) return undefined;
  const name = String(format.json_schema.name);
  const invalid = (message: string): RequestProblem => ({ message: `Invalid schema for response_format '${name}': ${message}`, param: 'response_format', code: 'invalid_value' });
  const schema = format.json_schema.schema as Record<string, unknown> | undefined;
  if (!schema || schema.type !== 'object' || 'anyOf' in schema) return invalid("the top level must be an object (type: 'object'), not anyOf.");
  return strictObjects(schema, []).map((problem) => invalid(problem))[0];
}

/** Where a schema breaks the strict rules: an object whose properties are not all required, or that allows others. */
function strictObjects(node: unknown, context: string[]): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => strictObjects(item, [...context, String(i)]));
  if (!node || typeof node !== 'object') return [];
  const schema = node as Record<string, unknown>;
  const problems: string[] = [];
  const where = `In context=(${context.map((c) => `'${c}'`).join(', ')})`;
  if (schema.properties && typeof schema.properties === 'object') {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    const missing = Object.keys(schema.properties).filter((key) => !required.includes(key));
    if (missing.length) problems.push(`${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing.join("', '")}'.`);
    if (schema.additionalProperties !== false) problems.push(`${where}, 'additionalProperties' is required to be supplied and to be false.`);
  }
  for (const [key, value] of Object.entries(schema)) if (typeof value === 'object') problems.push(...strictObjects(value, [...context, key]));
  return problems;
}

function checkTools(tools: unknown): RequestProblem | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return { message: "'tools' must be an array.", param: 'tools', code: 'invalid_type' };
  for (const [i, tool] of (tools as ToolLike[]).entries()) {
    const param = `tools[${i}]`;
    if (tool?.type !== 'function' || !tool.function) return { message: `${param}: only tools of type 'function' are supported.`, param: `${param}.type`, code: 'invalid_value' };
    const name = tool.function.name;
    if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) return { message: `Invalid '${param}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.`, param: `${param}.function.name`, code: 'invalid_value' };
    const parameters = tool.function.parameters as Record<string, unknown> | undefined;
    if (parameters === undefined) continue;
    if (!parameters || typeof parameters !== 'object' || parameters.type !== 'object') {
      const got = parameters && typeof parameters === 'object' && 'type' in parameters ? JSON.stringify(parameters.type) : 'None';
      return { message: `Invalid schema for function '${name}': schema must be a JSON Schema of 'type: "object"', got 'type: ${got}'.`, param: `${param}.function.parameters`, code: 'invalid_function_parameters' };
    }
    const banned = NOT_AT_TOP.filter((key) => key in parameters);
    if (banned.length) return { message: `Invalid schema for function '${name}': schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level (found ${banned.join(', ')}).`, param: `${param}.function.parameters`, code: 'invalid_function_parameters' };
  }
  return undefined;
}

function checkMessages(messages: unknown): RequestProblem | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return { message: "'messages' must be a non-empty array.", param: 'messages', code: 'invalid_value' };
  let open = new Set<string>();
  for (const [i, message] of (messages as MessageLike[]).entries()) {
    if (message?.role === 'tool') {
      const id = String(message.tool_call_id ?? '');
      if (!open.delete(id)) return { message: `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`, param: `messages.[${i}].role`, code: 'invalid_value' };
      continue;
    }
    if (open.size) return unanswered(open);
    open = new Set((message?.role === 'assistant' ? (message.tool_calls ?? []) : []).map((call) => String(call.id)));
  }
  return open.size ? unanswered(open) : undefined;
}

function unanswered(ids: Set<string>): RequestProblem {
  return { message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...ids].join(', ')}`, param: 'messages', code: 'invalid_value' };
}
