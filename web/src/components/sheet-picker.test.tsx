// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SheetSummary } from '../api';
import { matchSheets, SHOWN_MAX, SheetPicker } from './SheetPicker';

afterEach(cleanup);

const sheet = (id: number, name: string, modifiedAt = '2026-11-20T10:00:00Z'): SheetSummary => ({ id, name, accessLevel: 'OWNER', modifiedAt });
// An account as real ones are: hundreds of sheets, copies that share a name.
const many = [
  sheet(1, 'Budget 2026'),
  sheet(2, 'Marketing plan Q3'),
  sheet(3, 'Q3 marketing plan (copy)'),
  sheet(4, 'Project Tracker', '2026-11-01T10:00:00Z'),
  sheet(5, 'Project Tracker', '2026-11-22T10:00:00Z'),
  sheet(6, 'Résumé reviews'),
  ...Array.from({ length: 244 }, (_, i) => sheet(100 + i, `Team sheet ${String(i).padStart(3, '0')}`)),
];

const box = () => screen.getByRole('combobox', { name: 'Sheet' }) as HTMLInputElement;
const options = () => screen.queryAllByRole('option').map((o) => o.textContent);

describe('sheet picker', () => {
  it('finds a sheet among hundreds by any words of its name, in any order, any case, accents ignored', () => {
    expect(matchSheets(many, 'plan q3').map((s) => s.id)).toEqual([2, 3]);
    expect(matchSheets(many, 'q3 MARKETING').map((s) => s.id)).toEqual([3, 2]); // the name that starts with it first
    expect(matchSheets(many, 'resume').map((s) => s.id)).toEqual([6]);
    expect(matchSheets(many, '  ')).toHaveLength(many.length);
  });

  it('opens on focus with the first matches and how many more there are; typing narrows', () => {
    render(<SheetPicker sheets={many} loading={false} onPick={() => undefined} />);
    expect(box().getAttribute('aria-expanded')).toBe('false');
    fireEvent.focus(box());
    expect(box().getAttribute('aria-expanded')).toBe('true');
    expect(options()).toHaveLength(SHOWN_MAX);
    expect(screen.getByText(`${many.length - SHOWN_MAX} more — type to narrow`)).toBeTruthy();
    fireEvent.change(box(), { target: { value: 'team sheet 24' } });
    expect(options()).toEqual(['Team sheet 240', 'Team sheet 241', 'Team sheet 242', 'Team sheet 243', 'Team sheet 024', 'Team sheet 124', 'Team sheet 224']);
    fireEvent.change(box(), { target: { value: 'roadmap' } });
    expect(options()).toEqual([]);
    expect(screen.getByText(`No sheet's name has "roadmap"`)).toBeTruthy();
  });

  it('marks a sheet shared with the app as Viewer "view only", as Commenter "comments only"', () => {
    const shared = [{ ...sheet(1, 'Seen'), accessLevel: 'VIEWER' }, { ...sheet(2, 'Said'), accessLevel: 'COMMENTER' }, sheet(3, 'Ours')];
    render(<SheetPicker sheets={shared} loading={false} onPick={() => undefined} />);
    fireEvent.focus(box());
    expect(options()).toEqual(['Seen · view only', 'Said · comments only', 'Ours']);
  });

  it('tells copies of the same name apart by when each was last edited', () => {
    render(<SheetPicker sheets={many} loading={false} onPick={() => undefined} />);
    fireEvent.focus(box());
    fireEvent.change(box(), { target: { value: 'tracker' } });
    expect(options()).toEqual([`Project Tracker · edited ${new Date('2026-11-01T10:00:00Z').toLocaleDateString()}`, `Project Tracker · edited ${new Date('2026-11-22T10:00:00Z').toLocaleDateString()}`]);
    fireEvent.change(box(), { target: { value: 'budget' } });
    expect(options()).toEqual(['Budget 2026']);
  });

  it('↓/↑ move through the list (the active option is announced), Enter opens the sheet, Escape leaves it as it was', () => {
    const onPick = vi.fn();
    render(<SheetPicker sheets={many} loading={false} current={1} onPick={onPick} />);
    expect(box().value).toBe('Budget 2026');
    fireEvent.focus(box());
    fireEvent.change(box(), { target: { value: 'plan' } });
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    const active = document.getElementById(box().getAttribute('aria-activedescendant')!)!;
    expect(active.textContent).toBe('Q3 marketing plan (copy)');
    expect(active.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(onPick).toHaveBeenCalledWith(3);
    expect(box().getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(box().getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(box().value).toBe('Budget 2026');
    expect(onPick).toHaveBeenCalledTimes(1);
  });

  it('a click picks (before the box loses focus); picking the open sheet again does not reload it', () => {
    const onPick = vi.fn();
    render(<SheetPicker sheets={many} loading={false} current={4} onPick={onPick} />);
    fireEvent.focus(box());
    fireEvent.change(box(), { target: { value: 'tracker' } });
    fireEvent.mouseDown(screen.getAllByRole('option')[0]!);
    expect(onPick).not.toHaveBeenCalled();
    fireEvent.focus(box());
    fireEvent.change(box(), { target: { value: 'budget' } });
    fireEvent.mouseDown(screen.getByRole('option', { name: 'Budget 2026' }));
    expect(onPick).toHaveBeenCalledWith(1);
  });

  it('says when the sheets are loading, and when the token sees none', () => {
    const { rerender } = render(<SheetPicker loading onPick={() => undefined} />);
    expect(box().placeholder).toBe('Loading sheets…');
    rerender(<SheetPicker sheets={[]} loading={false} onPick={() => undefined} />);
    fireEvent.focus(box());
    expect(screen.getByText('This Smartsheet token sees no sheets.')).toBeTruthy();
  });
});
