import { useState } from 'react';
import type { Message } from '../../../shared/api/contracts';
import { api, type SheetQuery } from '../api';

/**
 * The query behind an answer that cites rows — its last query_rows call, or an aggregate over rows ("15 matching rows"),
 * never one that asked only for a lowest or highest value (the server records no `found` for that) — and how many rows
 * it found; undefined otherwise (an answer that found none cites none). An aggregate's grouping is left out: the rows
 * it worked over are those its filter matches.
 */
export function answerQuery(m: Message): { query: SheetQuery; found?: number } | undefined {
  if (!m.citedRowIds?.length) return undefined;
  const step = [...(m.extra?.steps ?? [])].reverse().find((s) => s.ok && (s.tool === 'query_rows' || (s.tool === 'aggregate' && s.found !== undefined)));
  if (!step) return undefined;
  const args = (step.args ?? {}) as SheetQuery;
  const query = { ...(args.filter ? { filter: args.filter } : {}), ...(args.rowNumbers ? { rowNumbers: args.rowNumbers } : {}), ...(args.sort && step.tool === 'query_rows' ? { sort: args.sort } : {}), ...(args.computed ? { computed: args.computed } : {}) };
  return { query, ...(step.found !== undefined ? { found: step.found } : {}) };
}

/**
 * Under an answer that lists rows: every row it found shown alone in the grid, when it cites fewer ("Found 37 matching
 * rows (showing 10)"), and those rows as CSV. Both ask the sheet as the grid shows it now.
 */
export function AnswerRows({ sheetId, message, onShow }: { sheetId: number; message: Message; onShow(rowIds: number[]): void }) {
  const [state, setState] = useState<{ busy?: boolean; error?: string; note?: string }>({});
  const asked = answerQuery(message);
  if (!asked) return null;
  const more = asked.found !== undefined && asked.found > (message.citedRowIds?.length ?? 0);
  const show = async () => {
    setState({ busy: true });
    try {
      const { rowIds } = await api.matches(sheetId, asked.query);
      // The query runs on the sheet as the grid shows it: after edits it may find another set than the answer did.
      if (!rowIds.length) return setState({ error: 'None of these rows match any more.' });
      setState(asked.found === undefined || rowIds.length === asked.found ? {} : { note: `The sheet has changed since this answer: ${rowIds.length.toLocaleString()} ${rowIds.length === 1 ? 'row matches' : 'rows match'} now.` });
      onShow(rowIds);
    } catch (error) {
      setState({ error: `Could not find the rows: ${(error as Error).message}` });
    }
  };
  return (
    <p className="answer-rows">
      {more && (
        <button type="button" className="small" disabled={state.busy} onClick={() => void show()}>
          Show all {asked.found!.toLocaleString()} in the grid
        </button>
      )}
      <a className="export" href={api.exportUrl(sheetId, asked.query)} download>
        Export these rows (CSV)
      </a>
      {state.error && <span role="alert">{state.error}</span>}
      {state.note && <span role="status">{state.note}</span>}
    </p>
  );
}
