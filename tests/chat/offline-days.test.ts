import { describe, expect, it } from 'vitest';
import { dayOf, todayOf } from '../../infra/offline-model/day-words.js';
import { respond } from '../../infra/offline-model/server.js';
import { systemOf, today, tracker } from '../support/offline-model.js';

/** What the offline model proposes for a request: its tool calls, arguments read back. */
const proposed = (text: string) => (respond([{ role: 'system', content: systemOf(tracker) }, { role: 'user', content: text }]).toolCalls ?? []).map((c) => ({ name: c.name, args: JSON.parse(c.arguments) as Record<string, unknown> }));

describe('offline model: days said in words, written as dates', () => {
  it('reads today from the system prompt', () => {
    expect(todayOf(systemOf(tracker))).toBe(today);
  });

  it('counts from today: the coming weekday, next week’s, days and weeks on, the end of the month or week', () => {
    const monday = '2026-12-07';
    const cases: [string, string][] = [
      ['today', monday],
      ['Tomorrow', '2026-12-08'],
      ['yesterday', '2026-12-06'],
      ['Friday', '2026-12-11'],
      ['this friday', '2026-12-11'],
      ['Monday', monday],
      ['next Friday', '2026-12-18'],
      ['next Monday', '2026-12-14'],
      ['next Sunday', '2026-12-20'],
      ['in 3 days', '2026-12-10'],
      ['in 2 weeks', '2026-12-21'],
      ['end of the month', '2026-12-31'],
      ['end of week', '2026-12-11'],
    ];
    for (const [said, day] of cases) expect(dayOf(said, monday), said).toBe(day);
    // On a Saturday the coming Friday is already next week's (weeks start on Monday).
    expect(dayOf('Friday', '2026-08-01')).toBe('2026-08-07');
    expect(dayOf('next Friday', '2026-08-01')).toBe('2026-08-07');
    expect(dayOf('end of the month', '2026-02-10')).toBe('2026-02-28');
    for (const other of ['2026-12-20', 'soon', 'next year', 'Fridays']) expect(dayOf(other, monday), other).toBeUndefined();
  });

  it('writes a day said in words into a date column as its date, and leaves other columns as said', () => {
    // The tracker's today (the support's) is Saturday 2026-08-01.
    expect(proposed('change the due date of Plan SSO login to next Friday')[0]!.args.set).toEqual({ 'Due Date': '2026-08-07' });
    expect(proposed('set Due Date to tomorrow where Status is Blocked')[0]!.args.set).toEqual({ 'Due Date': '2026-08-02' });
    expect(proposed('set Due Date to next Friday on row 5')[0]!.args).toMatchObject({ set: { 'Due Date': '2026-08-07' }, rowNumbers: [5] });
    expect(proposed('add a row with Task = Friday review, Due Date = in 2 weeks')[0]!.args.rows).toEqual([{ Task: 'Friday review', 'Due Date': '2026-08-15' }]);
    expect(proposed('set Notes to today where Status is Blocked')[0]!.args.set).toEqual({ Notes: 'today' });
  });

  it('adds a row said as a sentence: its name, owner and due day, and any more values', () => {
    expect(proposed('add a task called Write launch blog post owned by Mei Chen due next Friday')).toEqual([{ name: 'add_rows', args: { rows: [{ Task: 'Write launch blog post', Owner: 'Mei Chen', 'Due Date': '2026-08-07' }] } }]);
    expect(proposed('add a new task named "QA, then ship" for Dana, due 2026-09-01, with Priority = High, Budget = 500')).toEqual([{ name: 'add_rows', args: { rows: [{ Task: 'QA, then ship', Owner: 'Dana', 'Due Date': '2026-09-01', Priority: 'High', Budget: 500 }] } }]);
    expect(proposed('add a row called Kickoff')).toEqual([{ name: 'add_rows', args: { rows: [{ Task: 'Kickoff' }] } }]);
  });
});
