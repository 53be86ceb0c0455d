import { describe, expect, it, vi } from 'vitest';
import type { Column, Row } from '../../../shared/sheet/model';
import { gridKeys, KEY_HELP, startsTyping } from './grid-keys';
import { blockOf, copiedText, parseTsv, pastedValue, pasteInto, toTsv } from './grid-clipboard';

const column = (index: number, title: string, type: Column['type'] = 'TEXT_NUMBER', extra: Partial<Column> = {}): Column => ({ id: 100 + index, index, title, type, primary: index === 0, hidden: false, readOnly: false, ...extra });
const columns = [column(0, 'Task'), column(1, 'Budget'), column(2, 'Due', 'DATE'), column(3, 'Done', 'CHECKBOX'), column(4, 'Id', 'TEXT_NUMBER', { readOnly: true })];
const row = (n: number, values: Row['values'], extra: Partial<Row> = {}): Row => ({ id: 1000 + n, rowNumber: n, modifiedAt: '2026-12-01T00:00:00Z', values, ...extra });
const rows = [row(1, ['Design', 12500, '2026-12-01', true, 1], { shown: { 1: '$12,500' } }), row(2, ['Audit', null, null, false, 2]), row(3, ['Launch', 7, '2026-03-09', false, 3])];
const editable = (r: Row, c: Column) => (c.readOnly ? 'is calculated' : r.locked ? 'is locked in Smartsheet' : undefined);

describe('copy and paste as spreadsheets do', () => {
  it('tab-separated lines; a cell with a tab, a line break or a quote in quotes, read back the same', () => {
    const cells = [['Design', '$12,500', 'say "hi"'], ['two\nlines', 'a\tb', '']];
    const text = toTsv(cells);
    expect(text).toBe('Design\t$12,500\t"say ""hi"""\n"two\nlines"\t"a\tb"\t');
    expect(parseTsv(text)).toEqual(cells);
    // Excel's own: CRLF, a trailing line break; a quote inside an unquoted cell is just a quote.
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseTsv('5" screen\tx')).toEqual([['5" screen', 'x']]);
    expect(parseTsv('one')).toEqual([['one']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('a cell is copied as shown — a formatted number as Smartsheet shows it — but a date as YYYY-MM-DD', () => {
    expect(columns.map((c) => copiedText(c, rows[0]!.values[c.index] ?? null, rows[0]!.shown?.[c.index]))).toEqual(['Design', '$12,500', '2026-12-01', 'true', '1']);
    expect(copiedText(columns[1]!, null)).toBe('');
    expect(copiedText(column(5, 'Owner', 'CONTACT_LIST'), { email: 'mei@example.com', name: 'Mei Chen' })).toBe('Mei Chen');
  });

  it('a date pasted naming its month is that day; YYYY-MM-DD and anything else go as they are, for the server to judge', () => {
    const due = columns[2]!;
    expect(pastedValue(due, 'Dec 1, 2026')).toBe('2026-12-01');
    expect(pastedValue(due, '9 March 2026')).toBe('2026-03-09');
    expect(pastedValue(due, '2026-12-01')).toBe('2026-12-01');
    expect(pastedValue(due, '12/1/2026')).toBe('12/1/2026');
    expect(pastedValue(columns[0]!, 'Dec 1, 2026')).toBe('Dec 1, 2026');
    expect(pastedValue(columns[3]!, '')).toBe(false);
  });

  it('a block lands with its top left at the selection’s; what falls beyond the grid is counted; cells already holding it are left', () => {
    const pasted = pasteInto(blockOf({ row: 1, col: 0 }, { row: 1, col: 0 }), [['Audit', '300'], ['Launch', '8'], ['Extra', '1']], rows, columns.slice(0, 2), editable);
    expect('saves' in pasted && pasted.saves.map((s) => [s.row.rowNumber, s.column.title, s.value, s.expected])).toEqual([
      [2, 'Budget', '300', null],
      [3, 'Budget', '8', 7],
    ]);
    expect('saves' in pasted && pasted.leftOut).toBe(2);
  });

  it('text pasted starting with = is written as a formula, as in Smartsheet; a fill carries the formula; a cell holding it already is left', () => {
    const rollup = [{ ...rows[0]!, formulas: { 1: '=SUM(CHILDREN())' } }, rows[1]!, rows[2]!];
    const pasted = pasteInto(blockOf({ row: 0, col: 1 }, { row: 2, col: 1 }), [[' =SUM(CHILDREN()) ']], rollup, columns, editable);
    expect('saves' in pasted && pasted.saves.map((s) => [s.row.rowNumber, s.formula, s.value, s.expected])).toEqual([
      [2, '=SUM(CHILDREN())', null, null],
      [3, '=SUM(CHILDREN())', 7, 7],
    ]);
    const filled = pasteInto(blockOf({ row: 1, col: 1 }, { row: 2, col: 1 }), [[{ value: 12500, formula: '=MAX(CHILDREN())' }], [{ value: 12500, formula: '=MAX(CHILDREN())' }]], rollup, columns, editable, 'filled');
    expect('saves' in filled && filled.saves.map((s) => [s.row.rowNumber, s.formula])).toEqual([[2, '=MAX(CHILDREN())'], [3, '=MAX(CHILDREN())']]);
    // "=" alone is text, not a formula.
    const equals = pasteInto(blockOf({ row: 1, col: 0 }, { row: 1, col: 0 }), [['=']], rows, columns, editable);
    expect('saves' in equals && equals.saves.map((s) => [s.value, s.formula])).toEqual([['=', undefined]]);
  });

  it('one value pasted over a selection fills it; a cell that cannot be edited refuses the whole paste, saying which', () => {
    const fill = pasteInto(blockOf({ row: 0, col: 3 }, { row: 2, col: 3 }), [['false']], rows, columns, editable);
    expect('saves' in fill && fill.saves.map((s) => [s.row.rowNumber, s.value])).toEqual([[1, 'false']]);
    expect(pasteInto(blockOf({ row: 0, col: 3 }, { row: 0, col: 4 }), [['true', '9']], rows, columns, editable)).toEqual({ refused: 'Nothing was pasted: Id in row 1 is calculated.' });
    // Clearing is pasting nothing over the selection: cells already empty are left; it refuses in its own word.
    const cleared = pasteInto(blockOf({ row: 0, col: 1 }, { row: 2, col: 1 }), [['']], rows, columns, editable, 'cleared');
    expect('saves' in cleared && cleared.saves.map((s) => [s.row.rowNumber, s.value, s.expected])).toEqual([[1, '', 12500], [3, '', 7]]);
    // Filled down: the value itself (a person with their email), not its text; cells already holding it left.
    const mei = { email: 'mei@example.com', name: 'Mei Chen' };
    const owners = [rows[0]!, rows[1]!, { ...rows[2]!, values: [...rows[2]!.values.slice(0, 5), { ...mei, name: 'mei chen' }] }];
    const withOwner = [...columns, column(5, 'Owner', 'CONTACT_LIST')];
    const filled = pasteInto(blockOf({ row: 1, col: 5 }, { row: 2, col: 5 }), [[{ value: mei }], [{ value: mei }]], owners, withOwner, editable, 'filled');
    expect('saves' in filled && filled.saves.map((s) => [s.row.rowNumber, s.value])).toEqual([[2, mei]]);
    const unticked = pasteInto(blockOf({ row: 0, col: 3 }, { row: 2, col: 3 }), [['']], rows, columns, editable, 'cleared');
    expect('saves' in unticked && unticked.saves.map((s) => [s.row.rowNumber, s.value])).toEqual([[1, false]]);
    expect(pasteInto(blockOf({ row: 0, col: 4 }, { row: 0, col: 4 }), [['']], rows, columns, editable, 'cleared')).toEqual({ refused: 'Nothing was cleared: Id in row 1 is calculated.' });
    const locked: Row[] = [rows[0]!, { ...rows[1]!, locked: true }];
    expect(pasteInto(blockOf({ row: 0, col: 0 }, { row: 1, col: 0 }), [['x']], locked, columns, editable)).toEqual({ refused: 'Nothing was pasted: Task in row 2 is locked in Smartsheet.' });
  });

  it('Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (⌘ on a Mac is the caller’s Ctrl), without Ctrl the letters are nothing; Delete and Backspace clear, Ctrl+D fills down, Ctrl+] and Ctrl+[ indent and outdent; Space, Shift+Space and Ctrl+Space; the menu key', () => {
    const act = { edit: vi.fn(), tick: vi.fn(), collapse: vi.fn(), expand: vi.fn(), menu: vi.fn(), comments: vi.fn(), undo: vi.fn(), redo: vi.fn(), clear: vi.fn(), fillDown: vi.fn(), selectAll: vi.fn(), selectRows: vi.fn(), selectColumns: vi.fn(), indent: vi.fn(), step: vi.fn(), help: vi.fn() };
    const place = (ctrl: boolean, shift: boolean) => ({ active: { row: 0, col: 0 }, page: 10, ctrl, shift, alt: false, last: { row: 9, col: 3 }, move: vi.fn() });
    gridKeys(place(true, false), act).z!();
    gridKeys(place(true, true), act).Z!();
    gridKeys(place(true, false), act).y!();
    // Ctrl+Shift+Z with Caps Lock on: the key is "z", still a redo.
    gridKeys(place(true, true), act).z!();
    expect([act.undo.mock.calls.length, act.redo.mock.calls.length]).toEqual([1, 3]);
    expect(gridKeys(place(false, false), act).z).toBeUndefined();
    gridKeys(place(false, false), act).Delete!();
    gridKeys(place(false, false), act).Backspace!();
    expect(act.clear).toHaveBeenCalledTimes(2);
    gridKeys(place(true, false), act).d!();
    expect(act.fillDown).toHaveBeenCalledTimes(1);
    gridKeys(place(true, false), act).a!();
    expect(act.selectAll).toHaveBeenCalledTimes(1);
    expect(gridKeys(place(false, false), act).a).toBeUndefined();
    // Smartsheet's Ctrl+] and Ctrl+[ indent and outdent; without Ctrl the brackets are typed.
    gridKeys(place(true, false), act)[']']!();
    gridKeys(place(true, false), act)['[']!();
    expect(act.indent.mock.calls).toEqual([['indent'], ['outdent']]);
    expect(gridKeys(place(false, false), act)[']']).toBeUndefined();
    gridKeys(place(false, false), act).F2!();
    expect(act.edit).toHaveBeenCalledTimes(1);
    // Space ticks; Shift+Space takes whole rows, Ctrl+Space whole columns (a spreadsheet's keys); the menu key, or Shift+F10, opens a menu.
    gridKeys(place(false, false), act)[' ']!();
    gridKeys(place(false, true), act)[' ']!();
    gridKeys(place(true, false), act)[' ']!();
    expect([act.tick.mock.calls.length, act.selectRows.mock.calls.length, act.selectColumns.mock.calls.length]).toEqual([1, 1, 1]);
    gridKeys(place(false, false), act).ContextMenu!();
    gridKeys(place(false, true), act).F10!();
    expect([act.menu.mock.calls.length, gridKeys(place(false, false), act).F10]).toEqual([2, undefined]);
    // Alt+Shift+↑ / ↓ move the rows a step; with Shift alone the arrows grow the selection (the caller's move).
    const moving = { ...place(false, true), alt: true };
    gridKeys(moving, act).ArrowUp!();
    gridKeys(moving, act).ArrowDown!();
    gridKeys(place(false, true), act).ArrowDown!();
    expect(act.step.mock.calls).toEqual([['up'], ['down']]);
    // One printable character (an accented one, an emoji) starts typing; a named key or a shortcut does not.
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => startsTyping({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect([key('a'), key('É'), key('😀'), key('7')]).toEqual([true, true, true, true]);
    expect([key('Tab'), key('F2'), key('Dead'), key('a', { ctrlKey: true }), key('a', { metaKey: true }), key('a', { altKey: true })]).toEqual([false, false, false, false, false, false]);
  });

  it('the list of keys (⌨ Keys, Ctrl+/) names every key the grid handles, with or without Ctrl, Shift and Alt', () => {
    const act = { edit: vi.fn(), tick: vi.fn(), collapse: vi.fn(), expand: vi.fn(), menu: vi.fn(), comments: vi.fn(), undo: vi.fn(), redo: vi.fn(), clear: vi.fn(), fillDown: vi.fn(), selectAll: vi.fn(), selectRows: vi.fn(), selectColumns: vi.fn(), indent: vi.fn(), step: vi.fn(), help: vi.fn() };
    const listed = new Set(KEY_HELP.flatMap((k) => k.keys));
    const handled = new Set<string>();
    for (const ctrl of [false, true]) for (const shift of [false, true]) for (const alt of [false, true]) for (const key of Object.keys(gridKeys({ active: { row: 0, col: 0 }, page: 10, ctrl, shift, alt, last: { row: 9, col: 3 }, move: vi.fn() }, act))) handled.add(key);
    expect([...handled].filter((key) => !listed.has(key))).toEqual([]);
    expect(handled.size).toBeGreaterThan(20);
    gridKeys({ active: { row: 0, col: 0 }, page: 10, ctrl: true, shift: false, alt: false, last: { row: 9, col: 3 }, move: vi.fn() }, act)['/']!();
    expect(act.help).toHaveBeenCalledTimes(1);
  });
});
