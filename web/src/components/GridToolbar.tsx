import type { Sheet } from '../../../shared/sheet/model';
import { plural } from '../../../shared/util/plural';
import { toggled } from './grid-controls';

/** Above the grid: search, what is shown (rows, highlighted only, proposed changes), wrap, outline and the column menu. */
export interface GridToolbarProps {
  sheet: Sheet;
  shownRows: number;
  search: string;
  onSearch(search: string): void;
  /** Rows the latest answer (or a chip clicked) highlighted. */
  cited: number;
  onlyHighlighted: boolean;
  onOnlyHighlighted(only: boolean): void;
  /** Change sets awaiting approval shown in the grid, and whether they are. */
  proposals: number;
  showProposals: boolean;
  onShowProposals(show: boolean): void;
  wrap: boolean;
  onWrap(wrap: boolean): void;
  /** Rows with rows under them (none: no Collapse all), and whether any is collapsed now. */
  outline: { parents: number; anyCollapsed: boolean; setAll(collapse: boolean): void };
  hidden: ReadonlySet<number>;
  onHidden(hidden: ReadonlySet<number>): void;
}

export function GridToolbar(p: GridToolbarProps) {
  return (
    <div className="grid-toolbar">
      <input type="search" placeholder="Search all columns" aria-label="Search rows" value={p.search} onChange={(e) => p.onSearch(e.target.value)} />
      <span className="muted" aria-live="polite">
        {p.shownRows.toLocaleString()} of {p.sheet.rows.length.toLocaleString()} rows · v{p.sheet.version}
      </span>
      {p.cited > 0 && (
        <label className="toggle">
          <input type="checkbox" checked={p.onlyHighlighted} onChange={(e) => p.onOnlyHighlighted(e.target.checked)} /> Only highlighted rows ({p.cited.toLocaleString()})
        </label>
      )}
      {p.proposals > 0 && (
        <label className="toggle proposals" title="Each change awaiting your approval, shown where it would land: old value struck through, new value beside it. Nothing is written until you approve it in the chat.">
          <input type="checkbox" checked={p.showProposals} onChange={(e) => p.onShowProposals(e.target.checked)} /> Show proposed changes ({plural(p.proposals, 'change set')})
        </label>
      )}
      <label className="toggle">
        <input type="checkbox" checked={p.wrap} onChange={(e) => p.onWrap(e.target.checked)} /> Wrap text
      </label>
      {p.outline.parents > 0 && (
        <button type="button" onClick={() => p.outline.setAll(!p.outline.anyCollapsed)}>
          {p.outline.anyCollapsed ? 'Expand all' : 'Collapse all'}
        </button>
      )}
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
