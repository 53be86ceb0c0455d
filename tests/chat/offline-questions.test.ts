import { describe, expect, it } from 'vitest';
import { plan } from '../../infra/offline-model/commands.js';
import { largeSheet } from '../../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { toSheet } from '../../shared/sheet/model.js';
import { readTools } from '../../shared/tools/catalogue.js';
import { suggestions } from '../../shared/tools/suggestions.js';
import { at, columnsOf, pipeline, text, today, tracker, turn } from '../support/offline-model.js';

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

  it('says the numbers of a column Smartsheet formats as the sheet shows them, and reads a percentage said of one', () => {
    const deals = pipeline.rows.map((r) => r.values[at(pipeline, 'Deal Value')] as number);
    const chances = pipeline.rows.map((r) => r.values[at(pipeline, 'Win Chance')] as number);
    expect(turn(pipeline, 'total Deal Value by Region')).toMatch(/^Highest total Deal Value: \*\*\w+\*\* \(\$\d{1,3}(,\d{3})*\)\.\n\n\| Region \| sum\(Deal Value\) \|\n\| --- \| --- \|\n\| \w+ \| \$\d/);
    const average = chances.reduce((a, b) => a + b, 0) / chances.length;
    expect(turn(pipeline, 'average Win Chance')).toContain(`The average Win Chance is **${Math.round(average * 100)}%**.`);
    expect(turn(pipeline, 'stats Deal Value')).toContain(`Min $${Math.min(...deals).toLocaleString('en-US')},`);
    expect(turn(pipeline, 'show rows where Win Chance > 50%')).toContain(`Found **${chances.filter((c) => c > 0.5).length}** matching rows`);
    // Said in a plain question too: "over 50%" of a column shown as percentages is over 0.5, not over 50.
    expect(turn(pipeline, 'which deals have Win Chance over 50%')).toContain(`Found **${chances.filter((c) => c > 0.5).length}** matching rows`);
    expect(turn(pipeline, 'how many deals have Win Chance between 20% and 60%')).toContain(`**${chances.filter((c) => c >= 0.2 && c <= 0.6).length}** matching rows`);
    // A column shown plain, plainly.
    expect(turn(tracker, 'total Budget by Owner')).not.toContain('$');
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
    // A checkbox named as what rows are is ticked ("renewals"), or not ("non-renewals"); "excluding" an option is not it.
    expect(plan('average Deal Value for renewals', undefined, pipelineColumns)![0]!.args.filter).toEqual({ column: 'Renewal', op: 'eq', value: true });
    expect(plan('how many non-renewals are in Europe', undefined, pipelineColumns)![0]!.args.filter).toEqual({ and: [{ column: 'Region', op: 'eq', value: 'Europe' }, { column: 'Renewal', op: 'eq', value: false }] });
    expect(plan('total Deal Value excluding lost', undefined, pipelineColumns)![0]!.args.filter).toEqual({ column: 'Stage', op: 'ne', value: 'Lost' });
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

  it('follows a conversation: a follow-up of a follow-up refines both; "of them", "their", "sort them", "what about" a column', () => {
    const is = (r: (typeof tracker.rows)[number], title: string, value: string) => text(tracker, r, title) === value;
    const blockedHigh = tracker.rows.filter((r) => is(r, 'Status', 'Blocked') && is(r, 'Priority', 'High'));
    expect(blockedHigh.length).toBeGreaterThan(1);
    const said = ['which tasks are blocked', 'how many of them are high priority'];
    expect(turn(tracker, said[1]!, said.slice(0, 1))).toContain(`_I read this as: Status is "Blocked", Priority is "High"._\n\n**${blockedHigh.length}** matching rows.`);
    // Sorted, then totalled: still the blocked high-priority tasks, two follow-ups on.
    const sorted = turn(tracker, 'sort them by Budget, highest first', said);
    expect(sorted).toContain('_I read this as: Status is "Blocked", Priority is "High"; sorted by Budget, highest first._');
    const total = blockedHigh.reduce((sum, r) => sum + Number(r.values[at(tracker, 'Budget')] ?? 0), 0);
    expect(turn(tracker, 'what is their total budget', [...said, 'sort them by Budget'])).toContain(`The total Budget is **${new Intl.NumberFormat('en-US').format(total)}**`);
    // "what about Spent?" after a total by Owner is the same total of Spent — never an owner called "Spent".
    expect(plan('what about Spent?', 'total Budget by Owner', columnsOf(tracker))).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Spent' }], groupBy: ['Owner'], sort: { by: 'sum(Spent)', direction: 'desc' } } }]);
    // A follow-up of "what about Mei?" is of Mei's tasks, not of the question before it.
    expect(turn(tracker, 'only the overdue ones', ["show Dana's tasks", 'what about Mei?'])).toContain('_I read this as: Owner contains "Mei", Due Date is before today');
    // "their" in a question of its own points back at nothing.
    expect(plan('which tasks have their Notes empty', 'show Dana\'s tasks', columnsOf(tracker))).toBeUndefined();
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
      { name: 'aggregate', args: { groupBy: ['Owner'], metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'desc' }, limit: 10, filter: { column: 'Status', op: 'eq', value: 'Blocked' } } },
    ]);
    expect(plan('who has the fewest tasks', undefined, columns)![0]!.args).toEqual({ groupBy: ['Owner'], metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'asc' }, limit: 10 });
    // "Each person" is each of the people the rows belong to.
    expect(plan('how many tasks does each person have', undefined, columns)![0]!.args).toEqual({ metrics: [{ fn: 'count' }], groupBy: ['Owner'], sort: { by: 'count', direction: 'desc' } });
    expect(plan('total Budget per person', undefined, columns)![0]!.args).toMatchObject({ metrics: [{ fn: 'sum', column: 'Budget' }], groupBy: ['Owner'] });
    expect(plan('which status has the highest total Budget?', undefined, columns)![0]!.args).toEqual({ groupBy: ['Status'], metrics: [{ fn: 'sum', column: 'Budget' }], sort: { by: 'sum(Budget)', direction: 'desc' }, limit: 10 });
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
    // What someone is working on, or has on their plate: their open tasks, not the finished ones too.
    const openOf = (name: string) => ({ and: [{ column: 'Owner', op: 'contains', value: name }, { column: 'Status', op: 'not_in', values: ['Complete', 'Cancelled'] }] });
    expect(plan('what is Dana working on?', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: openOf('Dana') } }]);
    expect(plan("what's on Mei's plate", undefined, columns)![0]!.args.filter).toEqual(openOf('Mei'));
    // What someone finished: their completed rows ("not finished" is the open ones).
    expect(plan('what did Ravi finish?', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { and: [{ column: 'Owner', op: 'contains', value: 'Ravi' }, { column: 'Status', op: 'eq', value: 'Complete' }] } } }]);
    expect(plan('which tasks are not finished', undefined, columns)![0]!.args.filter).toEqual({ column: 'Status', op: 'not_in', values: ['Complete', 'Cancelled'] });
    // One row edited by its name (the primary column's value): a proposal, like every edit.
    const task = (name: string) => ({ column: 'Task', op: 'eq', value: name });
    expect(plan('change the owner of Plan vendor contracts to Mei Chen', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Owner: 'Mei Chen' }, filter: task('Plan vendor contracts') } }]);
    expect(plan('set Budget to 5,000 for "Test onboarding emails"', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Budget: 5000 }, filter: task('Test onboarding emails') } }]);
    expect(plan('set Budget to 5000 for Migrate to cloud', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Budget: 5000 }, filter: task('Migrate to cloud') } }]);
    expect(plan('mark Plan SSO login as complete', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Status: 'Complete' }, filter: task('Plan SSO login') } }]);
    // A value it cannot place is no edit — nor a question: a list of the rows would look like the edit done.
    expect(() => plan('mark Plan SSO login as urgent', undefined, columns)).toThrow('I could not tell what "urgent" sets: it is not an option of a dropdown column, nor a checkbox column.');
    expect(() => plan('mark all Lost deals as renewal false', undefined, columnsOf(pipeline))).toThrow('I could not tell what "renewal false" sets');
    expect(turn(tracker, "mark Dana's blocked tasks as urgent")).not.toMatch(/matching rows|update_cells|prepared a change/);
    // Groups of no rows: said in words, with the hint about the value no row holds.
    expect(turn(tracker, 'total Budget by Owner where Status is Done')).toMatch(/^No rows match, so there are no groups\.\n\n_No row has Status "Done"\. Status options: /);
    // A count it cannot read a condition for is not answered with every row; a count of every row is.
    expect(plan('how many deals did we close', undefined, columnsOf(pipeline))).toBeUndefined();
    // The verb said of an outcome is that outcome: "did we lose" is Lost (it counted every deal of the quarter).
    const won = { column: 'Stage', op: 'eq', value: 'Won' };
    expect(plan('how many deals did we win', undefined, columnsOf(pipeline))![0]!.args.filter).toEqual(won);
    expect(plan('how many deals did we lose last quarter', undefined, columnsOf(pipeline))![0]!.args.filter).toEqual({ and: [{ column: 'Close Date', op: 'in_period', value: 'last_quarter' }, { ...won, value: 'Lost' }] });
    expect(plan('which deals did Dana win', undefined, columnsOf(pipeline))![0]!.args.filter).toEqual({ and: [{ column: 'Account Owner', op: 'contains', value: 'Dana' }, won] });
    // A deal we will win is not decided yet.
    expect(plan('which deals will we win', undefined, columnsOf(pipeline))).toBeUndefined();
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
    const ledgerSheet = toSheet(totalRows(largeSheet(50)));
    const ledger = columnsOf(ledgerSheet);
    expect(plan('items ordered last month', undefined, ledger)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: { column: 'Ordered', op: 'in_period', value: 'last_month' } } }]);
    expect(plan('how many items were delivered in Q3 2026', undefined, ledger)![0]!.args.filter).toEqual({ column: 'Delivered', op: 'in_period', value: 'q3_2026' });
    // "Late" needs a due date: on a sheet of order and delivery dates it is neither read as "before today" nor left
    // out (which would answer, or change, more rows than asked about) — it says so, with a question it can answer.
    expect(() => plan('which items were delivered late', undefined, ledger)).toThrow('I cannot tell which rows are late: this sheet has no due date');
    expect(() => plan('delete urgent late items', undefined, ledger)).toThrow('no due date');
    const said = turn(ledgerSheet, 'which items were delivered late');
    expect(said).toContain('`rows where Delivered - Ordered > 14`');
    expect(turn(ledgerSheet, 'rows where Delivered - Ordered > 14')).toMatch(/Found \*\*\d+\*\* matching rows?/);

    // The answer's first group is the owner with the most blocked rows, counted here independently.
    const blocked = new Map<string, number>();
    for (const r of tracker.rows) if (text(tracker, r, 'Status') === 'Blocked') blocked.set(text(tracker, r, 'Owner'), (blocked.get(text(tracker, r, 'Owner')) ?? 0) + 1);
    const [leader, most] = [...blocked].sort((a, b) => b[1] - a[1])[0]!;
    const tied = [...blocked].filter(([, n]) => n === most).map(([owner]) => `**${owner}**`);
    expect(turn(tracker, 'which Owner has the most blocked tasks')).toContain(`Highest count: ${tied.join(', ')} (${most}${tied.length > 1 ? ' each' : ''}).\n\n| Owner | count |\n| --- | --- |\n| ${leader} | ${most} |`);
    expect(turn(tracker, 'who has the fewest tasks')).toMatch(/^_I read this as: all rows; by Owner\._\n\nLowest count: \*\*[^*]+\*\*/);
    expect(turn(tracker, 'lowest Budget by Status')).not.toMatch(/Highest|Lowest/);
  });

  it('bounds the due date by days said ("due between … and …", "due before …") and by the end of this period (overdue ones too)', () => {
    const columns = columnsOf(tracker);
    const due = (r: (typeof tracker.rows)[number]) => text(tracker, r, 'Due Date');
    expect(plan('tasks due between 2026-09-01 and 2026-09-30', undefined, columns)![0]!.args.filter).toEqual({ column: 'Due Date', op: 'between', values: ['2026-09-01', '2026-09-30'] });
    const september = tracker.rows.filter((r) => due(r) >= '2026-09-01' && due(r) <= '2026-09-30');
    expect(turn(tracker, 'how many tasks are due between 2026-09-01 and 2026-09-30')).toContain(`_I read this as: Due Date is between 2026-09-01 and 2026-09-30._\n\n**${september.length}** matching rows.`);
    const blockedLate = tracker.rows.filter((r) => due(r) > '2026-10-01' && text(tracker, r, 'Status') === 'Blocked');
    expect(turn(tracker, 'how many blocked tasks are due after 2026-10-01')).toContain(`_I read this as: Due Date is after 2026-10-01, Status is "Blocked"._\n\n**${blockedLate.length}** matching rows.`);
    // "By the end of the year" is every due date before next year: past ones too, and not also "this year" alone.
    const byYearEnd = tracker.rows.filter((r) => due(r) !== '' && due(r) <= `${today.slice(0, 4)}-12-31`);
    expect(byYearEnd.length).toBeGreaterThan(0);
    expect(byYearEnd.length).toBeLessThan(tracker.rows.length); // one task is due next year
    expect(turn(tracker, 'how many tasks are due before the end of the year')).toContain(`_I read this as: (Due Date is before today or Due Date is in this year)._\n\n**${byYearEnd.length}** matching rows.`);
    // "By" a day is on or before it — answered by the tools (an operator they do not know would fail the turn).
    const byOctober = tracker.rows.filter((r) => due(r) <= '2026-10-01');
    expect(turn(tracker, 'how many tasks are due by 2026-10-01')).toContain(`_I read this as: Due Date is on or before 2026-10-01._\n\n**${byOctober.length}** matching rows.`);
    expect(turn(tracker, 'how many tasks are due on or after 2026-10-01')).toContain(`_I read this as: Due Date is on or after 2026-10-01._\n\n**${tracker.rows.filter((r) => due(r) >= '2026-10-01').length}** matching rows.`);
    expect(plan('tasks due by the end of this month', undefined, columns)![0]!.args.filter).toEqual({ or: [{ column: 'Due Date', op: 'lt', value: 'today' }, { column: 'Due Date', op: 'in_period', value: 'this_month' }] });
  });

  it('reads a column that holds something ("tasks with notes", "have a Summary") and one left empty, and says so', () => {
    const noted = tracker.rows.filter((r) => text(tracker, r, 'Notes') !== '');
    expect(noted.length).toBeLessThan(tracker.rows.length);
    expect(turn(tracker, 'how many tasks have notes')).toContain(`_I read this as: Notes is not empty._\n\n**${noted.length}** matching rows.`);
    expect(plan('which tasks have an empty Summary', undefined, columnsOf(tracker))![0]!.args.filter).toEqual({ column: 'Summary', op: 'is_empty' });
    // A title followed by a comparison is that comparison, not "holds something".
    expect(plan('tasks with Budget over 5000', undefined, columnsOf(tracker))![0]!.args.filter).toEqual({ column: 'Budget', op: 'gt', value: 5000 });
    // "at least" keeps the amount itself, "no more than" is at most (not also "more than").
    expect(plan('tasks with Budget at least 5000', undefined, columnsOf(tracker))![0]!.args.filter).toEqual({ column: 'Budget', op: 'gte', value: 5000 });
    expect(plan('tasks with Budget no more than 5000', undefined, columnsOf(tracker))![0]!.args.filter).toEqual({ column: 'Budget', op: 'lte', value: 5000 });
    expect(plan('how many deals worth no less than $50k', undefined, columnsOf(pipeline))![0]!.args.filter).toEqual({ column: 'Deal Value', op: 'gte', value: 50_000 });
  });

  it('describes each column by its commonest values with their counts and how many others, its range, or its distinct texts, and its empty cells', () => {
    const described = turn(tracker, 'describe');
    const line = (title: string) => described.split('\n').find((l) => l.startsWith(`| ${title} |`))!;
    const counts = new Map<string, number>();
    for (const r of tracker.rows) counts.set(text(tracker, r, 'Status'), (counts.get(text(tracker, r, 'Status')) ?? 0) + 1);
    const commonest = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    expect(line('Status')).toBe(`| Status | PICKLIST | ${commonest.slice(0, 3).map(([v, n]) => `${v} (${n})`).join(', ')} and ${commonest.length - 3} more |`);
    expect(line('Summary')).toBe('| Summary | TEXT_NUMBER | empty |');
    const tasks = new Set(tracker.rows.map((r) => text(tracker, r, 'Task').toLowerCase()));
    expect(line('Task')).toMatch(new RegExp(`^\\| Task \\| TEXT_NUMBER \\| ${tasks.size} distinct, e\\.g\\. “`));
    const noted = tracker.rows.filter((r) => text(tracker, r, 'Notes') !== '').length;
    expect(line('Notes')).toContain(`; ${tracker.rows.length - noted} empty |`);
  });

  it('writes counts in the thousands with separators', () => {
    const big = toSheet(totalRows(largeSheet(1500)));
    expect(turn(big, 'show rows sorted by Amount desc limit 3')).toContain('Found **1,500** matching rows (showing 3)');
    expect(turn(big, 'describe')).toContain('has 1,500 rows and 20 columns');
  });

  it('reads a word for money, an amount without a title and the biggest orders by the sheet\'s column of money; a ranking over many groups shows the leaders and says how many there are', () => {
    const ledger = toSheet(totalRows(largeSheet(2000)));
    const columns = columnsOf(ledger);
    // The ledger's money is Amount: its Unit Cost is a figure per unit, not spend.
    const ranked = { groupBy: ['Vendor'], metrics: [{ fn: 'sum', column: 'Amount' }], sort: { by: 'sum(Amount)', direction: 'desc' }, limit: 10 };
    expect(plan('which Vendor has the most spend', undefined, columns)).toEqual([{ name: 'aggregate', args: ranked }]);
    // Money said as a verb: "which vendor did we pay the most", "how much did we spend on travel last quarter".
    expect(plan('which vendor did we pay the most', undefined, columns)).toEqual([{ name: 'aggregate', args: ranked }]);
    const travel = plan('how much did we spend on travel last quarter', undefined, columns)![0]!;
    expect(travel.args.metrics).toEqual([{ fn: 'sum', column: 'Amount' }]);
    expect(JSON.stringify(travel.args.filter)).toMatch(/"column":"Category","op":"eq","value":"Travel".*"op":"in_period","value":"last_quarter"|"op":"in_period","value":"last_quarter".*"column":"Category","op":"eq","value":"Travel"/);
    // A date column named for what happened, "not" so: empty.
    expect(plan('items ordered but not delivered', undefined, columns)![0]!.args.filter).toEqual({ column: 'Delivered', op: 'is_empty' });
    expect(plan('how many undelivered items', undefined, columns)![0]!.args.filter).toEqual({ column: 'Delivered', op: 'is_empty' });
    expect(plan('total revenue by Category', undefined, columns)![0]!.args).toMatchObject({ metrics: [{ fn: 'sum', column: 'Amount' }], groupBy: ['Category'] });
    expect(plan('average spending', undefined, columns)![0]!.args).toMatchObject({ metrics: [{ fn: 'avg', column: 'Amount' }] });
    // On the tracker "spend" is Spent (the column it starts like); "cost" beside Budget and Spent is not guessed.
    expect(plan('total spend by Owner', undefined, columnsOf(tracker))![0]!.args).toMatchObject({ metrics: [{ fn: 'sum', column: 'Spent' }], groupBy: ['Owner'] });
    expect(plan('what is the total cost', undefined, columnsOf(tracker))).toBeUndefined();
    // An amount said without a title is of that column too — in a question and in an edit; not beside another column of numbers.
    const over = (value: number) => ({ column: 'Amount', op: 'gt', value });
    expect(plan('how many entries over 10k last month', undefined, columns)![0]!.args.filter).toEqual({ and: [{ column: 'Delivered', op: 'in_period', value: 'last_month' }, over(10_000)] });
    expect(plan('set Approved to true for urgent Hardware entries over 50k', undefined, columns)).toEqual([
      { name: 'update_cells', args: { set: { Approved: true }, filter: { and: [{ column: 'Category', op: 'eq', value: 'Hardware' }, { column: 'Urgent', op: 'eq', value: true }, over(50_000)] } } },
    ]);
    // "Rating over 4" is no amount of money (Rating is a picklist here): not read as Amount, and not left out either —
    // the question is not answered, saying which words it could not place.
    expect(() => plan('items with Rating over 4', undefined, columns)).toThrow('I could not tell which column "over 4" is about');
    // Nor on the pipeline, whose one column of money is Deal Value: "Rating over 4" is said of no rows and of no money.
    expect(() => plan('items with Rating over 4', undefined, columnsOf(pipeline))).toThrow('"over 4"');
    expect(turn(ledger, 'how many items with Rating over 4')).toContain('Name the column, like `how many rows where Amount > 4`.');
    expect(plan('how many deals are worth over $50,000', undefined, columnsOf(pipeline))![0]!.args.filter).toEqual({ column: 'Deal Value', op: 'gt', value: 50_000 });
    expect(plan('show the 5 biggest orders', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 5, sort: [{ column: 'Amount', direction: 'desc' }] } }]);
    // The top groups, by a total said (or a count): "top 5 vendors by total amount", "top 3 categories by amount".
    const topVendors = { groupBy: ['Vendor'], metrics: [{ fn: 'sum', column: 'Amount' }], sort: { by: 'sum(Amount)', direction: 'desc' }, limit: 5 };
    expect(plan('top 5 vendors by total amount', undefined, columns)).toEqual([{ name: 'aggregate', args: topVendors }]);
    expect(plan('top 3 categories by amount', undefined, columns)![0]!.args).toEqual({ ...topVendors, groupBy: ['Category'], limit: 3 });
    expect(plan('top 5 vendors by number of entries', undefined, columns)![0]!.args).toEqual({ ...topVendors, metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'desc' } });
    expect(plan('average deal size by Region', undefined, columnsOf(pipeline))![0]!.args).toMatchObject({ metrics: [{ fn: 'avg', column: 'Deal Value' }], groupBy: ['Region'] });
    // A pipeline's worth is its deals' money.
    // A pipeline is its deals still open: not the Won and Lost ones.
    const stillOpen = { column: 'Stage', op: 'not_in', values: ['Won', 'Lost'] };
    for (const said of ["what's the total pipeline value by stage", 'total pipeline by Stage']) expect(plan(said, undefined, columnsOf(pipeline))![0]!.args, said).toMatchObject({ metrics: [{ fn: 'sum', column: 'Deal Value' }], groupBy: ['Stage'], filter: stillOpen });
    const open = pipeline.rows.filter((r) => !['Won', 'Lost'].includes(text(pipeline, r, 'Stage')));
    const worth = open.reduce((sum, r) => sum + Number(r.values[at(pipeline, 'Deal Value')] ?? 0), 0);
    expect(turn(pipeline, "what's our total pipeline")).toContain(`The total Deal Value is **$${worth.toLocaleString('en-US')}**`);
    expect(plan('how many deals are in the pipeline', undefined, columnsOf(pipeline))![0]!.args.filter).toEqual(stillOpen);
    // Whose pipeline is biggest: the total of each owner's open deals, not their largest one.
    expect(plan('who has the biggest pipeline', undefined, columnsOf(pipeline))).toEqual([{ name: 'aggregate', args: { groupBy: ['Account Owner'], metrics: [{ fn: 'sum', column: 'Deal Value' }], sort: { by: 'sum(Deal Value)', direction: 'desc' }, limit: 10, filter: stillOpen } }]);
    // "Closing soon": the next two weeks of the close date.
    expect(plan('which deals are closing soon', undefined, columnsOf(pipeline))![0]!.args.filter).toEqual({ column: 'Close Date', op: 'within_next', amount: 2, unit: 'week' });
    // A column as the sheet spells it, whatever the case typed: the answer's heading says so.
    expect(plan('average win chance by region', undefined, columnsOf(pipeline))![0]!.args.metrics).toEqual([{ fn: 'avg', column: 'Win Chance' }]);
    expect(plan('what is the smallest deal', undefined, columnsOf(pipeline))).toEqual([{ name: 'query_rows', args: { limit: 1, sort: [{ column: 'Deal Value', direction: 'asc' }] } }]);
    // "Who has the biggest deal" is that one deal (and whose it is), not who has the most deals.
    expect(plan('who has the biggest deal', undefined, columnsOf(pipeline))).toEqual([{ name: 'query_rows', args: { limit: 1, sort: [{ column: 'Deal Value', direction: 'desc' }] } }]);
    expect(plan('who has the most deals', undefined, columnsOf(pipeline))![0]!.args).toMatchObject({ groupBy: ['Account Owner'], metrics: [{ fn: 'count' }] });
    const vendors = new Set(ledger.rows.map((r) => text(ledger, r, 'Vendor'))).size;
    expect(vendors).toBeGreaterThan(10);
    const answer = turn(ledger, 'which Vendor has the most spend');
    expect(answer).toContain(`\n\n${vendors - 10} more groups not shown.\n\n${vendors} groups over 2,000 rows.`);
    expect(answer.split('\n').filter((line) => /^\| Vendor \d/.test(line)).length).toBe(10);
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

  it('suggests what changed this week on any sheet with rows, before the edit it suggests last', () => {
    expect(suggestions(tracker).map((s) => s.text).slice(-2)).toEqual(['What changed this week?', expect.stringMatching(/^Set /)]);
    // Shared with the app as Viewer (or Commenter), no edit is offered: it could not be made.
    // A level that may edit, or one not known here (Smartsheet refuses what it must), offers the edit.
    for (const level of ['EDITOR', 'OWNER', 'SOME_NEW_LEVEL']) expect(suggestions(tracker, level).at(-1)!.text).toMatch(/^Set /);
    for (const level of ['VIEWER', 'COMMENTER']) expect(suggestions(tracker, level).at(-1)!.text).toBe('What changed this week?');
    expect(suggestions({ ...tracker, rows: [] }).map((s) => s.text)).toEqual(['Describe the sheet', 'How many rows are there?']);
    const own = { ...tracker, columns: tracker.columns.map((c) => (c.title === 'Notes' ? { ...c, title: 'Last changed' } : c)) };
    expect(suggestions(own).map((s) => s.text)).not.toContain('What changed this week?');
    // The edit sets a picklist the app may write: not one locked in Smartsheet; none when every one is.
    const edit = (sheet: typeof tracker) => suggestions(sheet).at(-1)!.text;
    const column = edit(tracker).match(/^Set (.+?) to /)![1]!;
    const lock = (titles: string[]) => ({ ...tracker, columns: tracker.columns.map((c) => (titles.includes(c.title) ? { ...c, locked: true as const } : c)) });
    expect(edit(lock([column]))).toMatch(/^Set /);
    expect(edit(lock([column])).startsWith(`Set ${column} `)).toBe(false);
    const picklists = tracker.columns.filter((c) => c.type === 'PICKLIST').map((c) => c.title);
    expect(edit(lock(picklists))).toBe('What changed this week?');
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
