import { describe, expect, it } from 'vitest';
import { plan } from '../../infra/offline-model/commands.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { at, columnsOf, pipeline, text, today, tracker, turn } from '../support/offline-model.js';

describe('offline model: arithmetic, shares and rates, periods, changes and order', () => {
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
    // "More than 30 days late", "at least 2 weeks overdue": only rows that late, listed with their days (and counted).
    const daysLateOf = (r: Sheet['rows'][number]) => (Date.parse(today) - Date.parse(text(tracker, r, 'Due Date'))) / 86_400_000;
    const lateRows = tracker.rows.filter((r) => text(tracker, r, 'Due Date') < today && !['Complete', 'Cancelled'].includes(text(tracker, r, 'Status')));
    const over30 = lateRows.filter((r) => daysLateOf(r) > 30);
    expect(over30.length).toBeGreaterThan(0);
    expect(over30.length).toBeLessThan(lateRows.length);
    const beyond = (op: string, value: number) => ({ and: [...lateFilter.and, { column: 'Days late', op, value }] });
    expect(plan('tasks more than 30 days late', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, filter: beyond('gt', 30), ...lateness } }]);
    expect(plan('which tasks are at least 2 weeks overdue', undefined, columns)![0]!.args.filter).toEqual(beyond('gte', 14));
    expect(turn(tracker, 'tasks more than 30 days late')).toContain(`Found **${over30.length}** matching rows`);
    expect(plan('how many tasks are more than 30 days overdue', undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'count' }], groupBy: [], filter: beyond('gt', 30), computed: lateness.computed } }]);
    expect(turn(tracker, 'how many tasks are more than 30 days overdue')).toContain(`**${over30.length}**`);

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
    // A share named by its own condition is read as a split by whether it holds, not "X = X".
    const done = tracker.rows.filter((r) => text(tracker, r, 'Done') === 'true').length;
    expect(turn(tracker, 'what percentage of tasks are done')).toContain(`_I read this as: all rows; by whether Done is true._\n\n**Done is true**: **${Math.round((done / tracker.rows.length) * 1e4) / 100}%** of the rows (${done} of ${tracker.rows.length}).`);
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
    // Asked as a question too — the second column was dropped without a word, answering with the total Spent alone.
    expect(plan("what's the total spent vs budget", undefined, columns)![0]!.args.metrics).toEqual([{ fn: 'sum', column: 'Spent' }, { fn: 'sum', column: 'Budget' }]);
    expect(plan('show me Budget versus Spent by Owner', undefined, columns)![0]!.args).toEqual({ metrics: [{ fn: 'sum', column: 'Budget' }, { fn: 'sum', column: 'Spent' }], groupBy: ['Owner'] });
    expect(plan('compare Budget with Status', undefined, columns)?.[0]?.args.metrics).not.toEqual([{ fn: 'sum', column: 'Budget' }, { fn: 'sum', column: 'Status' }]); // not a column of numbers
    // One metric of two columns is of both, never of the first alone.
    expect(plan('total budget and spent by owner', undefined, columns)![0]!.args).toEqual({ metrics: [{ fn: 'sum', column: 'Budget' }, { fn: 'sum', column: 'Spent' }], groupBy: ['Owner'] });
    expect(plan("what's the average Budget and Spent for Dana's tasks", undefined, columns)![0]!.args.metrics).toEqual([{ fn: 'avg', column: 'Budget' }, { fn: 'avg', column: 'Spent' }]);
    const complete = { fn: 'percent', where: { column: 'Status', op: 'eq', value: 'Complete' }, name: 'Complete' };
    expect(plan('what is the completion rate by priority?', undefined, columns)).toEqual([{ name: 'aggregate', args: { groupBy: ['Priority'], metrics: [{ fn: 'count' }, complete], sort: { by: 'percent Complete', direction: 'desc' } } }]);
    expect(plan('summarize the sheet', undefined, columns)).toEqual([{ name: 'describe_sheet', args: {} }]);
    // A summary or breakdown of one column: the rows counted by it, the largest group first.
    const byStatus = [{ name: 'aggregate', args: { groupBy: ['Status'], metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'desc' } } }];
    for (const asked of ['give me a status summary', 'Status breakdown', 'a breakdown by status', 'summary of the Status']) expect(plan(asked, undefined, columns), asked).toEqual(byStatus);
    expect(plan('give me a colour summary', undefined, columns)).toBeUndefined();

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
    // The amount said after "and" of rows said to be something is of those rows too (it was dropped, unsaid).
    expect(plan('how many deals are still open and over 100000', undefined, columns)![0]!.args.filter).toEqual({ and: [open, { column: 'Deal Value', op: 'gt', value: 100000 }] });
    // "over 30 days" is no amount and no span of days; on the tracker (two columns of numbers) "over 10k" names no column.
    expect(plan('deals over 30 days old', undefined, columns)).toBeUndefined();
    expect(plan('deals closing over the next 30 days', undefined, columns)![0]!.args.filter).toEqual({ column: 'Close Date', op: 'within_next', amount: 30, unit: 'day' });
    expect(() => plan('how many tasks over 10k', undefined, columnsOf(tracker))).toThrow('I could not tell which column "over 10k" is about');
    // A count of groups it cannot filter on ("more than 3 blocked tasks") is not answered as every group.
    expect(() => plan('which owners have more than 3 blocked tasks', undefined, columnsOf(tracker))).toThrow('"more than 3" is about');

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
    // The command language too: "show tasks sorted by Due Date, latest first" (it looked for a column of that name).
    expect(plan('show tasks sorted by Due Date, latest first', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 20, sort: [{ column: 'Due Date', direction: 'desc' }] } }]);
    // Of days, the lowest is the earliest.
    const first = [...tracker.rows.map((r) => text(tracker, r, 'Due Date'))].sort()[0];
    expect(turn(tracker, 'what is the earliest due date')).toContain(`The earliest Due Date is **${first}**`);
    const said = turn(tracker, 'show overdue tasks sorted by Budget desc');
    expect(said).toContain('_I read this as: Due Date is before today, Status is not Complete or Cancelled; sorted by Budget, highest first._');
    const budgets = [...said.matchAll(/^\| \[row:\d+\] \|.*\| ([\d,]+) \|$/gm)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(budgets.length).toBeGreaterThan(2);
    expect(budgets).toEqual([...budgets].sort((a, b) => b - a));
  });

  it('ranks by an amount ("who owns the most budget": totals), names the rows holding a value ("which task has the highest budget")', () => {
    const columns = columnsOf(tracker);
    expect(plan('who owns the most budget', undefined, columns)![0]!.args).toEqual({ groupBy: ['Owner'], metrics: [{ fn: 'sum', column: 'Budget' }], sort: { by: 'sum(Budget)', direction: 'desc' }, limit: 10 });
    expect(plan('which task has the highest budget', undefined, columns)).toEqual([{ name: 'aggregate', args: { groupBy: [], metrics: [{ fn: 'max', column: 'Budget' }] } }]);
    // "Most expensive" is by the sheet's amount of money: the rows, as many as said (one for "the … task").
    expect(plan('show the 3 most expensive blocked tasks', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 3, sort: [{ column: 'Budget', direction: 'desc' }], filter: { column: 'Status', op: 'eq', value: 'Blocked' } } }]);
    expect(plan('who is working on the most expensive task', undefined, columns)![0]!.args).toEqual({ limit: 1, sort: [{ column: 'Budget', direction: 'desc' }] });
    // A text column named just before "mentioning" is the one searched.
    expect(plan('which tasks have notes mentioning vendor', undefined, columns)![0]!.args.filter).toEqual({ column: 'Notes', op: 'contains', value: 'vendor' });
    for (const asked of ['tasks whose Notes say legal', 'tasks with notes containing legal', 'tasks whose notes says "legal"']) {
      expect(plan(asked, undefined, columns)![0]!.args.filter, asked).toEqual({ column: 'Notes', op: 'contains', value: 'legal' });
    }
    const top = Math.max(...tracker.rows.map((r) => Number(r.values[at(tracker, 'Budget')] ?? 0)));
    // Each named (its first column) beside its citation: "which task" is answered with the tasks.
    const holders = tracker.rows.filter((r) => Number(r.values[at(tracker, 'Budget')]) === top).map((r) => `**${text(tracker, r, 'Task')}** [row:${r.id}]`);
    expect(holders.length).toBeGreaterThan(0);
    expect(turn(tracker, 'which task has the lowest Spent')).toMatch(/The lowest Spent is \*\*[\d,.]+\*\* \(\*\*[^*]+\*\* \[row:\d+\]/);
    expect(turn(tracker, 'which task has the highest budget')).toContain(`The highest Budget is **${new Intl.NumberFormat('en-US').format(top)}** (${holders.join(', ')}).`);
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

  it('groups within groups when two are named ("count of tasks by Priority and Status"), in order', () => {
    const columns = columnsOf(tracker);
    expect(plan('count of tasks by priority and status', undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'count' }], groupBy: ['Priority', 'Status'] } }]);
    const pairs = new Map<string, number>();
    for (const r of tracker.rows) pairs.set(`${text(tracker, r, 'Priority')} | ${text(tracker, r, 'Status')}`, (pairs.get(`${text(tracker, r, 'Priority')} | ${text(tracker, r, 'Status')}`) ?? 0) + 1);
    const said = turn(tracker, 'count of tasks by priority and status');
    expect(said).toContain('_I read this as: all rows; by Priority and Status._');
    for (const [pair, n] of pairs) expect(said).toContain(`| ${pair} | ${n} |`);
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
});
