import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { SheetSummary } from '../api';
import { readOnlyReason } from '../../../shared/sheet/model';

/** How many matches the list shows at once; typing narrows the rest. */
export const SHOWN_MAX = 100;

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/**
 * The sheets whose name holds every word typed (any case, accents ignored), names that start with the text first,
 * otherwise in the order given (Smartsheet lists sheets by name).
 */
export function matchSheets(sheets: readonly SheetSummary[], query: string): SheetSummary[] {
  const text = fold(query.trim());
  if (!text) return [...sheets];
  const words = text.split(/\s+/);
  const hits = sheets.filter((s) => words.every((w) => fold(s.name).includes(w)));
  return [...hits.filter((s) => fold(s.name).startsWith(text)), ...hits.filter((s) => !fold(s.name).startsWith(text))];
}

/**
 * The sheet picker: a search box over every sheet the token sees (accounts have hundreds), with the list under it —
 * ↑/↓ move, Enter opens, Escape leaves the sheet as it was. Sheets of the same name are told apart by when each was
 * last edited.
 */
export function SheetPicker({ sheets, loading, current, disabled, onPick }: { sheets?: SheetSummary[]; loading: boolean; current?: number; disabled?: boolean; onPick(sheetId: number): void }) {
  const [query, setQuery] = useState<string>();
  const [active, setActive] = useState(0);
  const listId = useId();
  const open = query !== undefined;
  const matches = useMemo(() => (open ? matchSheets(sheets ?? [], query) : []), [sheets, query, open]);
  const shown = matches.slice(0, SHOWN_MAX);
  const currentName = sheets?.find((s) => s.id === current)?.name ?? '';
  const sameName = useMemo(() => {
    const counts = new Map<string, number>();
    for (const s of sheets ?? []) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
    return (s: SheetSummary) => (counts.get(s.name) ?? 0) > 1;
  }, [sheets]);
  const optionId = (s: SheetSummary) => `${listId}-${s.id}`;

  const pick = (sheet: SheetSummary | undefined) => {
    if (!sheet) return;
    setQuery(undefined);
    if (sheet.id !== current) onPick(sheet.id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setQuery('');
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (shown.length ? (a + step + shown.length) % shown.length : 0));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      pick(shown[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setQuery(undefined);
    }
  };

  return (
    <div className="sheet-picker">
      <input
        type="text"
        role="combobox"
        aria-label="Sheet"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && shown[active] ? optionId(shown[active]) : undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        placeholder={loading ? 'Loading sheets…' : open && currentName ? currentName : 'Pick a sheet…'}
        value={open ? query : currentName}
        title={currentName || undefined}
        onFocus={() => {
          setQuery('');
          setActive(0);
        }}
        onBlur={() => setQuery(undefined)}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {open && !loading && (
        <ul role="listbox" id={listId} aria-label="Sheets">
          {shown.map((s, i) => (
            <li
              key={s.id}
              id={optionId(s)}
              role="option"
              aria-selected={i === active}
              className={s.id === current ? 'current' : undefined}
              // Before the input's blur: a click picks rather than closing the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
              onMouseEnter={() => setActive(i)}
            >
              {s.name}
              {readOnlyReason(s.accessLevel) && <span className="muted"> · {s.accessLevel === 'COMMENTER' ? 'comments only' : 'view only'}</span>}
              {sameName(s) && <span className="muted"> · edited {new Date(s.modifiedAt).toLocaleDateString()}</span>}
            </li>
          ))}
          {matches.length > shown.length && (
            <li role="presentation" className="muted">
              {matches.length - shown.length} more — type to narrow
            </li>
          )}
          {matches.length === 0 && (
            <li role="presentation" className="muted">
              {sheets?.length ? `No sheet's name has "${query}"` : 'This Smartsheet token sees no sheets.'}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
