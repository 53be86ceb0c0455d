// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Column } from '../../../shared/sheet/model';
import { ColumnMenu } from './ColumnMenu';

afterEach(cleanup);

const column = (index: number, title: string, primary = false): Column => ({ id: 100 + index, index, title, type: 'TEXT_NUMBER', primary, hidden: false, readOnly: false });
const [task, owner] = [column(0, 'Task', true), column(1, 'Owner')];
const taken = (title: string) => ['task', 'owner'].includes(title.toLowerCase());
const menu = (at: Column, why?: string) => {
  const handlers = { onChange: vi.fn(), onHide: vi.fn(), onWidth: vi.fn(), onClose: vi.fn() };
  render(<ColumnMenu at={{ column: at, x: 10, y: 20 }} why={why} taken={taken} width={170} {...handlers} />);
  return handlers;
};
const items = () => (screen.getAllByRole('menuitem') as HTMLButtonElement[]).map((m) => [m.textContent, m.disabled, m.title]);

describe("a column header's menu", () => {
  it('insert left or right asks the name and type, and refuses a name taken; the new column goes where asked', () => {
    const { onChange, onClose } = menu(owner);
    expect(items()).toEqual([
      ['Insert column left', false, ''],
      ['Insert column right', false, ''],
      ['Rename column', false, ''],
      ['Delete column', false, ''],
      ['Hide column', false, 'Hidden in this grid only; Columns shows it again'],
      ['Resize column', false, "Its width in this grid, in pixels (or drag its header's edge)"],
    ]);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Insert column right' }));
    const name = screen.getByPlaceholderText('Column name');
    expect(document.activeElement).toBe(name);
    fireEvent.change(name, { target: { value: 'task' } });
    expect(screen.getByText('A column named "task" already exists')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Insert' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(name, { target: { value: ' Due date ' } });
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'DATE' } });
    fireEvent.submit(name.closest('form')!);
    expect(onChange).toHaveBeenCalledWith({ op: 'add', title: 'Due date', type: 'DATE', index: 2 });
    expect(onClose).toHaveBeenCalled();
    cleanup();
    const left = menu(owner);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Insert column left' }));
    fireEvent.change(screen.getByPlaceholderText('Column name'), { target: { value: 'Notes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Insert' }));
    expect(left.onChange).toHaveBeenCalledWith({ op: 'add', title: 'Notes', type: 'TEXT_NUMBER', index: 1 });
  });

  it('rename starts from the title (its own, in other capitals, is no clash); the same title changes nothing; delete asks first', () => {
    const { onChange } = menu(owner);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Rename column' }));
    const name = screen.getByPlaceholderText('Column name') as HTMLInputElement;
    expect(name.value).toBe('Owner');
    fireEvent.submit(name.closest('form')!);
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(name, { target: { value: 'OWNER' } });
    fireEvent.submit(name.closest('form')!);
    expect(onChange).toHaveBeenCalledWith({ op: 'rename', columnId: owner.id, title: 'OWNER', was: 'Owner' });
    cleanup();
    const deleting = menu(owner);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete column' }));
    expect(screen.getByRole('group', { name: 'Confirm the deletion' }).textContent).toContain('Delete column “Owner”? Its values go too; Undo brings them back.');
    expect(deleting.onChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(deleting.onChange).toHaveBeenCalledWith({ op: 'delete', columnId: owner.id, title: 'Owner' });
  });

  it('says why an item is off: the primary column is not deleted; on a sheet where columns cannot change, none is offered but Hide; Hide hides; Escape closes', () => {
    const { onClose, onHide } = menu(task);
    expect(items()[3]).toEqual(['Delete column', true, 'The primary column cannot be deleted']);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Hide column' }));
    expect([onHide.mock.calls.length, onClose.mock.calls.length]).toEqual([1, 1]);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
    cleanup();
    // Where columns cannot change, every item that changes one is off, saying why; hiding or resizing it in the grid is not a change.
    menu(owner, 'Adding, renaming or deleting columns needs Admin access');
    expect(items().slice(0, 4).every(([, disabled, title]) => disabled && title === 'Adding, renaming or deleting columns needs Admin access')).toBe(true);
    expect(items().slice(4).map(([, disabled]) => disabled)).toEqual([false, false]);
    cleanup();
    // Opened on a column at the window's right edge, it stays inside the window.
    render(<ColumnMenu at={{ column: owner, x: window.innerWidth - 20, y: 20 }} why={undefined} taken={taken} onChange={vi.fn()} onHide={vi.fn()} width={170} onWidth={vi.fn()} onClose={vi.fn()} />);
    expect(screen.getByRole('menu').style.left).toBe(`${window.innerWidth - 280}px`);
  });

  it('Resize column sets its width in this grid by number — from its width now, 60 to 1,000 px — without dragging', () => {
    const { onWidth, onClose } = menu(owner);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Resize column' }));
    const width = screen.getByRole('spinbutton', { name: 'Width of “Owner” in pixels' }) as HTMLInputElement;
    expect([width.value, document.activeElement]).toEqual(['170', width]);
    fireEvent.change(width, { target: { value: '40' } });
    expect([(screen.getByRole('button', { name: 'Resize' }) as HTMLButtonElement).disabled, screen.getByText('From 60 to 1,000').tagName]).toEqual([true, 'SPAN']);
    fireEvent.submit(width.closest('form')!);
    expect(onWidth).not.toHaveBeenCalled();
    fireEvent.change(width, { target: { value: '245' } });
    fireEvent.click(screen.getByRole('button', { name: 'Resize' }));
    expect([onWidth.mock.calls, onClose.mock.calls.length]).toEqual([[[245]], 1]);
  });
});
