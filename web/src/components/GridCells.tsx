import { useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { Column, Row } from '../../../shared/sheet/model';
import { displayValue, formulaIn, sameValue, validateValue, type Contact, type SheetValue } from '../../../shared/sheet/values';
import type { CellSave } from './Grid';
import type { ProposedCell } from './pending-preview';
import { DATED, shownDate, useShowValue, useValueShownAs } from './value-shown';

/** What a grid cell shows, and the editor it opens, by column type. */

/** The CSS class of a column's cells (alignment, pills, contacts). */
export function cellClass(column: Column): string {
  if (column.type === 'TEXT_NUMBER' && !column.primary) return 'text';
  if (column.type === 'CHECKBOX') return 'center';
  return column.type.toLowerCase().replace(/_/g, '-');
}

/**
 * What a cell holds in the grid: its editor while edited (`editing`, with what was typed to open it), else a change
 * awaiting approval, a checkbox ticked in place, or its value.
 */
export function CellContent(p: { row: Row; column: Column; editing: { typed?: string | undefined } | undefined; proposal: ProposedCell | undefined; locked: boolean; people: readonly Contact[] | undefined; onSave(saves: CellSave[]): unknown; onEdited(): void }) {
  const { row, column } = p;
  const value = row.values[column.index] ?? null;
  const shown = row.shown?.[column.index];
  const formula = row.formulas?.[column.index];
  // A formula typed is written as one (the cell keeps showing its value until Smartsheet has worked the new one out).
  const save = (next: SheetValue, typedFormula?: string) => p.onSave([{ row, column, value: typedFormula ? value : next, expected: value, ...(typedFormula ? { formula: typedFormula } : {}) }]);
  if (p.editing) {
    const onDone = async (next: SheetValue | undefined, typedFormula?: string) => {
      p.onEdited();
      if (next !== undefined || typedFormula) await save(next ?? null, typedFormula);
    };
    return <Editor column={column} value={value} shown={shown} formula={formula} people={p.people} typed={p.editing.typed} onDone={onDone} />;
  }
  if (p.proposal) return <Proposed column={column} value={value} shown={shown} proposal={p.proposal} />;
  if (column.type === 'CHECKBOX') return <input type="checkbox" aria-label={`${column.title}, row ${row.rowNumber}`} checked={value === true} disabled={p.locked} onChange={(e) => void save(e.target.checked)} />;
  if (formula) {
    return (
      <span className="has-formula" title={formula}>
        <CellValue column={column} value={value} shown={shown} />
        <span className="sr-only"> (formula {formula})</span>
      </span>
    );
  }
  return <CellValue column={column} value={value} shown={shown} />;
}

/** A cell's value; a number as Smartsheet shows it when its format makes it look other than plain (`shown`: "$12,500", "35%"); a date as people read it ("Dec 1, 2026", the date itself on hover). */
export function CellValue({ column, value, shown }: { column: Column; value: SheetValue; shown?: string }) {
  if (value === null) return null;
  if (typeof value === 'number') return <span className="num">{shown ?? value.toLocaleString()}</span>;
  const date = typeof value === 'string' && DATED.has(column.type) ? shownDate(value) : undefined;
  if (date) {
    return (
      <time dateTime={value as string} title={value as string}>
        {date}
      </time>
    );
  }
  if (column.type === 'PICKLIST' || column.type === 'MULTI_PICKLIST') {
    const list = Array.isArray(value) ? value.map((v) => displayValue(v as SheetValue)) : [displayValue(value)];
    return (
      <>
        {list.map((v) => (
          <span key={v} className="pill">
            {v}
          </span>
        ))}
      </>
    );
  }
  if (column.type === 'CONTACT_LIST' || column.type === 'MULTI_CONTACT_LIST') return <span className="contact">{displayValue(value)}</span>;
  return <>{displayValue(value)}</>;
}

/**
 * A cell a change awaiting approval would write: the value now struck through, the proposed one beside it (as the
 * change set's card shows them); nothing is written until the person approves. A cell changed since the proposal was
 * made is marked: approving will report the conflict and write nothing.
 */
export function Proposed({ column, value, shown, proposal }: { column: Column; value: SheetValue; shown?: string; proposal: ProposedCell }) {
  const show = useShowValue();
  const shownAs = useValueShownAs();
  const { next, was } = proposal;
  const box = (v: SheetValue) => (v === true ? '☑' : '☐');
  const checkbox = column.type === 'CHECKBOX';
  const moved = !sameValue(value, was);
  const title = `Awaiting approval: ${show(column.title, value)} → ${show(column.title, next)}`;
  return (
    <span className={`proposal${moved ? ' changed' : ''}`} title={moved ? `${title}. Changed since it was proposed over ${show(column.title, was)}: approving will report a conflict and write nothing.` : title}>
      {moved && <span aria-hidden="true">⚠ </span>}
      {(value !== null || checkbox) && <del>{checkbox ? box(value) : <CellValue column={column} value={value} shown={shown} />}</del>}
      <ins>{checkbox ? box(next) : next === null ? '(empty)' : <CellValue column={column} value={next} shown={shownAs(column.title, next)} />}</ins>
    </span>
  );
}

/** A cell edited in a text box (not a dropdown, a date picker or a checkbox): typing on it starts its editor. */
export const typedInto = (column: Column): boolean => !(column.type === 'PICKLIST' && column.options) && column.type !== 'DATE' && column.type !== 'CHECKBOX';

/**
 * The editor for one cell, by column type; Enter or blur saves (Escape cancels), validated as the server validates. A
 * contact cell offers the people its column holds (`people`); a name typed there is theirs on the server too. `typed`:
 * the key that opened it (typing on a cell, as in a spreadsheet), which replaces the value. A cell holding a formula
 * opens on it, in a text box whatever its column, as in Smartsheet; what starts with = is saved as a formula.
 */
export function Editor({ column, value, shown, formula, people, typed, onDone }: { column: Column; value: SheetValue; shown?: string; formula?: string | undefined; people?: readonly Contact[]; typed?: string | undefined; onDone(next: SheetValue | undefined, formula?: string): void }) {
  // A formatted number opens as it is shown ("35%", "$12,500"); the server reads what is typed there as meant.
  const [first] = useState(() => formula ?? shown ?? (column.type === 'CONTACT_LIST' && value && typeof value === 'object' && !Array.isArray(value) ? (value.email ?? '') : displayValue(value)));
  const [text, setText] = useState(typed ?? first);
  const [error, setError] = useState<string | undefined>();
  const done = useRef(false);
  const finish = (save: boolean) => {
    if (done.current) return;
    if (!save) {
      done.current = true;
      return onDone(undefined);
    }
    const typedFormula = formulaIn(text);
    if (typedFormula) {
      done.current = true;
      return onDone(undefined, typedFormula === first.trim() ? undefined : typedFormula);
    }
    const input = column.type === 'TEXT_NUMBER' && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text;
    const checked = validateValue({ title: column.title, type: column.type, ...(column.options ? { options: column.options } : {}) }, input);
    if (!checked.ok) return setError(checked.message);
    done.current = true;
    // Over a formula, its value typed is a value all the same: it replaces the formula.
    onDone(text.trim() === first.trim() || (!formula && displayValue(checked.value) === displayValue(value)) ? undefined : checked.value);
  };
  const keys = (e: KeyboardEvent) => {
    e.stopPropagation(); // the cell's own Enter opens the editor: it must not see the editor's keys
    if (e.key === 'Escape') finish(false);
    if (e.key === 'Enter' && !(e.shiftKey && column.type === 'TEXT_NUMBER')) {
      e.preventDefault();
      finish(true);
    }
  };
  // Typed into, the caret goes after what was typed (a focused box would put it before).
  const caretAtEnd = (e: FocusEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => typed && 'setSelectionRange' in e.currentTarget && e.currentTarget.setSelectionRange(typed.length, typed.length);
  const common = { autoFocus: true, 'aria-label': `Edit ${column.title}`, 'aria-invalid': Boolean(error), onKeyDown: keys, onBlur: () => finish(true), onFocus: caretAtEnd };
  return (
    <span className="editor">
      {formula ? (
        <textarea {...common} rows={1} value={text} onChange={(e) => setText(e.target.value)} />
      ) : column.type === 'PICKLIST' && column.options ? (
        <select {...common} value={text} onChange={(e) => setText(e.target.value)}>
          <option value="">(empty)</option>
          {column.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : column.type === 'DATE' ? (
        <input {...common} type="date" value={text} onChange={(e) => setText(e.target.value)} />
      ) : column.type === 'TEXT_NUMBER' ? (
        <textarea {...common} rows={1} value={text} onChange={(e) => setText(e.target.value)} />
      ) : people?.length ? (
        <>
          <input {...common} list={`people-${column.id}`} value={text} onChange={(e) => setText(e.target.value)} />
          <datalist id={`people-${column.id}`}>
            {people.map((p) => (
              <option key={p.email ?? p.name} value={p.email ?? p.name}>
                {p.name}
              </option>
            ))}
          </datalist>
        </>
      ) : (
        <input {...common} value={text} onChange={(e) => setText(e.target.value)} />
      )}
      {error && (
        <span role="alert" className="editor-error">
          {error}
        </span>
      )}
    </span>
  );
}

/** Locked in Smartsheet for the app's account (a column or a row): only the sheet's owner and admins can change it. */
export function Padlock() {
  return (
    <svg className="lock" role="img" aria-label="locked" viewBox="0 0 12 14" width="10" height="12">
      <title>Locked in Smartsheet: only the sheet's owner and admins can change it</title>
      <path d="M3 6V4a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="1" y="6" width="10" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

/**
 * A row's comments, beside its number: a bubble with their count, or (none yet) a faint bubble shown when the pointer
 * is over the row. Either opens the row's comments.
 */
export function CommentMark({ row, count, onOpen }: { row: Row; count: number; onOpen(): void }) {
  const label = count ? `${count} comment${count === 1 ? '' : 's'} on row ${row.rowNumber}` : `Comment on row ${row.rowNumber}`;
  return (
    <button
      type="button"
      className={`comment-mark${count ? '' : ' none'}`}
      aria-label={label}
      title={label}
      tabIndex={-1}
      onClick={(e) => {
        e.stopPropagation();
        onOpen();
      }}
    >
      <svg viewBox="0 0 16 14" width="13" height="12" aria-hidden="true">
        <path d="M2 1h12a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H7l-3.5 3V10H2a1 1 0 0 1-1-1V2a1 1 0 0 1 1-1z" fill={count ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.3" />
      </svg>
      {count > 0 && <span>{count}</span>}
    </button>
  );
}
