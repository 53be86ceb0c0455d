import type { ReactNode } from 'react';
import type { Sheet } from '../../../shared/sheet/model';
import { plural } from '../../../shared/util/plural';
import { toggled } from './grid-controls';
import { KeysHelp } from './KeysHelp';
import { RowButtons, type RowActions } from './RowButtons';

/** The person's latest edit to undo (or undone, to redo): what it was ("edit of Status in row 3", "deletion of row 5"), and doing it. */
export interface EditStep {
  what: string;
  run(): void;
}

/** A checkbox of the toolbar: whether it is ticked, and what ticking it does. */
export interface Toggle {
  on: boolean;
  set(on: boolean): void;
}

/** Above the grid: search, what is shown (rows, highlighted only, proposed changes), wrap, outline, comments, the keys and the column menu. */
export interface GridToolbarProps {
  sheet: Sheet;
  shownRows: number;
  search: string;
  onSearch(search: string): void;
  /** Only the rows the latest answer (or a chip clicked) highlighted, `count` of them; offered while there are any. */
  highlighted: Toggle & { count: number };
  /** The change sets awaiting approval shown in the grid, `count` of them; offered while there are any. */
  proposals: Toggle & { count: number };
  wrap: Toggle;
  /** Rows with rows under them (none: no Collapse all), and whether any is collapsed now. */
  outline: { parents: number; anyCollapsed: boolean; setAll(collapse: boolean): void };
  hidden: ReadonlySet<number>;
  onHidden(hidden: ReadonlySet<number>): void;
  /** The sheet's comments, `count` of them in all: Comments opens them (offered once the count is known). */
  comments?: { count: number; open(): void };
  /** The person's latest edit to undo, and latest undone to redo (absent: none). */
  edits: { undo?: EditStep | undefined; redo?: EditStep | undefined };
  /** Rows inserted and deleted here (absent: the grid cannot write rows). */
  rows?: RowActions | undefined;
  /** What a copy or paste did ("Copied 6 cells", why nothing was pasted), for a few seconds. */
  note?: string | undefined;
  /** The list of the grid's keys, open or not. */
  keys: Toggle;
}

function Check({ toggle, title, children }: { toggle: Toggle; title?: string; children: ReactNode }) {
  return (
    <label className="toggle" title={title}>
      <input type="checkbox" checked={toggle.on} onChange={(e) => toggle.set(e.target.checked)} /> {children}
    </label>
  );
}

export function GridToolbar(p: GridToolbarProps) {
  return (
    <div className="grid-toolbar">
      <input type="search" placeholder="Search all columns" aria-label="Search rows" value={p.search} onChange={(e) => p.onSearch(e.target.value)} />
      <span className="muted" aria-live="polite">
        {p.shownRows.toLocaleString()} of {p.sheet.rows.length.toLocaleString()} rows · v{p.sheet.version}
      </span>
      {p.highlighted.count > 0 && <Check toggle={p.highlighted}>Only highlighted rows ({p.highlighted.count.toLocaleString()})</Check>}
      {p.proposals.count > 0 && (
        <Check toggle={p.proposals} title="Each change awaiting your approval, shown where it would land: old value struck through, new value beside it. Nothing is written until you approve it in the chat.">
          Show proposed changes ({plural(p.proposals.count, 'change set')})
        </Check>
      )}
      <span className="edit-history">
        <button type="button" disabled={!p.edits.undo} onClick={p.edits.undo?.run} title={p.edits.undo ? `Undo your ${p.edits.undo.what} (Ctrl+Z)` : 'Nothing to undo: your edits in the grid can be undone here'}>
          ↶ Undo
        </button>
        <button type="button" disabled={!p.edits.redo} onClick={p.edits.redo?.run} title={p.edits.redo ? `Redo your ${p.edits.redo.what} (Ctrl+Shift+Z)` : 'Nothing to redo'}>
          ↷ Redo
        </button>
      </span>
      {p.rows && <RowButtons {...p.rows} />}
      <Check toggle={p.wrap}>Wrap text</Check>
      {p.outline.parents > 0 && (
        <button type="button" onClick={() => p.outline.setAll(!p.outline.anyCollapsed)}>
          {p.outline.anyCollapsed ? 'Expand all' : 'Collapse all'}
        </button>
      )}
      {p.comments && (
        <button type="button" onClick={p.comments.open} title="Every thread of comments on the sheet and its rows, newest first">
          Comments ({p.comments.count.toLocaleString()})
        </button>
      )}
      <span className="grid-note" role="status">
        {p.note}
      </span>
      <KeysHelp open={p.keys.on} onOpen={p.keys.set} />
      <details className="column-menu">
        <summary>Columns</summary>
        <div role="group" aria-label="Show or hide columns">
          {p.sheet.columns.map((c) => (
            <label key={c.id}>
              <input type="checkbox" checked={!p.hidden.has(c.id)} onChange={() => p.onHidden(toggled(p.hidden, c.id))} /> {c.title}
            </label>
          ))}
        </div>
      </details>
    </div>
  );
}
