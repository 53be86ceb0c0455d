import { useState, type FormEvent, type MouseEvent } from 'react';
import type { Column } from '../../../shared/sheet/model';
import type { ColumnType } from '../../../shared/sheet/smartsheet-json';
import type { ColumnChange } from '../sheet-edits';
import { MenuItem, PopupMenu } from './PopupMenu';

/** The types a column inserted from the grid can have, as Smartsheet's column dialog names them. */
export const INSERTED_TYPES: readonly [ColumnType, string][] = [
  ['TEXT_NUMBER', 'Text/Number'],
  ['DATE', 'Date'],
  ['CHECKBOX', 'Checkbox'],
  ['PICKLIST', 'Dropdown'],
  ['CONTACT_LIST', 'Contact'],
];

type Step = 'menu' | 'rename' | 'left' | 'right' | 'delete' | 'width';

/** The narrowest and widest a column is made, in px. */
export const COLUMN_WIDTH = { min: 60, max: 1000 };

/**
 * A column header's menu (right-click), as Smartsheet's: Insert column left / right (its name and type asked for),
 * Rename column, Delete column (asked first: its values go, Undo brings them back) — and Hide column, in this grid
 * alone. `why`: why columns cannot be changed now, shown on each item that changes one; the primary column cannot be
 * deleted. Resize column sets its width in this grid by number — what a drag of the header's edge does, without dragging.
 */
export function ColumnMenu(p: { at: { column: Column; x: number; y: number }; why: string | undefined; taken(title: string): boolean; onChange(change: ColumnChange): void; onHide(): void; width: number; onWidth(width: number): void; onClose(): void }) {
  const { column } = p.at;
  const [step, setStep] = useState<Step>('menu');
  const [title, setTitle] = useState('');
  const [type, setType] = useState<ColumnType>('TEXT_NUMBER');
  const open = (next: Step) => {
    setTitle(next === 'rename' ? column.title : '');
    setStep(next);
  };
  const item = (label: string, next: Step, off = p.why) => <MenuItem label={label} off={off} onClick={() => open(next)} />;
  const named = title.trim();
  const clash = named && p.taken(named) && !(step === 'rename' && named.toLowerCase() === column.title.toLowerCase()) ? `A column named "${named}" already exists` : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!named || clash) return;
    if (step === 'rename') {
      if (named !== column.title) p.onChange({ op: 'rename', columnId: column.id, title: named, was: column.title });
    } else p.onChange({ op: 'add', title: named, type, index: column.index + (step === 'right' ? 1 : 0) });
    p.onClose();
  };
  return (
    <PopupMenu label={`Column ${column.title}`} at={p.at} step={step} onClose={p.onClose}>
      {step === 'menu' && (
        <>
          {item('Insert column left', 'left')}
          {item('Insert column right', 'right')}
          {item('Rename column', 'rename')}
          {item('Delete column', 'delete', p.why ?? (column.primary ? 'The primary column cannot be deleted' : undefined))}
          <MenuItem label="Hide column" title="Hidden in this grid only; Columns shows it again" onClick={() => (p.onHide(), p.onClose())} />
          <MenuItem label="Resize column" title="Its width in this grid, in pixels (or drag its header's edge)" onClick={() => setStep('width')} />
        </>
      )}
      {step === 'width' && <WidthForm column={column} width={p.width} onWidth={p.onWidth} onClose={p.onClose} />}
      {(step === 'rename' || step === 'left' || step === 'right') && (
        <form onSubmit={submit} className="column-form">
          <label>
            {step === 'rename' ? `Rename “${column.title}” to` : `New column ${step} of “${column.title}”`}
            <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={255} aria-invalid={Boolean(clash)} placeholder="Column name" />
          </label>
          {step !== 'rename' && (
            <label>
              Type
              <select value={type} onChange={(e) => setType(e.target.value as ColumnType)}>
                {INSERTED_TYPES.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {clash && <span className="muted">{clash}</span>}
          <ActOrCancel label={step === 'rename' ? 'Rename' : 'Insert'} off={!named || Boolean(clash)} onCancel={p.onClose} />
        </form>
      )}
      {step === 'delete' && (
        <span role="group" aria-label="Confirm the deletion" className="column-form">
          Delete column “{column.title}”? Its values go too; Undo brings them back.
          <ActOrCancel label="Delete" danger onAct={() => (p.onChange({ op: 'delete', columnId: column.id, title: column.title }), p.onClose())} onCancel={p.onClose} />
        </span>
      )}
    </PopupMenu>
  );
}

/** A step's two buttons: its act (the form's submit, or `onAct` for a question) and Cancel. */
function ActOrCancel(p: { label: string; off?: boolean; danger?: boolean; onAct?(): void; onCancel(): void }) {
  return (
    <span>
      <button type={p.onAct ? 'button' : 'submit'} className={p.danger ? 'danger' : undefined} disabled={p.off} onClick={p.onAct}>
        {p.label}
      </button>{' '}
      <button type="button" onClick={p.onCancel}>
        Cancel
      </button>
    </span>
  );
}

/** A column's width typed in pixels (60 to 1,000). */
function WidthForm(p: { column: Column; width: number; onWidth(width: number): void; onClose(): void }) {
  const [typed, setTyped] = useState(String(Math.round(p.width)));
  const value = Number(typed);
  const ok = typed.trim() !== '' && Number.isFinite(value) && value >= COLUMN_WIDTH.min && value <= COLUMN_WIDTH.max;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ok) return;
    p.onWidth(Math.round(value));
    p.onClose();
  };
  return (
    <form onSubmit={submit} className="column-form">
      <label>
        Width of “{p.column.title}” in pixels
        <input type="number" value={typed} min={COLUMN_WIDTH.min} max={COLUMN_WIDTH.max} onChange={(e) => setTyped(e.target.value)} aria-invalid={!ok} />
      </label>
      {!ok && <span className="muted">From {COLUMN_WIDTH.min} to {COLUMN_WIDTH.max.toLocaleString()}</span>}
      <ActOrCancel label="Resize" off={!ok} onCancel={p.onClose} />
    </form>
  );
}

/** The grid's column menu: opened on a header's right-click, where the pointer is (or from the keyboard). Undefined when the grid cannot change columns. */
export function useColumnMenu(edit: ((change: ColumnChange) => unknown) | undefined, view: { columns: readonly Column[]; why: string | undefined; hide(columnId: number): void; width(column: Column): number; setWidth(columnId: number, width: number): void; focus(): void }) {
  const [at, setAt] = useState<{ column: Column; x: number; y: number }>();
  if (!edit) return undefined;
  const close = () => {
    setAt(undefined);
    view.focus();
  };
  return {
    open: (e: MouseEvent, column: Column) => {
      e.preventDefault();
      setAt({ column, x: e.clientX, y: e.clientY });
    },
    /** Opened from the keyboard (the column selected whole, the menu key), at `at`. */
    openAt: (column: Column, at: { x: number; y: number }) => setAt({ column, ...at }),
    menu: at && <ColumnMenu at={at} why={view.why} taken={(title) => view.columns.some((c) => c.title.toLowerCase() === title.toLowerCase())} onChange={(change) => void edit(change)} onHide={() => view.hide(at.column.id)} width={view.width(at.column)} onWidth={(width) => view.setWidth(at.column.id, width)} onClose={close} />,
  };
}
