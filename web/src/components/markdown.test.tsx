// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Markdown } from './Markdown';

afterEach(cleanup);

describe('an answer’s row citations', () => {
  it('a row the sheet has is a chip with its number that shows it; one it no longer has says it is gone', () => {
    const onCite = vi.fn();
    const numbers = new Map([[11, 3]]);
    render(<Markdown text="Two rows: [row:11] and [row:99]." rowNumber={(id) => numbers.get(id) ?? null} onCite={onCite} />);
    fireEvent.click(screen.getByRole('button', { name: 'Show row 3 in the grid' }));
    expect(onCite).toHaveBeenCalledWith(11);
    expect(screen.getAllByRole('button')).toHaveLength(1);
    const gone = screen.getByText('deleted row');
    expect(gone.title).toBe('Row 99 is not in the sheet any more');
    fireEvent.click(gone);
    expect(onCite).toHaveBeenCalledTimes(1);
  });

  it('a chip says on hover what its row is called, the name kept as text (a cell cannot add markup)', () => {
    const names = new Map([[11, 'Plan SSO login'], [12, '"><img src=x onerror="alert(1)">']]);
    render(<Markdown text="[row:11] and [row:12], [row:13]" rowNumber={(id) => id - 10} rowName={(id) => names.get(id)} onCite={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Show row 1 in the grid' }).title).toBe('Plan SSO login');
    expect(screen.getByRole('button', { name: 'Show row 2 in the grid' }).title).toBe('"><img src=x onerror="alert(1)">');
    expect(screen.getByRole('button', { name: 'Show row 3 in the grid' }).hasAttribute('title')).toBe(false);
    expect(document.querySelector('img')).toBeNull();
  });

  it('while the sheet is still loading, a citation stays a chip (its number to come), not "deleted"', () => {
    render(<Markdown text="See [row:11]." rowNumber={() => undefined} onCite={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Show row 11 in the grid' }).textContent).toBe('row …');
    expect(screen.queryByText('deleted row')).toBeNull();
  });
});
