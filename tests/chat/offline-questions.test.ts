import { describe, expect, it } from 'vitest';
import { buildPrompt } from '../../functions/chat/prompt.js';
import { plan } from '../../infra/offline-model/commands.js';
import { schemaColumns } from '../../infra/offline-model/schema.js';
import { respond } from '../../infra/offline-model/server.js';
import { crm, largeSheet, projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { toSheet, type Sheet } from '../../shared/sheet/model.js';
import { displayValue } from '../../shared/sheet/values.js';
import { readTools, runTool } from '../../shared/tools/catalogue.js';
import { suggestions } from '../../shared/tools/suggestions.js';

const today = '2026-08-01';
const tracker = toSheet(totalRows(projectTracker()));
const pipeline = toSheet(totalRows(crm()));
const systemOf = (sheet: Sheet) => buildPrompt({ sheet, history: [], userText: 'x', today, budget: 4000 }).messages[0]!.content;
const columnsOf = (sheet: Sheet) => schemaColumns(systemOf(sheet));

/** The offline model's whole turn, as the chat service runs it: plan, run the real tools, answer. */
function turn(sheet: Sheet, text: string, earlier: string[] = []): string {
  const messages: { role: string; content?: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[] = [
    { role: 'system', content: systemOf(sheet) },
    ...earlier.map((content) => ({ role: 'user', content })),
    { role: 'user', content: text },
  ];
  const first = respond(messages);
  if (!first.toolCalls) return first.content ?? '';
  const calls = first.toolCalls.map((c, i) => ({ id: `call_${i}`, function: c }));
  messages.push({ role: 'assistant', content: null, tool_calls: calls });
  for (const c of calls) messages.push({ role: 'tool', tool_call_id: c.id, content: JSON.stringify(runTool(readTools, c.function.name, c.function.arguments, { sheet, today })) });
  return respond(messages).content ?? '';
}

const at = (sheet: Sheet, title: string) => sheet.columns.findIndex((c) => c.title === title);
const text = (sheet: Sheet, row: Sheet['rows'][number], title: string) => displayValue(row.values[at(sheet, title)]!);

describe('offline model: plain questions', () => {
  it('answers the headline question with the late tasks of an owner and their exact total budget, rows cited', () => {
    const calls = plan('Which tasks owned by Dana are late, and what is their total budget?', undefined, columnsOf(tracker))!;
    const late = { and: [{ column: 'Owner', op: 'contains', value: 'Dana' }, { column: 'Due Date', op: 'lt', value: 'today' }, { column: 'Status', op: 'not_in', values: ['Complete', 'Cancelled'] }] };
    expect(calls).toEqual([
      { name: 'query_rows', args: { limit: 20, filter: late } },
      { name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Budget' }], groupBy: [], filter: late } },
    ]);

    // The same rows worked out here, independently of the query engine.
    const expected = tracker.rows.filter((r) => text(tracker, r, 'Owner').includes('Dana') && text(tracker, r, 'Due Date') < today && !['Complete', 'Cancelled'].includes(text(tracker, r, 'Status')));
    expect(expected.length).toBeGreaterThan(1);
    const total = expected.reduce((sum, r) => sum + Number(r.values[at(tracker, 'Budget')]), 0);
    const answer = turn(tracker, 'Which tasks owned by Dana are late, and what is their total budget?');
    expect(answer).toContain('I read this as: Owner contains "Dana", Due Date is before today, Status is not Complete or Cancelled.');
    expect(answer).toContain(`Found **${expected.length}** matching rows`);
    expect(answer).toContain(`The total Budget is **${new Intl.NumberFormat('en-US').format(total)}**`);
    for (const row of expected.slice(0, 8)) expect(answer).toContain(`[row:${row.id}]`);
  });

  it('reads counts, option words, negation, numbers with k, groups and due periods from any sheet', () => {
    const trackerColumns = columnsOf(tracker);
    const pipelineColumns = columnsOf(pipeline);
    expect(plan('how many high priority tasks are blocked?', undefined, trackerColumns)).toEqual([
      { name: 'aggregate', args: { metrics: [{ fn: 'count' }], groupBy: [], filter: { and: [{ column: 'Status', op: 'eq', value: 'Blocked' }, { column: 'Priority', op: 'eq', value: 'High' }] } } },
    ]);
    expect(plan('which tasks are not complete', undefined, trackerColumns)![0]!.args.filter).toEqual({ column: 'Status', op: 'ne', value: 'Complete' });
    expect(plan('what is the average Deal Value by Region', undefined, pipelineColumns)).toEqual([
      { name: 'aggregate', args: { metrics: [{ fn: 'avg', column: 'Deal Value' }], groupBy: ['Region'], sort: { by: 'avg(Deal Value)', direction: 'desc' } } },
    ]);
    expect(plan('show deals in Europe with Deal Value over 100k', undefined, pipelineColumns)).toEqual([
      { name: 'query_rows', args: { limit: 20, filter: { and: [{ column: 'Region', op: 'eq', value: 'Europe' }, { column: 'Deal Value', op: 'gt', value: 100_000 }] } } },
    ]);
    // "late" on a sheet whose due date is a close date and whose status is a stage.
    expect(plan('which deals are overdue', undefined, pipelineColumns)![0]!.args.filter).toEqual({
      and: [{ column: 'Close Date', op: 'lt', value: 'today' }, { column: 'Stage', op: 'not_in', values: ['Won', 'Lost'] }],
    });
    expect(plan('how many tasks are due next month', undefined, trackerColumns)![0]!.args.filter).toEqual({ column: 'Due Date', op: 'in_period', value: 'next_month' });
    expect(plan('show deals closing this quarter in Europe', undefined, pipelineColumns)![0]!.args.filter).toEqual({ and: [{ column: 'Close Date', op: 'in_period', value: 'this_quarter' }, { column: 'Region', op: 'eq', value: 'Europe' }] });
    expect(plan('which tasks started last month', undefined, trackerColumns)![0]!.args.filter).toEqual({ column: 'Start Date', op: 'in_period', value: 'last_month' });
    // Several options of one column are any of them (or, negated, none); "In Progress" is not also "Progress".
    expect(plan('how many tasks are high or medium priority', undefined, trackerColumns)![0]!.args.filter).toEqual({ column: 'Priority', op: 'in', values: ['High', 'Medium'] });
    expect(plan('show blocked or at risk tasks owned by Dana', undefined, trackerColumns)![0]!.args.filter).toEqual({ and: [{ column: 'Owner', op: 'contains', value: 'Dana' }, { column: 'Status', op: 'in', values: ['Blocked', 'At Risk'] }] });
    expect(plan('tasks not complete and not cancelled', undefined, trackerColumns)![0]!.args.filter).toEqual({ column: 'Status', op: 'not_in', values: ['Complete', 'Cancelled'] });
    expect(plan('which tasks are in progress', undefined, trackerColumns)![0]!.args.filter).toEqual({ column: 'Status', op: 'eq', value: 'In Progress' });
    // Arithmetic said in words is worked out, never the first column alone.
    expect(plan('total Budget minus Spent by Owner', undefined, trackerColumns)![0]!.args).toMatchObject({ metrics: [{ fn: 'sum', column: 'Budget - Spent' }], computed: [{ name: 'Budget - Spent', expression: 'Budget - Spent' }] });
    expect(plan('average Spent divided by Budget', undefined, trackerColumns)![0]!.args.metrics).toEqual([{ fn: 'avg', column: 'Spent / Budget' }]);
    // "total budget of …" is a question, not the command "total <column> by <column>".
    expect(plan('total budget of tasks owned by Mei', undefined, trackerColumns)).toEqual([
      { name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Budget' }], groupBy: [], filter: { column: 'Owner', op: 'contains', value: 'Mei' } } },
    ]);
  });

  it('narrows a plain question with a plain follow-up, every part of the answer', () => {
    const columns = columnsOf(tracker);
    const calls = plan('now only high priority', 'Which tasks owned by Dana are late, and what is their total budget?', columns)!;
    expect(calls.map((c) => c.name)).toEqual(['query_rows', 'aggregate']);
    for (const call of calls) expect((call.args.filter as { and: unknown[] }).and[1]).toEqual({ column: 'Priority', op: 'eq', value: 'High' });
    const answer = turn(tracker, 'now only high priority', ['Which tasks owned by Dana are late, and what is their total budget?']);
    expect(answer).toMatch(/Found \*\*\d+\*\* matching rows|No rows match/);
    expect(answer).toContain('The total Budget is');
  });

  it('an earlier message it could not read does not break later turns; a follow-up refines the latest one it could', () => {
    const unreadable = 'show rows where Notes mention the incident';
    expect(() => plan(unreadable, undefined, columnsOf(tracker))).toThrow(/could not read the condition/);
    expect(turn(tracker, 'count by Status', [unreadable])).toMatch(/Status/);
    expect(turn(tracker, 'What about Mei?', ['Which tasks owned by Dana are late, and what is their total budget?', unreadable])).toContain('I read this as: Owner contains "Mei"');
  });

  it('"what about …?" asks the previous question again for another owner or option, and says how it read it', () => {
    const columns = columnsOf(tracker);
    const headline = 'Which tasks owned by Dana are late, and what is their total budget?';
    const calls = plan('What about Mei?', headline, columns)!;
    expect(calls.map((c) => c.name)).toEqual(['query_rows', 'aggregate']);
    for (const call of calls) expect((call.args.filter as { and: unknown[] }).and[0]).toEqual({ column: 'Owner', op: 'contains', value: 'Mei' });
    expect(plan('and for blocked?', 'how many high priority tasks', columns)![0]!.args.filter).toEqual({ and: [{ column: 'Priority', op: 'eq', value: 'High' }, { column: 'Status', op: 'eq', value: 'Blocked' }] });
    expect(plan('what about low', 'how many high priority tasks', columns)![0]!.args.filter).toEqual({ column: 'Priority', op: 'eq', value: 'Low' });
    expect(plan('what about Mei?', 'set Status to Complete where Task is Design review', columns)).toBeUndefined(); // never a write
    expect(plan('what about next month?', 'how many tasks are due this month', columns)![0]!.args.filter).toEqual({ column: 'Due Date', op: 'in_period', value: 'next_month' });
    expect(plan('and for Q3 2026', 'how many blocked tasks', columns)![0]!.args.filter).toEqual({ and: [{ column: 'Status', op: 'eq', value: 'Blocked' }, { column: 'Due Date', op: 'in_period', value: 'q3_2026' }] });
    const mei = tracker.rows.filter((r) => text(tracker, r, 'Owner').includes('Mei') && text(tracker, r, 'Due Date') < today && !['Complete', 'Cancelled'].includes(text(tracker, r, 'Status')));
    const answer = turn(tracker, 'What about Mei?', [headline]);
    expect(answer).toContain('I read this as: Owner contains "Mei", Due Date is before today, Status is not Complete or Cancelled.');
    expect(answer).toContain(`Found **${mei.length}** matching rows`);
  });

  it('reads a person named anywhere, and questions that rank groups or rows', () => {
    const columns = columnsOf(tracker);
    expect(plan('how many tasks does Dana have', undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'count' }], groupBy: [], filter: { column: 'Owner', op: 'contains', value: 'Dana' } } }]);
    expect(plan('which Owner has the most blocked tasks', undefined, columns)).toEqual([
      { name: 'aggregate', args: { groupBy: ['Owner'], metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'desc' }, filter: { column: 'Status', op: 'eq', value: 'Blocked' } } },
    ]);
    expect(plan('who has the fewest tasks', undefined, columns)![0]!.args).toEqual({ groupBy: ['Owner'], metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'asc' } });
    expect(plan('which status has the highest total Budget?', undefined, columns)![0]!.args).toEqual({ groupBy: ['Status'], metrics: [{ fn: 'sum', column: 'Budget' }], sort: { by: 'sum(Budget)', direction: 'desc' } });
    expect(plan('top 3 by Budget', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 3, sort: [{ column: 'Budget', direction: 'desc' }] } }]);
    expect(plan('show the 2 lowest Spent', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 2, sort: [{ column: 'Spent', direction: 'asc' }] } }]);
    // Rows named by what they are, without "which" or "show".
    expect(plan("Mei Chen's blocked tasks", undefined, columns)).toEqual([
      { name: 'query_rows', args: { limit: 20, filter: { and: [{ column: 'Owner', op: 'contains', value: 'Mei Chen' }, { column: 'Status', op: 'eq', value: 'Blocked' }] } } },
    ]);
    expect(plan('deals closing next month', undefined, columnsOf(pipeline))).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { column: 'Close Date', op: 'in_period', value: 'next_month' } } }]);
    expect(plan('tasks', undefined, columns)).toBeUndefined();
    // A column left empty, and text any text column holds.
    expect(plan('list tasks with no owner', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { column: 'Owner', op: 'is_empty' } } }]);
    expect(plan('how many tasks are without a Due Date?', undefined, columns)![0]!.args.filter).toEqual({ column: 'Due Date', op: 'is_empty' });
    expect(plan('which tasks mention vendor', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { or: [{ column: 'Task', op: 'contains', value: 'vendor' }, { column: 'Notes', op: 'contains', value: 'vendor' }, { column: 'Summary', op: 'contains', value: 'vendor' }] } } }]);
    const vendor = tracker.rows.filter((r) => ['Task', 'Notes', 'Summary'].some((c) => /vendor/i.test(text(tracker, r, c))));
    expect(turn(tracker, 'which tasks mention "vendor"?')).toContain(`_I read this as: (Task contains "vendor" or Notes contains "vendor" or Summary contains "vendor")._\n\nFound **${vendor.length}** matching rows`);
    // One row edited by its name (the primary column's value): a proposal, like every edit.
    const task = (name: string) => ({ column: 'Task', op: 'eq', value: name });
    expect(plan('change the owner of Plan vendor contracts to Mei Chen', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Owner: 'Mei Chen' }, filter: task('Plan vendor contracts') } }]);
    expect(plan('set Budget to 5,000 for "Test onboarding emails"', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Budget: 5000 }, filter: task('Test onboarding emails') } }]);
    expect(plan('set Budget to 5000 for Migrate to cloud', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Budget: 5000 }, filter: task('Migrate to cloud') } }]);
    expect(plan('mark Plan SSO login as complete', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Status: 'Complete' }, filter: task('Plan SSO login') } }]);
    expect(plan('mark Plan SSO login as urgent', undefined, columns)).toBeUndefined();
    // Groups of no rows: said in words, with the hint about the value no row holds.
    expect(turn(tracker, 'total Budget by Owner where Status is Done')).toMatch(/^No rows match, so there are no groups\.\n\n_No row has Status "Done"\. Status options: /);
    // A count it cannot read a condition for is not answered with every row; a count of every row is.
    expect(plan('how many deals did we win', undefined, columnsOf(pipeline))).toBeUndefined();
    for (const all of ['how many rows are there', 'how many tasks', 'number of tasks in total', 'count rows']) {
      const [call, ...more] = plan(all, undefined, columns)!;
      expect([call!.name, call!.args.metrics, call!.args.filter, more], all).toEqual(['aggregate', [{ fn: 'count' }], undefined, []]);
    }
    // Rows asked about by what holds for them, with no noun at all.
    const late = { and: [{ column: 'Due Date', op: 'lt', value: 'today' }, { column: 'Status', op: 'not_in', values: ['Complete', 'Cancelled'] }] };
    expect(plan("what's overdue?", undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: late } }]);
    expect(plan('is anything blocked', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { column: 'Status', op: 'eq', value: 'Blocked' } } }]);
    expect(plan('anything due this week?', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { column: 'Due Date', op: 'in_period', value: 'this_week' } } }]);
    expect(plan('what is the average Budget', undefined, columns)![0]!.name).toBe('aggregate');
    // A date column named with a period.
    const ledger = columnsOf(toSheet(totalRows(largeSheet(50))));
    expect(plan('items ordered last month', undefined, ledger)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { column: 'Ordered', op: 'in_period', value: 'last_month' } } }]);
    expect(plan('how many items were delivered in Q3 2026', undefined, ledger)![0]!.args.filter).toEqual({ column: 'Delivered', op: 'in_period', value: 'q3_2026' });

    // The answer's first group is the owner with the most blocked rows, counted here independently.
    const blocked = new Map<string, number>();
    for (const r of tracker.rows) if (text(tracker, r, 'Status') === 'Blocked') blocked.set(text(tracker, r, 'Owner'), (blocked.get(text(tracker, r, 'Owner')) ?? 0) + 1);
    const [leader, most] = [...blocked].sort((a, b) => b[1] - a[1])[0]!;
    const tied = [...blocked].filter(([, n]) => n === most).map(([owner]) => `**${owner}**`);
    expect(turn(tracker, 'which Owner has the most blocked tasks')).toContain(`Highest count: ${tied.join(', ')} (${most}${tied.length > 1 ? ' each' : ''}).\n\n| Owner | count |\n| --- | --- |\n| ${leader} | ${most} |`);
    expect(turn(tracker, 'who has the fewest tasks')).toMatch(/^_I read this as: all rows; by Owner\._\n\nLowest count: \*\*[^*]+\*\*/);
    expect(turn(tracker, 'lowest Budget by Status')).not.toMatch(/Highest|Lowest/);
  });

  it('works out arithmetic between columns through computed columns: over budget, budget left, commands over expressions', () => {
    const columns = columnsOf(tracker);
    const number = (r: Sheet['rows'][number], title: string) => Number(r.values[at(tracker, title)] ?? 0);
    const fmt = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);
    const over = { column: 'Spent - Budget', op: 'gt', value: 0 };
    const overComputed = [{ name: 'Spent - Budget', expression: 'Spent - Budget' }];
    expect(plan('which tasks are over budget?', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: over, computed: overComputed } }]);
    const overRows = tracker.rows.filter((r) => number(r, 'Spent') > number(r, 'Budget'));
    expect(overRows.length).toBeGreaterThan(1);
    expect(turn(tracker, 'how many tasks are over budget')).toContain(`_I read this as: Spent - Budget > 0._\n\n**${overRows.length}** matching rows.`);
    // A follow-up narrows it and keeps what it is worked out from.
    expect(plan('now only high priority', 'which tasks are over budget?', columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { and: [over, { column: 'Priority', op: 'eq', value: 'High' }] }, computed: overComputed } }]);
    const danas = overRows.filter((r) => text(tracker, r, 'Owner').includes('Dana'));
    expect(turn(tracker, "Dana's over-budget tasks")).toContain(`Found **${danas.length}** matching rows`);

    // "How much budget is left": budget minus spent over the rows asked about, summed exactly.
    const left = [{ name: 'Budget left', expression: 'Budget - Spent' }];
    expect(plan('how much budget is left?', undefined, columns)).toEqual([{ name: 'aggregate', args: { computed: left, metrics: [{ fn: 'sum', column: 'Budget left' }] } }]);
    const remaining = (rows: typeof tracker.rows) => rows.reduce((sum, r) => sum + number(r, 'Budget') - number(r, 'Spent'), 0);
    expect(turn(tracker, 'how much budget is left?')).toContain(`_I read this as: Budget left = Budget - Spent, all rows._\n\nThe total Budget left is **${fmt(remaining(tracker.rows))}**.`);
    const dana = tracker.rows.filter((r) => text(tracker, r, 'Owner').includes('Dana'));
    expect(turn(tracker, 'how much budget does Dana have left')).toContain(`The total Budget left is **${fmt(remaining(dana))}**.`);
    expect(plan("what's the remaining budget by Owner", undefined, columns)![0]!.args).toMatchObject({ computed: left, groupBy: ['Owner'], sort: { by: 'sum(Budget left)', direction: 'desc' } });

    // "How late": each late row's days past its due date, the latest first, worked out against today.
    const lateFilter = { and: [{ column: 'Due Date', op: 'lt', value: 'today' }, { column: 'Status', op: 'not_in', values: ['Complete', 'Cancelled'] }] };
    const lateness = { computed: [{ name: 'Days late', expression: 'TODAY() - Due Date' }], sort: [{ column: 'Days late', direction: 'desc' }] };
    expect(plan('how late are the overdue tasks?', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: lateFilter, ...lateness } }]);
    expect(plan('how many days late is each overdue task', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: lateFilter, ...lateness } }]);
    const latest = tracker.rows
      .filter((r) => text(tracker, r, 'Due Date') < today && !['Complete', 'Cancelled'].includes(text(tracker, r, 'Status')))
      .map((r) => (Date.parse(today) - Date.parse(text(tracker, r, 'Due Date'))) / 86_400_000)
      .sort((a, b) => b - a)[0]!;
    expect(turn(tracker, 'how late are the overdue tasks?')).toMatch(new RegExp(`\\| Days late \\|\n\\| --- .*\n\\| \\[row:\\d+\\] \\|[^\n]*\\| ${latest} \\|`));

    // Commands take arithmetic wherever they take a column; a title holding an operator stays a title.
    expect(plan('total Budget - Spent by Owner', undefined, columns)![0]!.args).toMatchObject({ metrics: [{ fn: 'sum', column: 'Budget - Spent' }], computed: [{ name: 'Budget - Spent', expression: 'Budget - Spent' }] });
    expect(plan('show rows where Spent - Budget > 1000 sorted by Spent / Budget desc', undefined, columns)![0]!.args).toEqual({
      limit: 20,
      filter: { column: 'Spent - Budget', op: 'gt', value: 1000 },
      sort: [{ column: 'Spent / Budget', direction: 'desc' }],
      computed: [
        { name: 'Spent - Budget', expression: 'Spent - Budget' },
        { name: 'Spent / Budget', expression: 'Spent / Budget' },
      ],
    });
    expect(plan('set Status to At Risk where Spent - Budget > 0', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Status: 'At Risk' }, filter: over, computed: overComputed } }]);
    expect(plan('bulk set Status to At Risk where Spent - Budget > 0', undefined, columns)).toEqual([{ name: 'start_job', args: { kind: 'update', set: { Status: 'At Risk' }, filter: over, computed: overComputed } }]);
    expect(plan('average Due Date - Start Date by Owner', undefined, columns)![0]!.args.computed).toEqual([{ name: 'Due Date - Start Date', expression: 'Due Date - Start Date' }]);
    expect(plan('total Budget by Owner', undefined, columns)![0]!.args).not.toHaveProperty('computed');
    // A sheet without both a budget and a spent column has no "over budget".
    expect(plan('which deals are over budget', undefined, columnsOf(pipeline))).toBeUndefined();
  });

  it('answers shares with the percent metric: of one option asked about, by a group named, of a column of numbers', () => {
    const columns = columnsOf(tracker);
    const byStatus = { groupBy: ['Status'], metrics: [{ fn: 'count' }, { fn: 'percent' }], sort: { by: 'percent', direction: 'desc' } };
    expect(plan('what percentage of tasks are complete?', undefined, columns)).toEqual([{ name: 'aggregate', args: byStatus }]);
    const dana = { column: 'Owner', op: 'contains', value: 'Dana' };
    expect(plan("what percent of Dana's tasks are blocked", undefined, columns)).toEqual([{ name: 'aggregate', args: { ...byStatus, filter: dana } }]);
    expect(plan('share of Budget by Owner', undefined, columns)![0]!.args).toEqual({ groupBy: ['Owner'], metrics: [{ fn: 'sum', column: 'Budget' }, { fn: 'percent', column: 'Budget' }], sort: { by: 'percent(Budget)', direction: 'desc' } });
    // A share of rows a condition holds for: grouped by that condition, among the owner's rows if it names one.
    const overdue = { name: 'Overdue', filter: { and: [{ column: 'Due Date', op: 'lt', value: 'today' }, { column: 'Status', op: 'not_in', values: ['Complete', 'Cancelled'] }] } };
    expect(plan('what percent of tasks are overdue', undefined, columns)).toEqual([{ name: 'aggregate', args: { groupBy: [overdue], metrics: [{ fn: 'count' }, { fn: 'percent' }] } }]);
    expect(plan("what percentage of Dana's tasks are over budget", undefined, columns)![0]!.args).toEqual({
      groupBy: [{ name: 'Over budget', filter: { column: 'Spent - Budget', op: 'gt', value: 0 } }],
      metrics: [{ fn: 'count' }, { fn: 'percent' }],
      filter: dana,
      computed: [{ name: 'Spent - Budget', expression: 'Spent - Budget' }],
    });
    const lateRows = tracker.rows.filter((r) => text(tracker, r, 'Due Date') < today && !['Complete', 'Cancelled'].includes(text(tracker, r, 'Status'))).length;
    expect(turn(tracker, 'what percent of tasks are overdue?')).toContain(
      `_I read this as: Overdue = Due Date is before today, Status is not Complete or Cancelled, all rows._\n\n**Overdue**: **${Math.round((lateRows / tracker.rows.length) * 1e4) / 100}%** of the rows (${lateRows} of ${tracker.rows.length}).`,
    );
    expect(plan('what percent of the tasks does Dana have', undefined, columns)![0]!.args).toEqual({ groupBy: [{ name: 'Owner contains "Dana"', filter: dana }], metrics: [{ fn: 'count' }, { fn: 'percent' }] });
    // A share of nothing it can read is not answered with a count; "share" as a word is no share.
    expect(plan('what percent of tasks', undefined, columns)).toBeUndefined();
    expect(plan('which tasks mention share', undefined, columns)![0]!.name).toBe('query_rows');

    // The share asked about leads, worked out here independently.
    const danas = tracker.rows.filter((r) => text(tracker, r, 'Owner').includes('Dana'));
    const blocked = danas.filter((r) => text(tracker, r, 'Status') === 'Blocked').length;
    const pct = Math.round((blocked / danas.length) * 1e4) / 100;
    expect(turn(tracker, "what percent of Dana's tasks are blocked?")).toContain(`_I read this as: Owner contains "Dana"; by Status._\n\n**Blocked**: **${pct}%** of the rows (${blocked} of ${danas.length}).\n\n| Status | count | percent |`);
    const budgets = new Map<string, number>();
    for (const r of tracker.rows) budgets.set(text(tracker, r, 'Owner'), (budgets.get(text(tracker, r, 'Owner')) ?? 0) + Number(r.values[at(tracker, 'Budget')] ?? 0));
    const total = [...budgets.values()].reduce((a, b) => a + b, 0);
    const [top, most] = [...budgets].sort((a, b) => b[1] - a[1])[0]!;
    expect(turn(tracker, 'share of Budget by Owner')).toContain(`Highest share of Budget: **${top}** (${Math.round((most / total) * 1e4) / 100}%).`);
  });

  it("answers a rate within each group: each group's share of its own rows that a condition holds for", () => {
    const columns = columnsOf(tracker);
    const complete = { column: 'Status', op: 'eq', value: 'Complete' };
    const rate = (where: unknown, name: string) => [{ fn: 'count' }, { fn: 'percent', where, name }];
    expect(plan("what percentage of each owner's tasks are complete?", undefined, columns)).toEqual([
      { name: 'aggregate', args: { groupBy: ['Owner'], metrics: rate(complete, 'Complete'), sort: { by: 'percent Complete', direction: 'desc' } } },
    ]);
    // The conditions before "are" choose the rows; those after it are the share; "by Owner" groups as "each owner's" does.
    const blocked = { column: 'Status', op: 'eq', value: 'Blocked' };
    expect(plan("what percent of each owner's high priority tasks are blocked", undefined, columns)![0]!.args).toEqual({ groupBy: ['Owner'], metrics: rate(blocked, 'Blocked'), sort: { by: 'percent Blocked', direction: 'desc' }, filter: { column: 'Priority', op: 'eq', value: 'High' } });
    expect(plan('what percent of tasks are blocked by Owner', undefined, columns)![0]!.args.metrics).toEqual(rate(blocked, 'Blocked'));
    expect(plan("what % of each Priority's tasks are over budget", undefined, columns)![0]!.args).toMatchObject({ groupBy: ['Priority'], metrics: rate({ column: 'Spent - Budget', op: 'gt', value: 0 }, 'Over budget'), computed: [{ name: 'Spent - Budget', expression: 'Spent - Budget' }] });
    // Without "are …" it stays a share of the whole: how the rows divide between the owners.
    expect(plan('percentage of tasks by Owner', undefined, columns)![0]!.args.metrics).toEqual([{ fn: 'count' }, { fn: 'percent' }]);

    // Each owner's rate worked out here, independently, and the highest leads.
    const owners = new Map<string, { all: number; done: number }>();
    for (const r of tracker.rows) {
      const o = owners.get(text(tracker, r, 'Owner')) ?? { all: 0, done: 0 };
      o.all++;
      if (text(tracker, r, 'Status') === 'Complete') o.done++;
      owners.set(text(tracker, r, 'Owner'), o);
    }
    const pct = (o: { all: number; done: number }) => Math.round((o.done / o.all) * 1e4) / 100;
    const [best, counts] = [...owners].sort((a, b) => pct(b[1]) - pct(a[1]))[0]!;
    const said = turn(tracker, "what percentage of each owner's tasks are complete?");
    expect(said).toContain(`_I read this as: Complete = Status is "Complete", all rows; by Owner._\n\nHighest share Complete: **${best}** (${pct(counts)}%).`);
    for (const [owner, o] of owners) expect(said).toContain(`| ${owner} | ${o.all} | ${pct(o)} |`);
  });

  it('groups by "each …" and "in each …" as by "by …", but "each task" is every row, not a group', () => {
    const columns = columnsOf(tracker);
    expect(plan('how many tasks are in each Status for Dana', undefined, columns)![0]!.args).toEqual({ metrics: [{ fn: 'count' }], groupBy: ['Status'], sort: { by: 'count', direction: 'desc' }, filter: { column: 'Owner', op: 'contains', value: 'Dana' } });
    expect(plan('how many tasks does each owner have', undefined, columns)![0]!.args).toMatchObject({ groupBy: ['Owner'] });
    expect(plan('how late is each task', undefined, columns)![0]!.name).toBe('query_rows');
  });

  it('reads several people as any of them, never the first alone', () => {
    const columns = columnsOf(tracker);
    const both = { column: 'Owner', op: 'in', values: ['Dana Whitfield', 'Mei Chen'] };
    expect(plan("total budget of Dana's and Mei's tasks", undefined, columns)![0]!.args.filter).toEqual(both);
    expect((plan('tasks owned by Dana and Mei Chen that are late', undefined, columns)![0]!.args.filter as { and: unknown[] }).and[0]).toEqual(both);
    // One person said in full is one person, not also their first name.
    expect(plan('how many tasks does Mei Chen have', undefined, columns)![0]!.args.filter).toEqual({ column: 'Owner', op: 'contains', value: 'Mei Chen' });
    const theirs = tracker.rows.filter((r) => ['Dana Whitfield', 'Mei Chen'].includes(text(tracker, r, 'Owner')));
    const total = theirs.reduce((sum, r) => sum + Number(r.values[at(tracker, 'Budget')] ?? 0), 0);
    expect(turn(tracker, "total budget of Dana's and Mei's tasks")).toContain(`_I read this as: Owner is Dana Whitfield or Mei Chen._\n\nThe total Budget is **${new Intl.NumberFormat('en-US').format(total)}**.`);
  });

  it('reads spans of days, ranges of numbers, the biggest value, two columns compared, completion rates and overviews', () => {
    const columns = columnsOf(tracker);
    const filterOf = (q: string) => plan(q, undefined, columns)![0]!.args.filter;
    expect(filterOf('what tasks are due in the next 2 weeks?')).toEqual({ column: 'Due Date', op: 'within_next', amount: 2, unit: 'week' });
    expect(filterOf('how many tasks are due within 30 days')).toEqual({ column: 'Due Date', op: 'within_next', amount: 30, unit: 'day' });
    expect(filterOf('tasks started in the last 3 months')).toEqual({ column: 'Start Date', op: 'within_last', amount: 3, unit: 'month' });
    expect(filterOf('how many tasks have Budget between 20k and 10,000')).toEqual({ column: 'Budget', op: 'between', values: [10000, 20000] });
    expect(plan("what's the biggest budget?", undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'max', column: 'Budget' }], groupBy: [] } }]);
    expect(plan('compare budget vs spent by owner', undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Budget' }, { fn: 'sum', column: 'Spent' }], groupBy: ['Owner'] } }]);
    expect(plan('compare Budget with Status', undefined, columns)?.[0]?.args.metrics).not.toEqual([{ fn: 'sum', column: 'Budget' }, { fn: 'sum', column: 'Status' }]); // not a column of numbers
    const complete = { fn: 'percent', where: { column: 'Status', op: 'eq', value: 'Complete' }, name: 'Complete' };
    expect(plan('what is the completion rate by priority?', undefined, columns)).toEqual([{ name: 'aggregate', args: { groupBy: ['Priority'], metrics: [{ fn: 'count' }, complete], sort: { by: 'percent Complete', direction: 'desc' } } }]);
    expect(plan('summarize the sheet', undefined, columns)).toEqual([{ name: 'describe_sheet', args: {} }]);

    // Answers worked out here: the rows due in two weeks, a range, and one owner's completion rate with its % sign.
    const inTwoWeeks = tracker.rows.filter((r) => text(tracker, r, 'Due Date') >= today && text(tracker, r, 'Due Date') <= '2026-08-15');
    expect(turn(tracker, 'how many tasks are due in the next 2 weeks')).toContain(`**${inTwoWeeks.length}** matching rows`);
    const ranged = tracker.rows.filter((r) => Number(r.values[at(tracker, 'Budget')]) >= 10000 && Number(r.values[at(tracker, 'Budget')]) <= 20000);
    expect(turn(tracker, 'how many tasks have Budget between 10000 and 20000')).toContain(`_I read this as: Budget is between 10000 and 20000._\n\n**${ranged.length}** matching rows`);
    const danas = tracker.rows.filter((r) => text(tracker, r, 'Owner').includes('Dana'));
    const done = danas.filter((r) => text(tracker, r, 'Status') === 'Complete').length;
    expect(turn(tracker, "what's the completion rate of Dana's tasks")).toContain(`**${danas.length}** matching rows, the share Complete is **${Math.round((done / danas.length) * 1e4) / 100}%**.`);
  });

  it('on a sales pipeline: win rates among decided deals, open deals, and amounts without the one column of numbers named', () => {
    const columns = columnsOf(pipeline);
    const decided = { column: 'Stage', op: 'in', values: ['Won', 'Lost'] };
    expect(plan("what's our win rate by Region?", undefined, columns)).toEqual([
      { name: 'aggregate', args: { groupBy: ['Region'], metrics: [{ fn: 'count' }, { fn: 'percent', where: { column: 'Stage', op: 'eq', value: 'Won' }, name: 'Won' }], sort: { by: 'percent Won', direction: 'desc' }, filter: decided } },
    ]);
    const open = { column: 'Stage', op: 'not_in', values: ['Won', 'Lost'] };
    expect(plan('how many deals over 100k are still open', undefined, columns)![0]!.args.filter).toEqual({ and: [open, { column: 'Deal Value', op: 'gt', value: 100000 }] });
    // "over 30 days" is no amount and no span of days; on the tracker (two columns of numbers) "over 10k" names no column.
    expect(plan('deals over 30 days old', undefined, columns)).toBeUndefined();
    expect(plan('deals closing over the next 30 days', undefined, columns)![0]!.args.filter).toEqual({ column: 'Close Date', op: 'within_next', amount: 30, unit: 'day' });
    expect(plan('how many tasks over 10k', undefined, columnsOf(tracker))).toBeUndefined();

    const decidedRows = pipeline.rows.filter((r) => ['Won', 'Lost'].includes(text(pipeline, r, 'Stage')));
    const wins = decidedRows.filter((r) => text(pipeline, r, 'Stage') === 'Won').length;
    expect(turn(pipeline, 'what is the win rate')).toContain(`**${decidedRows.length}** matching rows, the share Won is **${Math.round((wins / decidedRows.length) * 1e4) / 100}%**.`);
  });

  it('reads what changed when: the day each row last changed (MODIFIED()), in the period said, latest first', () => {
    const columns = columnsOf(tracker);
    const changed = { computed: [{ name: 'Last changed', expression: 'MODIFIED()' }] };
    const latest = { sort: [{ column: 'Last changed', direction: 'desc' }] };
    expect(plan('what changed this week?', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { column: 'Last changed', op: 'in_period', value: 'this_week' }, ...latest, ...changed } }]);
    expect(plan('which tasks were updated in the last 3 days', undefined, columns)![0]!.args.filter).toEqual({ column: 'Last changed', op: 'within_last', amount: 3, unit: 'day' });
    expect(plan('what was modified since yesterday', undefined, columns)![0]!.args.filter).toEqual({ column: 'Last changed', op: 'within_last', amount: 1, unit: 'day' });
    expect(plan('recently updated tasks', undefined, columns)![0]!.args.filter).toEqual({ column: 'Last changed', op: 'within_last', amount: 7, unit: 'day' });
    expect(plan('how many rows were edited today', undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'count' }], groupBy: [], filter: { column: 'Last changed', op: 'in_period', value: 'today' }, ...changed } }]);
    // "updated" in text asked about is text, not a time.
    expect(plan('which tasks mention updated pricing', undefined, columns)![0]!.args).not.toHaveProperty('computed');

    // Counted here from the rows' own last changes.
    const edited: Sheet = { ...tracker, rows: tracker.rows.map((r, i) => ({ ...r, modifiedAt: i % 7 === 0 ? '2026-07-30T10:00:00Z' : '2026-05-01T10:00:00Z' })) };
    expect(turn(edited, 'how many rows changed in the last 3 days')).toContain(`**${tracker.rows.filter((_, i) => i % 7 === 0).length}** matching rows`);
  });

  it('averages the days late by a group, worked out per row against today', () => {
    const columns = columnsOf(tracker);
    expect(plan('average days late by Owner', undefined, columns)![0]!.args).toMatchObject({ metrics: [{ fn: 'avg', column: 'Days late' }], groupBy: ['Owner'], computed: [{ name: 'Days late', expression: 'TODAY() - Due Date' }] });
    const late = tracker.rows.filter((r) => text(tracker, r, 'Due Date') < today && !['Complete', 'Cancelled'].includes(text(tracker, r, 'Status')));
    const byOwner = new Map<string, number[]>();
    for (const r of late) byOwner.set(text(tracker, r, 'Owner'), [...(byOwner.get(text(tracker, r, 'Owner')) ?? []), (Date.parse(today) - Date.parse(text(tracker, r, 'Due Date'))) / 86_400_000]);
    const said = turn(tracker, 'average days late by Owner');
    for (const [owner, days] of byOwner) expect(said).toContain(`| ${owner} | ${Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 100) / 100} |`);
    expect(said).not.toContain('count');
  });

  it('answers several options of a column as any of them, counted here', () => {
    const either = tracker.rows.filter((r) => ['High', 'Medium'].includes(text(tracker, r, 'Priority'))).length;
    expect(turn(tracker, 'how many tasks are high or medium priority')).toContain(`_I read this as: Priority is High or Medium._\n\n**${either}** matching rows.`);
  });

  it('orders the rows as asked ("sorted by Budget desc", "ordered by Due Date, latest first"), never grouping by the sort column', () => {
    const columns = columnsOf(tracker);
    expect(plan('show tasks due this week sorted by Budget', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { column: 'Due Date', op: 'in_period', value: 'this_week' }, sort: [{ column: 'Budget', direction: 'asc' }] } }]);
    expect(plan("list Dana's blocked tasks ordered by Due Date, latest first", undefined, columns)![0]!.args.sort).toEqual([{ column: 'Due Date', direction: 'desc' }]);
    const said = turn(tracker, 'show overdue tasks sorted by Budget desc');
    expect(said).toContain('_I read this as: Due Date is before today, Status is not Complete or Cancelled; sorted by Budget, highest first._');
    const budgets = [...said.matchAll(/^\| \[row:\d+\] \|.*\| ([\d,]+) \|$/gm)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(budgets.length).toBeGreaterThan(2);
    expect(budgets).toEqual([...budgets].sort((a, b) => b - a));
  });

  it('ranks by an amount ("who owns the most budget": totals), names the rows holding a value ("which task has the highest budget")', () => {
    const columns = columnsOf(tracker);
    expect(plan('who owns the most budget', undefined, columns)![0]!.args).toEqual({ groupBy: ['Owner'], metrics: [{ fn: 'sum', column: 'Budget' }], sort: { by: 'sum(Budget)', direction: 'desc' } });
    expect(plan('which task has the highest budget', undefined, columns)).toEqual([{ name: 'aggregate', args: { groupBy: [], metrics: [{ fn: 'max', column: 'Budget' }] } }]);
    const top = Math.max(...tracker.rows.map((r) => Number(r.values[at(tracker, 'Budget')] ?? 0)));
    const holders = tracker.rows.filter((r) => Number(r.values[at(tracker, 'Budget')]) === top).map((r) => `[row:${r.id}]`);
    expect(turn(tracker, 'which task has the lowest Spent')).toMatch(/The lowest Spent is \*\*[\d,.]+\*\* \(\[row:\d+\]/);
    expect(turn(tracker, 'which task has the highest budget')).toContain(`The highest Budget is **${new Intl.NumberFormat('en-US').format(top)}** (${holders.join(' ')}).`);
  });

  it('reads a period said of no date as of the due date, and says so; empty columns said as "with empty …"', () => {
    const columns = columnsOf(tracker);
    expect(plan("what's the total spent this quarter", undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Spent' }], groupBy: [], filter: { column: 'Due Date', op: 'in_period', value: 'this_quarter' } } }]);
    expect(turn(tracker, "what's the total spent this quarter")).toContain('_I read this as: Due Date is in this quarter._');
    // Not when a date is named already, or rows changed then, or lateness is asked.
    expect(plan('which tasks started last month', undefined, columns)![0]!.args.filter).toEqual({ column: 'Start Date', op: 'in_period', value: 'last_month' });
    expect(plan('what changed this week', undefined, columns)![0]!.args.filter).toEqual({ column: 'Last changed', op: 'in_period', value: 'this_week' });
    expect(plan('tasks with empty notes', undefined, columns)![0]!.args.filter).toEqual({ column: 'Notes', op: 'is_empty' });
  });

  it('groups a plain question by a period of a date ("by month of Delivered", "by quarter": the due date), in time order', () => {
    const columns = columnsOf(tracker);
    expect(plan("what's the average Budget by month of Due Date", undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'avg', column: 'Budget' }], groupBy: [{ column: 'Due Date', bucket: 'month' }] } }]);
    expect(plan('total Budget by quarter', undefined, columns)![0]!.args.groupBy).toEqual([{ column: 'Due Date', bucket: 'quarter' }]);
    expect(plan('compare Budget and Spent by quarter of Start Date', undefined, columns)![0]!.args.groupBy).toEqual([{ column: 'Start Date', bucket: 'quarter' }]);
    const months = [...new Set(tracker.rows.map((r) => text(tracker, r, 'Due Date').slice(0, 7)))].sort();
    const said = turn(tracker, "what's the average Budget by month of Due Date");
    expect([...said.matchAll(/^\| (\d{4}-\d{2}) \|/gm)].map((m) => m[1])).toEqual(months);
    // How it read the grouping is said, so a grouping not read would show.
    expect(said).toContain('_I read this as: all rows; by month of Due Date._');
  });

  it('writes counts in the thousands with separators', () => {
    const big = toSheet(totalRows(largeSheet(1500)));
    expect(turn(big, 'show rows sorted by Amount desc limit 3')).toContain('Found **1,500** matching rows (showing 3)');
    expect(turn(big, 'describe')).toContain('has 1,500 rows and 20 columns');
  });

  it('says one row, and one group, in the singular', () => {
    const tasks = tracker.rows.map((r) => text(tracker, r, 'Task'));
    const once = tasks.find((t) => tasks.indexOf(t) === tasks.lastIndexOf(t))!;
    expect(turn(tracker, `show rows where Task is "${once}"`)).toContain('Found **1** matching row:');
    expect(turn(tracker, `how many rows where Task is "${once}"`)).toContain('**1** matching row.');
    expect(turn(tracker, `count by Status where Task is "${once}"`)).toContain('1 group over 1 row.');
  });

  it('still says what it understands when a text is neither a command nor a question it can read', () => {
    const columns = columnsOf(tracker);
    for (const said of ['tell me a joke', 'hello', 'what do you think about the weather']) expect(plan(said, undefined, columns)).toBeUndefined();
    expect(turn(tracker, 'tell me a joke')).toContain("I'm the **offline model**");
  });

  it("offers examples in the sheet's own words, every one of which it understands", () => {
    for (const sheet of [tracker, pipeline, toSheet(totalRows(largeSheet(300)))]) {
      const said = turn(sheet, 'tell me a joke');
      const examples = [...said.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      expect(examples.length, sheet.name).toBeGreaterThan(12);
      for (const example of examples) expect(plan(example, undefined, columnsOf(sheet)), `${sheet.name}: ${example}`).toBeDefined();
    }
    const help = turn(pipeline, 'tell me a joke');
    expect(help).toContain('`total Deal Value by Account Owner`');
    expect(help).not.toMatch(/Budget|tasks/);
  });

  it('understands every question the web app suggests for a sheet, and answers the read-only ones', () => {
    for (const sheet of [tracker, pipeline, toSheet(totalRows(largeSheet(300)))]) {
      const offered = suggestions(sheet);
      expect(offered.length).toBeGreaterThanOrEqual(3);
      for (const { text: question } of offered) {
        const calls = plan(question, undefined, columnsOf(sheet));
        expect(calls, `${sheet.name}: ${question}`).toBeDefined();
        if (calls!.every((c) => readTools.some((t) => t.name === c.name))) expect(turn(sheet, question), `${sheet.name}: ${question}`).not.toMatch(/didn't work|I'm the \*\*offline model/);
        else expect(calls!.map((c) => c.name)).toEqual(['update_cells']);
      }
    }
  });
});
