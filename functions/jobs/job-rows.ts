import type { JobSpec } from '../../shared/jobs/job-types.js';
import { capitalise } from '../../shared/util/capitalise.js';
import { parseCsv } from '../../shared/util/csv.js';
import { plural } from '../../shared/util/plural.js';
import type { Column, Row, Sheet } from '../../shared/sheet/model.js';
import { columnByTitle, withRowsUnder } from '../../shared/sheet/model.js';
import { displayValue } from '../../shared/sheet/values.js';
import { didYouMean } from '../../shared/query/close-to.js';
import { formulaNotes, valueNotes } from '../changesets/changeset.builder.js';
import { column, ProposalError, rowsToChange, sameValue, selectRows, toWrite, typed, unlockedRows, workedOut, writable } from '../changesets/write-targets.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';
import type { CellWrite } from '../smartsheet/smartsheet.port.js';
import { fillColumn, rowsToFill } from './job-fill.js';
import { undoPlan } from './job-undo.js';
import type { Job, JobInputStore, JobRowStore } from './job.model.js';
import type { RecordStore } from '../storage/stores.port.js';

/**
 * Which rows a job touches and what it writes to them, worked out from the job's
 * snapshot alone (so every chunk, and every retry, sees the same list).
 */
export interface Target {
  rowId: number;
  rowNumber?: number;
  /** Column id → value to write (fill, update), or the row to add (import). */
  cells: CellWrite[];
}

/** An update job's columns and the values it writes to them, as they will be written. */
function cellsToSet(sheet: Sheet, set: Record<string, unknown>) {
  return Object.entries(set).map(([title, value]) => toWrite(sheet, title, value));
}

/** Validates the spec against the sheet, before anything is stored. */
export function checkSpec(spec: JobSpec, sheet: Sheet, now: Date): { summary: string; columns?: string[]; notes?: string[] } {
  try {
    switch (spec.kind) {
      case 'fill': {
        for (const title of spec.sourceColumns) column(sheet, title);
        const target = fillColumn(spec, sheet);
        const chosen = unlockedRows(sheet, spec.filter ? rowsToChange(sheet, spec, today(now), 'No rows match, so nothing would be filled.') : sheet.rows);
        const { rows, empty } = rowsToFill(sheet, spec, chosen.rows);
        const sources = `${spec.sourceColumns.join(' and ')} ${spec.sourceColumns.length > 1 ? 'are' : 'is'} empty`;
        if (!rows.length) throw new ProposalError(`Nothing to work from: ${sources} on every ${spec.filter ? 'matching ' : ''}row.`);
        const fresh = target.added && !spec.draft;
        const summary = `${spec.template === 'prompt' ? 'Fill' : capitalise(spec.template.replace('_', ' '))} ${spec.sourceColumns.join(', ')} → ${target.column.title}${fresh ? ' (new column)' : ''}`;
        // Labels written into a picklist the sheet has: each must fit it (refused for one restricted to its options, else noted).
        const labels = spec.template === 'categorise' && !target.added ? (spec.labels ?? []).map((label) => ({ col: target.column, value: typed(target.column, label) })) : [];
        const overwritten = target.added || spec.onlyEmpty ? [] : formulaNotes(sheet, rows.map((r) => ({ rowId: r.id, columnId: target.column.id })), 'final');
        const skipped = empty ? [`${plural(empty, 'row')} where ${sources} ${empty === 1 ? 'is' : 'are'} left as they are: there is nothing to work from.`] : [];
        const notes = [...(fresh ? [newColumnNote(sheet, target.column)] : []), ...chosen.notes, ...skipped, ...(valueNotes(sheet, labels).notes ?? []), ...overwritten];
        return { summary, ...(notes.length ? { notes } : {}) };
      }
      case 'update': {
        const sets = cellsToSet(sheet, spec.set);
        const worked = workedOut(sheet, spec.setComputed ?? {}, spec.computed, today(now));
        const { rows, notes: locked } = unlockedRows(sheet, spec.filter ? rowsToChange(sheet, spec, today(now), 'No rows match, so nothing would change.') : sheet.rows);
        for (const row of rows) for (const w of worked.columns) if (w.valueOf(row) === null) w.skipped++;
        const written = [...sets, ...worked.columns].map(({ col }) => col);
        const notes = [...locked, ...(valueNotes(sheet, sets).notes ?? []), ...worked.notes(), ...formulaNotes(sheet, rows.flatMap((r) => written.map((col) => ({ rowId: r.id, columnId: col.id }))), 'final')];
        const said = [...sets.map(({ col, value }) => `${col.title} → ${displayValue(value) || '(empty)'}`), ...worked.columns.map((w) => `${w.col.title} → ${w.expression}`)];
        return { summary: `Set ${said.join(', ')} on matching rows`, ...(notes.length ? { notes } : {}) };
      }
      case 'delete': {
        const chosen = unlockedRows(sheet, rowsToChange(sheet, spec, today(now), 'No rows match, so nothing would be deleted.'), true);
        const { under } = withRowsUnder(sheet.rows, chosen.rows);
        const note = `Smartsheet deletes the rows indented under a deleted row, so ${plural(under.length, 'more row')} ${under.length === 1 ? 'is' : 'are'} deleted with the matching ones.`;
        const final = 'A delete job has no undo: the rows it deletes are gone, with their comments and attachments (update, fill and import jobs, and change sets in chat, can be undone).';
        return { summary: 'Delete matching rows', notes: [...chosen.notes, ...(under.length ? [note] : []), final] };
      }
      case 'import': {
        const [header] = parseCsv(spec.csv.slice(0, 100_000));
        if (!header?.length) throw new ProposalError('The CSV has no header row.');
        const unknown = header.filter((h) => h.trim() && !columnByTitle(sheet, h));
        if (unknown.length) throw new ProposalError(`CSV columns not in the sheet: ${unknown.join(', ')}. Columns are matched by title.`);
        return { summary: `Import rows from CSV (${header.filter((h) => h.trim()).join(', ')})`, columns: header };
      }
    }
  } catch (error) {
    if (error instanceof ProposalError) throw new ValidationError(error.message);
    throw error;
  }
}

/** What a person approving a fill into a column the sheet lacks should know: it is added, and what it may have meant. */
function newColumnNote(sheet: Sheet, added: Column): string {
  const kind = added.options ? `a dropdown of ${added.options.join(', ')}` : 'text';
  return `The sheet has no column "${added.title}"; approving adds it (${kind}).${didYouMean(sheet, added.title)}`;
}

/** Where a job's targets come from besides its snapshot: an import's CSV; an undo's earlier job and its written rows. */
export interface TargetSources {
  inputs: JobInputStore;
  jobs: Pick<RecordStore<Job>, 'get'>;
  rows: Pick<JobRowStore, 'list'>;
}

/** The rows the job touches, in order; deterministic for the job's snapshot. */
export async function jobTargets(job: Job, sheet: Sheet, sources: TargetSources): Promise<Target[]> {
  const spec = job.spec;
  const now = today(new Date(job.createdAt));
  switch (spec.kind) {
    case 'fill': {
      let rows = rowsToFill(sheet, spec, unlockedRows(sheet, spec.filter ? selectRows(sheet, spec, now) : sheet.rows).rows).rows;
      const { column: target, added } = fillColumn(spec, sheet);
      if (spec.onlyEmpty && !added) rows = rows.filter((r) => (r.values[target.index] ?? null) === null);
      return rows.map((r) => ({ rowId: r.id, rowNumber: r.rowNumber, cells: [] }));
    }
    case 'update': {
      const rows = unlockedRows(sheet, spec.filter ? selectRows(sheet, spec, now) : sheet.rows).rows;
      const sets = cellsToSet(sheet, spec.set);
      const worked = workedOut(sheet, spec.setComputed ?? {}, spec.computed, now).columns;
      // Each row's values: the fixed ones, and those worked out from it (none where its expression has no value).
      const valuesFor = (r: Row) => [
        ...sets,
        ...worked.flatMap((w) => {
          const value = w.valueOf(r);
          return value === null ? [] : [{ col: w.col, value }];
        }),
      ];
      return rows.flatMap((r) => {
        const cells = valuesFor(r);
        if (!cells.some(({ col, value }) => !sameValue(r.values[col.index] ?? null, value))) return [];
        return [{ rowId: r.id, rowNumber: r.rowNumber, cells: cells.map(({ col, value }) => ({ columnId: col.id, value })) }];
      });
    }
    case 'delete': {
      // With the rows indented under them, which Smartsheet deletes too: counted, previewed and checked like the rest.
      return withRowsUnder(sheet.rows, unlockedRows(sheet, selectRows(sheet, spec, now), true).rows).rows.map((r) => ({ rowId: r.id, rowNumber: r.rowNumber, cells: [] }));
    }
    case 'import': {
      const { rows } = await importRows(job, sheet, sources.inputs);
      return rows.map((cells) => ({ rowId: 0, cells }));
    }
    case 'undo': {
      const original = await sources.jobs.get(spec.jobId);
      if (!original) throw new NotFoundError('The job this undoes is gone.');
      return undoPlan(original.value, await sources.rows.list(spec.jobId, 'written'), sheet).targets;
    }
  }
}

/** An import's rows from its CSV: cells typed per column; lines that do not fit are reported, not added. */
export async function importRows(job: Job, sheet: Sheet, inputs: JobInputStore): Promise<{ rows: CellWrite[][]; invalid: { line: number; reason: string }[] }> {
  const text = await inputs.get(job.id);
  if (text === undefined) throw new NotFoundError('The job’s CSV is gone.');
  const [header = [], ...records] = parseCsv(text);
  const columns = header.map((h) => (h.trim() ? columnByTitle(sheet, h) : undefined));
  const rows: CellWrite[][] = [];
  const invalid: { line: number; reason: string }[] = [];
  records.forEach((record, i) => {
    if (record.every((v) => v.trim() === '')) return;
    try {
      const cells = columns.flatMap((col, c) => (col && record[c] !== undefined && record[c] !== '' ? [{ columnId: writable(sheet, col.title).id, value: typed(col, csvValue(col, record[c]!)) }] : []));
      rows.push(cells);
    } catch (error) {
      invalid.push({ line: i + 2, reason: (error as Error).message });
    }
  });
  return { rows, invalid };
}

function csvValue(col: Column, text: string): unknown {
  if (col.type === 'CHECKBOX') return /^(true|yes|1|x)$/i.test(text.trim());
  if (col.type === 'TEXT_NUMBER' && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text.trim());
  if (col.type === 'MULTI_PICKLIST' || col.type === 'MULTI_CONTACT_LIST') return text.split(',').map((v) => v.trim()).filter(Boolean);
  return text;
}

export const today = (now: Date) => now.toISOString().slice(0, 10);

