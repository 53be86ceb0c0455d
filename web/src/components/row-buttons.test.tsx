// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Row, Sheet } from '../../../shared/sheet/model';
import { whyNotIndented, type Indent } from '../../../shared/sheet/row-moves';
import { RowButtons, type RowActions } from './RowButtons';
import { RowMenu } from './RowMenu';
import { stepPlace, type Step } from './row-drag';

afterEach(cleanup);

const row = (n: number, parentId?: number): Row => ({ id: 100 + n, rowNumber: n, modifiedAt: '', values: [], ...(parentId ? { parentId } : {}) });
const rows = [row(1), row(2), row(3, 102), row(4)];
const sheet = { id: 7, name: 'Plan', version: 2, columns: [], rows } as unknown as Sheet;
const whyNotIndent = (chosen: readonly Row[], direction: Indent) => whyNotIndented(rows, chosen, direction);
const whyNotStep = (chosen: readonly Row[], step: Step) => {
  const place = stepPlace(rows, chosen, step);
  return 'why' in place ? place.why : undefined;
};
const actions = () => ({ insert: vi.fn(), remove: vi.fn(), done: vi.fn(), indent: vi.fn(), whyNotIndent, step: vi.fn(), whyNotStep });
/** The buttons with the question they ask held as the grid holds it. */
function Buttons(p: Omit<RowActions, 'asking' | 'ask'>) {
  const [asking, ask] = useState<readonly Row[] | undefined>();
  return <RowButtons {...p} asking={asking} ask={ask} />;
}

describe('rows inserted, deleted and indented from the toolbar', () => {
  it('Insert row goes below the last row selected, as many as are selected; Delete asks first, naming the rows under them, and only then deletes', () => {
    const act = actions();
    const { rerender } = render(<Buttons sheet={sheet} chosen={[rows[0]!, rows[1]!]} {...act} />);
    // As many blank rows as are selected, as in a spreadsheet.
    const insert = screen.getByRole('button', { name: 'Insert 2 rows' });
    expect(insert.title).toBe('Insert 2 blank rows below row 2');
    fireEvent.click(insert);
    expect(act.insert).toHaveBeenCalledWith({ after: rows[1] }, 2);
    fireEvent.click(screen.getByRole('button', { name: 'Delete rows' }));
    expect(act.remove).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Confirm the deletion' }).textContent).toContain('Delete rows 1-2 and the 1 row under them?');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(act.remove).toHaveBeenCalledWith([rows[0], rows[1]]);
    expect(act.done).toHaveBeenCalledTimes(2);
    // One row, or more than one insertion takes (50): one blank row.
    rerender(<Buttons sheet={sheet} chosen={[rows[2]!]} {...act} />);
    expect(screen.getByRole('button', { name: 'Insert row' }).title).toBe('Insert a blank row below row 3');
    const many = Array.from({ length: 51 }, (_, i) => row(i + 10));
    rerender(<Buttons sheet={{ ...sheet, rows: many }} chosen={many} {...act} />);
    fireEvent.click(screen.getByRole('button', { name: 'Insert row' }));
    expect(act.insert).toHaveBeenLastCalledWith({ after: many[50] }, 1);
  });

  it('Escape or Cancel leaves the rows; a Viewer\'s sheet, or more rows than one deletion takes, disables the buttons and says why', () => {
    const act = actions();
    const { rerender } = render(<Buttons sheet={sheet} chosen={[rows[3]!]} {...act} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete row' }));
    fireEvent.keyDown(screen.getByRole('button', { name: 'Cancel' }), { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Confirm the deletion' })).toBeNull();
    expect(act.remove).not.toHaveBeenCalled();
    rerender(<Buttons sheet={sheet} chosen={[rows[3]!]} disabled="Rows cannot be inserted or deleted now" {...act} />);
    expect([screen.getByRole('button', { name: 'Insert row' }), screen.getByRole('button', { name: 'Delete row' })].map((b) => [(b as HTMLButtonElement).disabled, b.title])).toEqual([
      [true, 'Rows cannot be inserted or deleted now'],
      [true, 'Rows cannot be inserted or deleted now'],
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => row(i + 10));
    rerender(<Buttons sheet={{ ...sheet, rows: many }} chosen={many} {...act} />);
    const remove = screen.getByRole('button', { name: 'Delete rows' }) as HTMLButtonElement;
    expect([remove.disabled, remove.title]).toEqual([true, 'At most 1,000 rows can be deleted at once (1,001 are selected); a bulk job deletes more']);
    expect((screen.getByRole('button', { name: 'Insert row' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('⇥ indents and ⇤ outdents the selected rows, each disabled saying why when the rows cannot go', () => {
    const act = actions();
    const { rerender } = render(<Buttons sheet={sheet} chosen={[rows[3]!]} {...act} />);
    const [indent, outdent] = [screen.getByRole('button', { name: 'Indent' }), screen.getByRole('button', { name: 'Outdent' })] as HTMLButtonElement[];
    expect([indent!.disabled, indent!.title, outdent!.disabled, outdent!.title]).toEqual([false, 'Indent row 4 (Ctrl+])', true, 'The row is not indented']);
    fireEvent.click(indent!);
    expect(act.indent).toHaveBeenCalledWith('indent');
    expect(act.done).toHaveBeenCalledTimes(1);
    rerender(<Buttons sheet={sheet} chosen={[rows[0]!, rows[2]!]} {...act} />);
    expect([indent!.disabled, indent!.title, outdent!.disabled, outdent!.title]).toEqual([true, 'The rows have no row above at their level to go under', false, 'Outdent rows 1, 3 (Ctrl+[)']);
    fireEvent.click(outdent!);
    expect(act.indent).toHaveBeenLastCalledWith('outdent');
  });

  it("a row number's menu: insert above or below it, delete, indent or outdent it, move it a step (or the selected rows it is one of), its comments; arrows move, Escape closes", () => {
    const handlers = { onInsert: vi.fn(), onDelete: vi.fn(), onIndent: vi.fn(), whyNotIndent, onStep: vi.fn(), whyNotStep, onComments: vi.fn(), onClose: vi.fn() };
    const { rerender } = render(<RowMenu at={{ row: rows[1]!, x: 10, y: 20 }} rows={[rows[1]!]} {...handlers} />);
    const menu = screen.getByRole('menu', { name: 'Row 2' });
    expect(screen.getAllByRole('menuitem').map((m) => [m.textContent, (m as HTMLButtonElement).disabled])).toEqual([
      ['Insert row above', false],
      ['Insert row below', false],
      ['Delete row', false],
      ['Indent', false],
      ['Outdent', true],
      ['Move row up', false],
      ['Move row down', false],
      ['Comments', false],
    ]);
    expect(document.activeElement?.textContent).toBe('Insert row above');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Insert row below');
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe('Comments');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Insert row above' }));
    expect(handlers.onInsert).toHaveBeenCalledWith({ before: rows[1] }, 1);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Insert row below' }));
    expect(handlers.onInsert).toHaveBeenLastCalledWith({ after: rows[1] }, 1);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Indent' }));
    expect(handlers.onIndent).toHaveBeenCalledWith('indent', [rows[1]]);
    // A step up or down without dragging: past the row above or below at its level.
    fireEvent.click(screen.getByRole('menuitem', { name: 'Move row down' }));
    expect(handlers.onStep).toHaveBeenCalledWith('down', [rows[1]]);
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(handlers.onClose).toHaveBeenCalledTimes(1);
    rerender(<RowMenu at={{ row: rows[1]!, x: 10, y: 20 }} rows={[rows[0]!, rows[1]!]} disabled="Rows cannot be inserted or deleted now" {...handlers} />);
    const items = screen.getAllByRole('menuitem') as HTMLButtonElement[];
    expect(items.map((m) => [m.textContent, m.disabled])).toEqual([['Insert 2 rows above', true], ['Insert 2 rows below', true], ['Delete rows 1-2', true], ['Indent', true], ['Outdent', true], ['Move rows up', true], ['Move rows down', false], ['Comments', false]]);
    expect(items[5]!.title).toBe('Nothing above at their level to move past');
    // For the selected rows it is one of: as many blank rows, above the first or below the last.
    rerender(<RowMenu at={{ row: rows[1]!, x: 10, y: 20 }} rows={[rows[0]!, rows[1]!]} {...handlers} />);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Insert 2 rows above' }));
    expect(handlers.onInsert).toHaveBeenLastCalledWith({ before: rows[0] }, 2);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Insert 2 rows below' }));
    expect(handlers.onInsert).toHaveBeenLastCalledWith({ after: rows[1] }, 2);
  });
});
