import { z } from 'zod';

/**
 * A tool's `parameters` as Azure OpenAI takes them: JSON Schema of one object. The service refuses a
 * function whose schema is not `type: "object"` at the top or has anyOf / oneOf / allOf / enum / not
 * there ("Invalid schema for function …") — and one refused tool fails every request that lists it.
 * So a union of object shapes (start_job: fill | update | delete) is offered as one object whose
 * discriminator names the variants and which fields each needs; our zod schema still checks each call
 * exactly, and its errors reach the model in the envelope. Noise the model does not need is left out
 * (`$schema`, zod's ±2^53 integer bounds): the catalogue goes with every request and costs tokens.
 */
type Json = Record<string, unknown>;

export function toolParameters(schema: z.ZodType): Json {
  const json = tidy(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) as Json;
  delete json.$schema;
  return Array.isArray(json.anyOf ?? json.oneOf) ? oneObject(json) : json;
}

function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'maximum' && value === Number.MAX_SAFE_INTEGER) || (key === 'minimum' && value === Number.MIN_SAFE_INTEGER)) continue;
    out[key] = tidy(value);
  }
  return out;
}

/** The variants of a top-level union merged into one object; the property every variant fixes (`const`) tells them apart. */
function oneObject(json: Json): Json {
  const variants = (json.anyOf ?? json.oneOf) as Json[];
  const props = (v: Json) => (v.properties ?? {}) as Record<string, Json>;
  if (!variants.every((v) => v.type === 'object')) throw new Error('A tool schema must be an object or a union of objects.');
  const discriminator = Object.keys(props(variants[0]!)).find((key) => variants.every((v) => props(v)[key]?.const !== undefined));
  if (!discriminator) throw new Error('A union of objects needs a property that names each variant (a literal).');
  const names = variants.map((v) => String(props(v)[discriminator]!.const));
  const properties: Record<string, Json> = {};
  const describedBy = new Map<string, { variant: string; description?: string }[]>();
  for (const [i, variant] of variants.entries()) {
    for (const [key, property] of Object.entries(props(variant))) {
      if (key === discriminator) continue;
      const { description, ...shape } = property;
      properties[key] ??= shape;
      describedBy.set(key, [...(describedBy.get(key) ?? []), { variant: names[i]!, ...(typeof description === 'string' ? { description } : {}) }]);
    }
  }
  for (const [key, uses] of describedBy) {
    const texts = new Set(uses.map((u) => u.description ?? ''));
    const only = uses.length < variants.length ? `${uses.map((u) => u.variant).join(', ')} only. ` : '';
    const described = texts.size === 1 ? [...texts][0]! : uses.map((u) => `${u.variant}: ${u.description ?? '—'}`).join('; ');
    if (only || described) properties[key] = { ...properties[key], description: `${only}${described}`.trim() };
  }
  // What each variant needs: its required fields, else what its own description says (update: "set or setComputed").
  const needs = variants.map((v, i) => `${names[i]} needs ${((v.required ?? []) as string[]).filter((k) => k !== discriminator).join(', ') || (typeof v.description === 'string' ? v.description : 'nothing more')}`).join('; ');
  const { anyOf: _any, oneOf: _one, ...rest } = json;
  return {
    type: 'object',
    properties: { [discriminator]: { type: 'string', enum: names, description: `Which kind: ${needs}.` }, ...properties },
    required: [discriminator],
    additionalProperties: false,
    ...rest,
  };
}
