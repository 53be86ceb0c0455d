import { z } from 'zod';
import { computedBriefSchema, filterSchema, setComputedSchema, SETS_SOMETHING } from '../query/query-types.js';

/**
 * Bulk jobs: what a client (or the model, through the start_job tool) asks for,
 * and what it gets back. Every job is planned, piloted and previewed, and runs
 * only after the person approves it.
 */
/** The first line of a job batch's system prompt (the offline model recognises it). */
export const JOB_MARKER = 'ChatSheetAI bulk job v1';

export const FILL_TEMPLATES = ['summarise', 'categorise', 'sentiment', 'key_terms', 'entities', 'score', 'prompt'] as const;
export type FillTemplate = (typeof FILL_TEMPLATES)[number];

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const columns = z.array(z.string().min(1)).min(1).max(10);

export const fillJobSchema = z
  .object({
    kind: z.literal('fill'),
    template: z.enum(FILL_TEMPLATES).describe('summarise, categorise (into labels), sentiment, key_terms, entities, score (against a rubric), or a free-form prompt'),
    sourceColumns: columns.describe('Column titles the model reads for each row'),
    targetColumn: z.string().min(1).describe('Column title to write into; a title the sheet lacks is added on approval (text, or a dropdown of the labels for categorise)'),
    draft: z.boolean().default(false).describe('Write into a new column "<target> (draft)" instead of the target itself'),
    labels: z.array(z.string().min(1)).min(2).max(50).optional().describe('categorise: the labels to choose from'),
    rubric: z.string().max(2000).optional().describe('score: what a high score means'),
    prompt: z.string().max(2000).optional().describe('prompt: the instruction for each row'),
    words: z.number().int().min(1).max(200).optional().describe('summarise: at most this many words'),
    filter: filterSchema.optional().describe('Only rows matching this filter'),
    computed: computedBriefSchema.optional(),
    onlyEmpty: z.boolean().default(false).describe('Skip rows whose target cell already has a value'),
  })
  .strict()
  .refine((j) => j.template !== 'categorise' || j.labels, 'categorise needs "labels"')
  .refine((j) => j.template !== 'prompt' || j.prompt, 'a free-form job needs "prompt"');

export const updateJobSchema = z
  .object({
    kind: z.literal('update'),
    filter: filterSchema.optional().describe('Which rows; all when absent'),
    computed: computedBriefSchema.optional(),
    set: z.record(z.string(), cellValue).default({}).describe('Column title → value'),
    setComputed: setComputedSchema,
  })
  .strict()
  .refine(...SETS_SOMETHING)
  .describe('set or setComputed');

export const deleteJobSchema = z
  .object({ kind: z.literal('delete'), filter: filterSchema.describe('Which rows to delete'), computed: computedBriefSchema.optional() })
  .strict();

export const importJobSchema = z
  .object({ kind: z.literal('import'), csv: z.string().min(1).max(10_000_000).describe('CSV text; the header row names the columns (matched by title)') })
  .strict();

export const jobSpecSchema = z.discriminatedUnion('kind', [fillJobSchema, updateJobSchema, deleteJobSchema, importJobSchema]);
export type JobSpec = z.infer<typeof jobSpecSchema>;
/** What a job does; `undo` puts back what an earlier update, fill or import job wrote (`POST /api/jobs/{id}/undo`). */
export type JobKind = JobSpec['kind'] | 'undo';
/** The jobs an undo can follow: their written rows record what they wrote over (a delete's rows are gone). */
export const UNDOABLE_KINDS = ['update', 'fill', 'import'] as const;
export type UndoableKind = (typeof UNDOABLE_KINDS)[number];
/** The chat's undo_job call: a job of the conversation's session, or its latest that can be undone. */
export const undoJobArgsSchema = z
  .object({ jobId: z.string().min(1).max(200).optional().describe('The job to undo; the latest undoable one in this session when absent') })
  .strict();

export const JOB_STATUSES = ['planning', 'awaiting_approval', 'running', 'completed', 'cancelled', 'rejected', 'expired', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const isFinished = (status: JobStatus) => ['completed', 'cancelled', 'rejected', 'expired', 'failed'].includes(status);

export interface JobEstimate {
  rows: number;
  modelCalls: number;
  promptTokens: number;
  smartsheetRequests: number;
  /** Within the Smartsheet rate limit and the measured pilot model latency. */
  seconds: number;
}

export interface JobPreview {
  /** Pilot results (fill) or a sample of what will change (update, delete, import). */
  sample: { rowId?: number; rowNumber?: number; before?: unknown; after?: unknown; values?: Record<string, unknown> }[];
  /** Import: rows of the file that cannot be added, with the reason. */
  invalid?: { line: number; reason: string }[];
  estimate: JobEstimate;
  summary: string;
}

export interface JobProgress {
  phase: 'planning' | 'pilot' | 'awaiting_approval' | 'running' | 'finished';
  done: number;
  total: number;
  failed: number;
  /** Rows left as they were because someone changed them in the sheet after the job was planned. */
  conflicts?: number;
  etaSeconds?: number;
}

export interface JobView {
  id: string;
  sessionId: string;
  sheetId: number;
  kind: JobKind;
  summary: string;
  /** What to know before approving (a value a picklist does not offer). */
  notes?: string[];
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  baseVersion: number;
  approvalExpiresAt?: string;
  preview?: JobPreview;
  progress: JobProgress;
  /** `conflicts`: rows not written because they changed in the sheet after the job was planned; `conflictRows` their row numbers (the first 20). */
  /** An undo job: the job whose writes it puts back. */
  undoes?: { jobId: string; kind: UndoableKind };
  /** The undo job started for this one (the latest). */
  undoneBy?: string;
  /** Stopped while running (cancelled, or Smartsheet refused its writes) with rows left: `POST /api/jobs/{id}/resume` goes on. */
  resumable?: true;
  result?: { written: number; failed: number; skipped: number; conflicts?: number; conflictRows?: number[]; modelCalls: number; smartsheetRequests: number; version?: number; cancelled?: boolean };
  error?: string;
}
