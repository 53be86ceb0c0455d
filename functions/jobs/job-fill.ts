import type { JobSpec } from '../../shared/jobs/job-types.js';
import type { Column, Row, Sheet } from '../../shared/sheet/model.js';
import { columnByTitle } from '../../shared/sheet/model.js';
import { displayValue, type SheetValue } from '../../shared/sheet/values.js';
import { isEmpty } from '../../shared/query/compare.js';
import { typed, writable } from '../changesets/write-targets.js';
import type { ChatModel } from '../chat/model.port.js';
import { describeError } from '../platform/errors.js';
import { FILL_JSON_SCHEMA, fillMessages, fillResultSchema } from './fill-prompt.js';
import type { Job, JobRow } from './job.model.js';

/** The model side of fill jobs: rows in batches, batches in parallel, replies parsed and typed. */
export interface FillDeps {
  model: ChatModel;
  modelBatchRows: number;
  modelConcurrency: number;
}

/**
 * The column a fill job writes, and whether approving the job adds it: its draft column ("<target> (draft)"), or a
 * target the sheet has no column for yet. An added column takes text, or a categorise job's labels as its options.
 */
export function fillColumn(spec: Extract<JobSpec, { kind: 'fill' }>, sheet: Sheet): { column: Column; added: boolean } {
  if (!spec.draft && columnByTitle(sheet, spec.targetColumn)) return { column: writable(sheet, spec.targetColumn), added: false };
  const title = spec.draft ? `${spec.targetColumn} (draft)` : spec.targetColumn.trim();
  const labels = spec.template === 'categorise' ? spec.labels : undefined;
  return { column: { id: 0, index: -1, title, type: labels ? 'PICKLIST' : 'TEXT_NUMBER', ...(labels ? { options: labels } : {}), primary: false, hidden: false, readOnly: false }, added: true };
}

/** Model calls for rows without a value: batches in parallel, each a structured reply checked against the column type. */
export async function fillRows(deps: FillDeps, job: Job, sheet: Sheet, rows: { index: number; rowId: number }[], counters: { modelCalls: number }): Promise<JobRow[]> {
  const spec = job.spec;
  if (spec.kind !== 'fill' || rows.length === 0) return [];
  const byId = new Map(sheet.rows.map((r) => [r.id, r]));
  const target = fillColumn(spec, sheet).column;
  const batches: { index: number; rowId: number }[][] = [];
  for (let at = 0; at < rows.length; at += deps.modelBatchRows) batches.push(rows.slice(at, at + deps.modelBatchRows));
  const out: JobRow[] = [];
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      counters.modelCalls++;
      let values: Map<number, { value: unknown; error?: string }>;
      try {
        const reply = await deps.model.complete({
          messages: fillMessages(fillParams(spec), batch.map((b) => ({ rowId: b.rowId, fields: fieldsOf(sheet, byId.get(b.rowId)!, spec.sourceColumns) }))),
          tools: [],
          jsonSchema: FILL_JSON_SCHEMA,
        });
        const parsed = fillResultSchema.parse(JSON.parse(reply.content ?? ''));
        values = new Map(parsed.results.map((r) => [r.rowId, { value: r.value, ...(r.error ? { error: r.error } : {}) }]));
      } catch (error) {
        const reason = `the model failed: ${describeError(error)}`;
        for (const b of batch) out.push({ index: b.index, rowId: b.rowId, state: 'failed', reason });
        continue;
      }
      for (const b of batch) {
        const got = values.get(b.rowId);
        if (!got || got.error) {
          out.push({ index: b.index, rowId: b.rowId, state: 'failed', reason: got?.error ?? 'the model returned no value for this row' });
          continue;
        }
        try {
          out.push({ index: b.index, rowId: b.rowId, state: 'computed', value: typed(target, got.value) });
        } catch (error) {
          out.push({ index: b.index, rowId: b.rowId, state: 'failed', reason: (error as Error).message });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.modelConcurrency, batches.length) }, worker));
  return out.sort((a, b) => a.index - b.index);
}


export function fillParams(spec: Extract<Job['spec'], { kind: 'fill' }>) {
  return { template: spec.template, targetColumn: spec.targetColumn, labels: spec.labels, rubric: spec.rubric, prompt: spec.prompt, words: spec.words };
}

export function fieldsOf(sheet: Sheet, row: Row, titles: string[]): Record<string, unknown> {
  return Object.fromEntries(titles.map((t) => {
    const col = columnByTitle(sheet, t)!;
    return [col.title, displayValue(row.values[col.index] ?? null)];
  }));
}

/**
 * The rows a fill has something to work from — one of its source columns holds a value — and how many it leaves as they
 * are: an empty note has nothing to summarise or categorise, and a model asked anyway makes a value up.
 */
export function rowsToFill(sheet: Sheet, spec: Extract<JobSpec, { kind: 'fill' }>, rows: readonly Row[]): { rows: Row[]; empty: number } {
  const sources = spec.sourceColumns.map((t) => columnByTitle(sheet, t)?.index).filter((i): i is number => i !== undefined);
  // Run once per chunk over every row: a look at the values, no text made of them.
  const has = (v: SheetValue | undefined) => v !== undefined && !isEmpty(v) && (typeof v !== 'string' || v.trim() !== '');
  const fillable = rows.filter((r) => sources.some((i) => has(r.values[i])));
  return { rows: fillable, empty: rows.length - fillable.length };
}
