// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SmartsheetDown } from './SmartsheetDown';

afterEach(cleanup);

describe('Smartsheet down label', () => {
  it('says the grid is the last snapshot, read-only, since when, and what still works', () => {
    render(<SmartsheetDown since="2026-11-24T09:41:00.000Z" reason="Smartsheet: 503/4001 maintenance" version={42} />);
    const label = screen.getByTestId('smartsheet-down');
    expect(label.getAttribute('role')).toBe('status');
    expect(label.textContent).toMatch(/Smartsheet is not answering/);
    expect(label.textContent).toMatch(/version 42 as last loaded, read-only/);
    expect(label.textContent).toMatch(/questions are answered from it; edits and approvals wait/);
    expect(label.textContent).toContain(new Date('2026-11-24T09:41:00.000Z').toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    expect(label.getAttribute('title')).toBe('Smartsheet: 503/4001 maintenance');
  });
});
