import { z } from 'zod';
import type { ChartData } from '../../shared/api/contracts.js';
import { isShare } from '../../shared/query/engine.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { plural } from '../../shared/util/plural.js';
import { readTools, runTool, toolSpecs } from '../../shared/tools/catalogue.js';
import { toolParameters } from '../../shared/tools/tool-parameters.js';
import { fail, ok, type ToolResult } from '../../shared/tools/envelope.js';
import { isWriteTool, writeToolDescriptions, writeToolSchemas } from '../../shared/tools/write-tools.js';
import { withUsualSlips } from '../../shared/tools/slips.js';
import { fillJobSchema, updateJobSchema, deleteJobSchema, undoJobArgsSchema } from '../../shared/jobs/job-types.js';
import { mayChangeColumns, mayComment, maySortRows, mustBeWritable, ProposalError } from '../changesets/write-targets.js';
import type { ChangeSetsService } from '../changesets/changesets.service.js';
import type { JobsService } from '../jobs/jobs.service.js';
import { AppError } from '../platform/errors.js';
import type { TurnControls } from './chat.service.js';
import type { ToolSpec } from './model.port.js';
import type { SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import { GET_COMMENTS, getComments, getCommentsSpec } from './comments-tool.js';
import { GET_CELL_HISTORY, getCellHistory, getCellHistorySpec } from './cell-history-tool.js';

/**
 * The tools of a chat turn: the catalogue the model sees, and one call run — read tools answer from the
 * turn's snapshot; write tools only propose a change set, and start_job only plans a job, for the user to approve.
 */

/** One step of a turn's tool loop, as listed under the answer. */
export interface ToolStep {
  tool: string;
  args: unknown;
  ok: boolean;
  detail: string;
  /** query_rows: how many rows matched (the answer may show fewer; the chat offers them all in the grid). */
  found?: number;
}

/** A call run, as listed under the answer. */
export function stepOf(tool: string, rawArgs: string, result: ToolResult): ToolStep {
  const args = parseArgs(rawArgs);
  if (!result.ok) return { tool, args, ok: false, detail: result.error.message };
  const found = foundBy(tool, args, result.data);
  return { tool, args, ok: true, detail: summarise(result.data), ...(found === undefined ? {} : { found }) };
}

/**
 * How many rows a step found, for the chat to offer them all: the rows a query matched, or the rows an aggregate worked
 * over — not one asking only for a lowest or highest value, whose answer is the rows holding it.
 */
function foundBy(tool: string, args: unknown, data: unknown): number | undefined {
  const { total, totalRows } = data as { total?: unknown; totalRows?: unknown };
  if (tool === 'query_rows') return typeof total === 'number' ? total : undefined;
  const metrics = (args as { metrics?: { fn?: string }[] } | undefined)?.metrics ?? [];
  const extremesOnly = metrics.length > 0 && metrics.every((m) => m.fn === 'min' || m.fn === 'max');
  return tool === 'aggregate' && !extremesOnly && typeof totalRows === 'number' ? totalRows : undefined;
}

/** Every tool the model may call: read tools run now; write tools only propose. */
export const allToolSpecs: ToolSpec[] = [
  ...toolSpecs(readTools),
  ...Object.entries(writeToolSchemas).map(([name, schema]) => ({
    type: 'function' as const,
    function: { name, description: writeToolDescriptions[name as keyof typeof writeToolSchemas], parameters: toolParameters(schema) },
  })),
];

/** The job tool: bulk work planned, piloted and approved in the job card. */
export const START_JOB = 'start_job';
allToolSpecs.push({
  type: 'function',
  function: {
    name: START_JOB,
    description:
      'Start a bulk job over many rows: fill or transform a column with the model per row (summarise, categorise, sentiment, key_terms, entities, score, or a free-form prompt), set values on every matching row, or delete matching rows. It plans and runs a pilot first; nothing is written until the user approves the job.',
    parameters: toolParameters(z.discriminatedUnion('kind', [fillJobSchema, updateJobSchema, deleteJobSchema])),
  },
});

/** Undoing a finished bulk job: an undo job, planned and approved in its own job card. */
export const UNDO_JOB = 'undo_job';
allToolSpecs.push({
  type: 'function',
  function: {
    name: UNDO_JOB,
    description:
      'Undo a finished bulk job (update, fill or import; the latest one when no id is given): plans an undo job that puts back the cells it wrote over, or deletes the rows it imported. Nothing is written until the user approves it; rows changed since are left alone. A delete job has no undo.',
    parameters: toolParameters(undoJobArgsSchema),
  },
});

/** Reading rows' comments and cells' history (not part of the snapshot: read from Smartsheet when asked). */
allToolSpecs.push(getCommentsSpec, getCellHistorySpec);

/** What a tool call may reach besides the snapshot. */
export interface ToolDeps {
  changeSets: ChangeSetsService;
  jobs?: JobsService;
  /** What get_comments and get_cell_history read from Smartsheet when called (rows' comments, cells' history). */
  live?: Pick<SmartsheetPort, 'getDiscussions' | 'getCellHistory'>;
}

/** One call's context: the turn's snapshot and who asks, and where the change sets and jobs it starts are listed. */
export interface CallContext {
  sheet: Sheet;
  /** The app's access to the sheet (the session's): as Viewer, write tools and jobs are refused, saying why. */
  access?: string | undefined;
  sessionId: string;
  userId: string;
  /** The person's sign-in name, for a comment proposed (signed with it). */
  author?: string | undefined;
  today: string;
  controls: TurnControls;
  changeSetIds: string[];
  jobIds: string[];
}

/** A call's arguments as JSON, or the raw text when they are not (the model is told so). */
export function parseArgs(raw: string): unknown {
  try {
    return raw.trim() ? JSON.parse(raw) : {};
  } catch {
    return raw;
  }
}

/** The write tools that add, rename or delete a column: Smartsheet's Admins and owner only. */
const COLUMN_TOOLS: ReadonlySet<string> = new Set(['add_column', 'update_column', 'delete_column']);

/** Runs one tool call; every failure comes back in the envelope, for the model to read. */
export async function runToolCall(deps: ToolDeps, name: string, rawArgs: string, ctx: CallContext): Promise<ToolResult> {
  const parsed = parseArgs(rawArgs);
  if (typeof parsed === 'string') return fail('INVALID_ARGUMENTS', `The arguments for ${name} are not valid JSON: ${rawArgs.slice(0, 200)}`);
  const args = withUsualSlips(parsed);
  if (name === GET_COMMENTS) return deps.live ? getComments(deps.live, ctx.sheet, args, ctx.today) : fail('UNAVAILABLE', 'Comments cannot be read here.');
  if (name === GET_CELL_HISTORY) return deps.live ? getCellHistory(deps.live, ctx.sheet, args, ctx.today) : fail('UNAVAILABLE', 'Cell history cannot be read here.');
  if (!isWriteTool(name) && name !== START_JOB && name !== UNDO_JOB) return runTool(readTools, name, args, { sheet: ctx.sheet, today: ctx.today });
  try {
    // Comments, and the undo of one, need Commenter access (the proposal checks an undo is of comments); the rest Editor.
    if (name === 'add_comment' || name === 'revert_change_set') mayComment(ctx.access);
    else mustBeWritable(ctx.access);
    if (COLUMN_TOOLS.has(name)) mayChangeColumns(ctx.access);
    if (name === 'sort_rows') maySortRows(ctx.access, ctx.sheet);
    if (name === START_JOB || name === UNDO_JOB) {
      if (!deps.jobs) return fail('UNAVAILABLE', 'Bulk jobs are not available here.');
      const job =
        name === START_JOB
          ? await deps.jobs.create(ctx.userId, ctx.sessionId, args, ctx.controls.jobs, ctx.controls.trace)
          : await deps.jobs.undoInSession(ctx.userId, ctx.sessionId, args, ctx.controls.jobs, ctx.controls.trace);
      ctx.jobIds.push(job.id);
      return ok({ jobId: job.id, status: job.status, summary: job.summary, ...(job.notes ? { notes: job.notes } : {}), note: 'Nothing has been written. The job plans (and for a fill runs a pilot); the user sees the preview and estimate in the job card and approves it.' });
    }
    const cs = await deps.changeSets.propose({ sessionId: ctx.sessionId, userId: ctx.userId, author: ctx.author, sheet: ctx.sheet, tool: name as Exclude<typeof name, typeof START_JOB | typeof UNDO_JOB>, args, today: ctx.today, approval: ctx.controls.approval, access: ctx.access, ...(ctx.controls.trace ? { trace: ctx.controls.trace } : {}) });
    ctx.changeSetIds.push(cs.id);
    return ok({
      changeSetId: cs.id,
      status: cs.status,
      summary: cs.summary,
      cells: cs.cells.length,
      addedRows: cs.addedRows.length,
      deletedRows: cs.deletedRows.length,
      ...(cs.moves ? { movedRows: cs.moves.reduce((n, m) => n + m.rowIds.length, 0) } : {}),
      ...(cs.comments ? { comments: cs.comments.length } : {}),
      ...(cs.notes ? { notes: cs.notes } : {}),
      expiresAt: cs.expiresAt,
      note: 'Nothing has been written. The user sees this change set and approves or rejects it.',
    });
  } catch (error) {
    if (error instanceof ProposalError) return fail('INVALID_PROPOSAL', error.message);
    if (error instanceof AppError) return fail(error.code, error.message, error.retryable);
    return fail('TOOL_FAILED', `${name} failed: ${(error as Error).message}`);
  }
}

/** A grouped aggregate, as a chart the UI can draw (with the numbers beside it). */
export function chartOf(data: unknown): ChartData | undefined {
  const d = data as { groupBy?: string[]; metrics?: string[]; groups?: { key: Record<string, unknown>; metrics: Record<string, unknown> }[] };
  if (!d.groupBy || d.groupBy.length !== 1 || !d.groups?.length || !d.metrics?.length) return undefined;
  const key = d.groupBy[0]!;
  const labels = d.groups.map((g) => {
    const value = g.key[key];
    return value === null || value === undefined || value === '' ? '(empty)' : typeof value === 'object' ? String((value as { name?: string; email?: string }).name ?? (value as { email?: string }).email ?? JSON.stringify(value)) : String(value);
  });
  // Shares are drawn alone: beside the counts or totals they come with, one axis would flatten one or the other.
  const shares = d.metrics.filter(isShare);
  const drawn = shares.length ? shares : d.metrics;
  const series = drawn.map((m) => ({ name: m, values: d.groups!.map((g) => (typeof g.metrics[m] === 'number' ? (g.metrics[m] as number) : null)) }));
  return { title: `${drawn.join(', ')} by ${key}`, labels, series };
}

/** One line on what a tool call returned, for the steps shown under an answer. */
export function summarise(data: unknown): string {
  const d = data as { total?: number; groups?: unknown[]; rowCount?: number; summary?: string; rows?: unknown[]; count?: number };
  if (d.summary) return d.summary;
  if (typeof d.total === 'number') return plural(d.total, 'matching row');
  if (Array.isArray(d.groups)) return plural(d.groups.length, 'group');
  if (typeof d.rowCount === 'number') return `${plural(d.rowCount, 'row')} described`;
  if (Array.isArray(d.rows)) return plural(d.rows.length, 'row');
  if (typeof d.count === 'number') return plural(d.count, 'value');
  return 'done';
}

/** Calls listed behind an earlier answer at most, and the length of each: the record is for refining, not replaying. */
const RECORD_CALLS = 5;
const RECORD_CALL_CHARS = 400;

/**
 * The calls that succeeded behind an answer, one per line (`query_rows {"filter":…}`): what the model refines when a
 * follow-up narrows or regroups that answer ("only the overdue ones", "now by Owner"); undefined when there were none.
 */
export function callRecord(steps: readonly ToolStep[] | undefined): string | undefined {
  const lines = (steps ?? [])
    .filter((s) => s.ok)
    .slice(-RECORD_CALLS)
    .map((s) => {
      const line = `${s.tool} ${JSON.stringify(s.args ?? {})}`;
      return line.length > RECORD_CALL_CHARS ? `${line.slice(0, RECORD_CALL_CHARS - 1)}…` : line;
    });
  return lines.length ? lines.join('\n') : undefined;
}
