import { describe, expect, it } from 'vitest';
import { placedBeside, plan, reading } from '../../infra/offline-model/commands.js';
import { parseCondition, parseFilter } from '../../infra/offline-model/filters.js';
import { rowNumberList } from '../../infra/offline-model/row-numbers.js';
import { withSelection } from '../../infra/offline-model/selection.js';
import type { SchemaColumn } from '../../infra/offline-model/schema.js';
import { columnsOf, pipeline, tracker } from '../support/offline-model.js';

describe('offline model command language', () => {
  it('reads conditions with multi-word columns, typed values and operators', () => {
    expect(parseCondition('Due Date is before 2026-12-01')).toEqual({ column: 'Due Date', op: 'lt', value: '2026-12-01' });
    expect(parseCondition('Budget > 1,000')).toEqual({ column: 'Budget', op: 'gt', value: 1000 });
    expect(parseCondition('Status is In Progress')).toEqual({ column: 'Status', op: 'eq', value: 'In Progress' });
    expect(parseCondition('Status is in (Open, Blocked)')).toEqual({ column: 'Status', op: 'in', values: ['Open', 'Blocked'] });
    expect(parseCondition('Due Date in Q3 2026')).toEqual({ column: 'Due Date', op: 'in_period', value: 'Q3_2026' });
    expect(parseCondition('Done is true')).toEqual({ column: 'Done', op: 'eq', value: true });
    expect(parseCondition('Notes is empty')).toEqual({ column: 'Notes', op: 'is_empty' });
    expect(parseFilter('Status is Blocked and Owner contains "dana and co"')).toEqual({
      and: [
        { column: 'Status', op: 'eq', value: 'Blocked' },
        { column: 'Owner', op: 'contains', value: 'dana and co' },
      ],
    });
  });

  it('reads conditions joined by "or" as alternatives ("and" binding tighter), and an "or" between values as one condition', () => {
    const high = { column: 'Priority', op: 'eq', value: 'High' };
    const blocked = { column: 'Status', op: 'eq', value: 'Blocked' };
    expect(parseFilter('Priority is High or Status is Blocked')).toEqual({ or: [high, blocked] });
    expect(parseFilter('Priority is High or Status is Blocked and Budget > 1000')).toEqual({ or: [high, { and: [blocked, { column: 'Budget', op: 'gt', value: 1000 }] }] });
    expect(parseFilter('Status is Blocked or At Risk and Priority is High')).toEqual({ and: [{ column: 'Status', op: 'eq', value: 'Blocked or At Risk' }, high] });
    expect(parseFilter('Notes contains "ready or is it" or Priority is High')).toEqual({ or: [{ column: 'Notes', op: 'contains', value: 'ready or is it' }, high] });
    const columns = columnsOf(tracker);
    expect(plan('sum of Budget where Priority is High or Status is Blocked or At Risk', undefined, columns)![0]!.args.filter).toEqual({ or: [high, { column: 'Status', op: 'in', values: ['Blocked', 'At Risk'] }] });
  });

  it('maps questions, aggregates, edits and undo to tool calls', () => {
    expect(plan('how many rows where Status is Blocked')).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'count' }], filter: { column: 'Status', op: 'eq', value: 'Blocked' } } }]);
    expect(plan('total Budget by Owner')![0]).toMatchObject({ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Budget' }], groupBy: ['Owner'] } });
    expect(plan('average Spent by month of Due Date')![0]!.args.groupBy).toEqual([{ column: 'Due Date', bucket: 'month' }]);
    expect(plan('show rows where Budget >= 5000 sorted by Budget desc limit 5')![0]).toEqual({
      name: 'query_rows',
      args: { limit: 5, sort: [{ column: 'Budget', direction: 'desc' }], filter: { column: 'Budget', op: 'gte', value: 5000 } },
    });
    expect(plan('set Status to Complete where Task is Design review')![0]).toEqual({ name: 'update_cells', args: { set: { Status: 'Complete' }, filter: { column: 'Task', op: 'eq', value: 'Design review' } } });
    expect(plan('add a row with Task = Write docs, Budget = 500')![0]).toEqual({ name: 'add_rows', args: { rows: [{ Task: 'Write docs', Budget: 500 }] } });
    expect(plan('rename column Notes to Comments')![0]).toEqual({ name: 'update_column', args: { column: 'Notes', title: 'Comments' } });
    // The column named as people name it, when the sheet has it; another name is no rename.
    for (const said of ['rename the Notes column to Comments', 'rename notes to Comments', 'Rename the notes column to "Comments"']) expect(plan(said, undefined, columnsOf(tracker))![0], said).toEqual({ name: 'update_column', args: { column: 'Notes', title: 'Comments' } });
    expect(plan('rename the Remarks column to Comments', undefined, columnsOf(tracker))).toBeUndefined();
    expect(plan('undo')![0]).toEqual({ name: 'revert_change_set', args: {} });
    expect(plan('tell me a joke')).toBeUndefined();
  });

  it('reads the bulk summary in plain words, columns named as people name them', () => {
    const job = { name: 'start_job', args: { kind: 'fill', template: 'summarise', sourceColumns: ['Notes'], targetColumn: 'Summary', words: 12 } };
    expect(plan("Write a one-line summary of each row's Notes into the Summary column.")).toEqual([job]);
    expect(plan('add a 6-word summary of the Task and Notes of every row to Summary as draft')).toEqual([{ ...job, args: { ...job.args, sourceColumns: ['Task', 'Notes'], words: 6, draft: true } }]);
    expect(plan('summarize the notes of every row into the Summary column')).toEqual([{ ...job, args: { kind: 'fill', template: 'summarise', sourceColumns: ['notes'], targetColumn: 'Summary' } }]);
    // Labels given with "into" or "as".
    const categorise = { name: 'start_job', args: { kind: 'fill', template: 'categorise', sourceColumns: ['Notes'], targetColumn: 'Flag', labels: ['Risk', 'OK'] } };
    expect(plan('categorise Notes into Risk/OK into Flag')).toEqual([categorise]);
    expect(plan('categorise Notes as Risk/OK into Flag')).toEqual([categorise]);
    expect(plan('classify Flag from Notes as Risk / OK')).toEqual([categorise]);
  });

  it('reads changes worked out per row: by an amount or a percentage, or set to arithmetic over the row', () => {
    const columns = [
      { title: 'Task', type: 'TEXT_NUMBER', values: [] },
      { title: 'Priority', type: 'PICKLIST', values: ['High', 'Low'] },
      { title: 'Budget', type: 'TEXT_NUMBER', values: [], numeric: true },
      { title: 'Due Date', type: 'DATE', values: [] },
      { title: 'Notes', type: 'TEXT_NUMBER', values: [] },
    ];
    const p = (text: string) => plan(text, undefined, columns);
    const high = { filter: { column: 'Priority', op: 'eq', value: 'High' } };
    expect(p('increase Budget by 10% where Priority is High')).toEqual([{ name: 'update_cells', args: { setComputed: { Budget: 'Budget * 1.1' }, ...high } }]);
    expect(p('reduce budget by 7 percent where Priority is High')![0]!.args.setComputed).toEqual({ Budget: 'Budget * 0.93' });
    expect(p('cut Budget by 1,500 for Plan SSO login')).toEqual([{ name: 'update_cells', args: { setComputed: { Budget: 'Budget - 1500' }, filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' } } }]);
    expect(p('push Due Date out by 7 days on rows 3-5')).toEqual([{ name: 'update_cells', args: { setComputed: { 'Due Date': 'Due Date + 7' }, rowNumbers: [3, 4, 5] } }]);
    expect(p('increase Due Date by 10% where Priority is High')).toBeUndefined(); // a percentage of a date means nothing
    expect(p('set Budget to Budget * 1.1 where Priority is High')).toEqual([{ name: 'update_cells', args: { set: {}, ...high, setComputed: { Budget: 'Budget * 1.1' } } }]);
    expect(p('bulk set Budget to Budget * 1.1 where Priority is High')).toEqual([{ name: 'start_job', args: { kind: 'update', set: {}, ...high, setComputed: { Budget: 'Budget * 1.1' } } }]);
    // Text with a dash is text, not arithmetic over columns the sheet lacks.
    expect(p('set Notes to Waiting - vendor where Priority is High')).toEqual([{ name: 'update_cells', args: { set: { Notes: 'Waiting - vendor' }, ...high } }]);
  });

  it('follow-ups add to the previous question', () => {
    const [call] = plan('now only Q3', 'how many rows where Status is Blocked', [{ title: 'Start Date', type: 'DATE', values: [] }, { title: 'Due Date', type: 'DATE', values: [] }])!;
    expect(call!.args.filter).toEqual({ and: [{ column: 'Status', op: 'eq', value: 'Blocked' }, { column: 'Due Date', op: 'in_period', value: 'Q3' }] });
    // A period of the date the previous question was about, not the due date by default.
    const [started] = plan('now only Q3', 'how many rows where Start Date is after 2026-01-01', [{ title: 'Start Date', type: 'DATE', values: [] }, { title: 'Due Date', type: 'DATE', values: [] }])!;
    expect((started!.args.filter as { and: unknown[] }).and[1]).toEqual({ column: 'Start Date', op: 'in_period', value: 'Q3' });
    const [narrow] = plan('now only Priority is High', 'show rows where Status is Open')!;
    expect(narrow!.args.filter).toEqual({ and: [{ column: 'Status', op: 'eq', value: 'Open' }, { column: 'Priority', op: 'eq', value: 'High' }] });
  });

  it('reads rows named by the numbers the grid shows: edits, deletes, lookups and adding under a row', () => {
    const columns: SchemaColumn[] = [
      { title: 'Task', type: 'TEXT_NUMBER', values: [] },
      { title: 'Status', type: 'PICKLIST', values: ['Open', 'Blocked', 'Complete'] },
      { title: 'Owner', type: 'CONTACT_LIST', values: [] },
    ];
    expect(rowNumberList('row 5')).toEqual([5]);
    expect(rowNumberList('rows 3, 4 and #7')).toEqual([3, 4, 7]);
    expect(rowNumberList('rows 9-7')).toEqual([7, 8, 9]);
    expect(rowNumberList('the rows 10 to 12')).toEqual([10, 11, 12]);
    expect(rowNumberList('rows 1-100000')).toHaveLength(500);
    expect(rowNumberList('row five')).toBeUndefined();
    expect(rowNumberList('Design review')).toBeUndefined();
    const update = (set: object, rowNumbers: number[]) => [{ name: 'update_cells', args: { set, rowNumbers } }];
    expect(plan('set Status to Complete on row 5', undefined, columns)).toEqual(update({ Status: 'Complete' }, [5]));
    expect(plan('set Status to Complete in rows 3 to 5', undefined, columns)).toEqual(update({ Status: 'Complete' }, [3, 4, 5]));
    expect(plan('set Status on rows 3 to 5 to Complete', undefined, columns)).toEqual(update({ Status: 'Complete' }, [3, 4, 5]));
    expect(plan('set Task to "checked in the grid" on row 5', undefined, columns)).toEqual(update({ Task: 'checked in the grid' }, [5]));
    expect(plan('set Task to "waiting on vendor" for Design review', undefined, columns)![0]!.args).toEqual({ set: { Task: 'waiting on vendor' }, filter: { column: 'Task', op: 'eq', value: 'Design review' } });
    expect(plan('change the Owner of row 12 to Mei Chen', undefined, columns)).toEqual(update({ Owner: 'Mei Chen' }, [12]));
    expect(plan('mark rows 3 and 4 as blocked', undefined, columns)).toEqual(update({ Status: 'Blocked' }, [3, 4]));
    // A row named by its first column is still that: "Row 5 launch" is a task's name, not a number.
    expect(plan('set Status to Complete on Row 5 launch', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Status: 'Complete' }, filter: { column: 'Task', op: 'eq', value: 'Row 5 launch' } } }]);
    expect(plan('delete row 7', undefined, columns)).toEqual([{ name: 'delete_rows', args: { rowNumbers: [7] } }]);
    expect(plan('remove rows 7-9', undefined, columns)).toEqual([{ name: 'delete_rows', args: { rowNumbers: [7, 8, 9] } }]);
    expect(plan('delete rows where Status is Open', undefined, columns)![0]!.args).toEqual({ filter: { column: 'Status', op: 'eq', value: 'Open' } });
    for (const text of ['show row 12', 'row 12', "what's in row 12?", 'show me rows 12'])
      expect(plan(text, undefined, columns)).toEqual([{ name: 'get_rows', args: { rowNumbers: [12] } }]);
    expect(plan('add a row with Task = QA sign-off under row 3', undefined, columns)).toEqual([{ name: 'get_rows', args: { rowNumbers: [3], select: ['Task'] } }]);
    expect(plan('add a row with Task = QA sign-off under the row Design review', undefined, columns)![0]!.args.filter).toEqual({ column: 'Task', op: 'eq', value: 'Design review' });
  });

  it('moves rows: to the top or bottom and in or out a level at once; beside a row named by number or name once it is found', () => {
    const columns = columnsOf(tracker);
    const moving = (args: object) => [{ name: 'move_rows', args }];
    expect(plan('move row 9 to the top', undefined, columns)).toEqual(moving({ rowNumbers: [9], to: 'top' }));
    expect(plan('move rows 3-4 to the bottom of the sheet', undefined, columns)).toEqual(moving({ rowNumbers: [3, 4], to: 'bottom' }));
    expect(plan('move Plan SSO login to the end', undefined, columns)).toEqual(moving({ filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' }, to: 'bottom' }));
    expect(plan('indent rows 6 and 7', undefined, columns)).toEqual(moving({ rowNumbers: [6, 7], indent: true }));
    expect(plan('outdent Design review one level', undefined, columns)).toEqual(moving({ filter: { column: 'Task', op: 'eq', value: 'Design review' }, outdent: true }));
    expect(plan('unindent row 4', undefined, columns)).toEqual(moving({ rowNumbers: [4], outdent: true }));
    // Beside a row: that row is looked up first (the server then proposes move_rows with its id).
    expect(plan('move row 9 under row 2', undefined, columns)).toEqual([{ name: 'get_rows', args: { rowNumbers: [2], select: ['Task'] } }]);
    expect(plan('indent row 6 under Design review', undefined, columns)![0]!.args.filter).toEqual({ column: 'Task', op: 'eq', value: 'Design review' });
    expect(placedBeside('move rows 9-10 after row 2', columns)).toMatchObject({ move: { rowNumbers: [9, 10] }, how: 'after', rowNumber: 2 });
    expect(placedBeside('move Plan SSO login above Design review', columns)).toMatchObject({ move: { filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' } }, how: 'before', name: 'Design review' });
    // Still an edit: moved to a person or an option.
    expect(plan('move row 5 to Mei', undefined, columns)![0]!.name).toBe('update_cells');
    // To another sheet: moved there, or copied with "copy"; the sheet by its name, with or without the word "sheet".
    expect(plan('move the completed tasks to Archive', undefined, columns)).toEqual(moving({ filter: { column: 'Status', op: 'eq', value: 'Complete' }, toSheet: 'Archive' }));
    expect(plan('copy rows where Priority is High to the Archive sheet', undefined, columns)).toEqual(moving({ filter: { column: 'Priority', op: 'eq', value: 'High' }, toSheet: 'Archive', copy: true }));
    expect(plan('move rows 3-4 to sheet "Q4 Plan"', undefined, columns)).toEqual(moving({ rowNumbers: [3, 4], toSheet: 'Q4 Plan' }));
    expect(plan('copy Plan SSO login into Archive', undefined, columns)).toEqual(moving({ filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' }, toSheet: 'Archive', copy: true }));
  });

  it('reads comments: on every row, on rows by number or name, on rows described or filtered', () => {
    const columns = columnsOf(tracker);
    const reading = (args: object) => [{ name: 'get_comments', args }];
    for (const text of ['latest comments', 'show me the comments', 'any comments?', 'what are people saying', 'comments on this sheet', 'which rows have comments?', 'Which tasks have any comments', 'rows with comments']) expect(plan(text, undefined, columns), text).toEqual(reading({}));
    expect(plan('comments on row 5', undefined, columns)).toEqual(reading({ rowNumbers: [5] }));
    expect(plan('what are people saying about rows 3-4', undefined, columns)).toEqual(reading({ rowNumbers: [3, 4] }));
    expect(plan('what did people say about Plan SSO login', undefined, columns)).toEqual(reading({ filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' } }));
    expect(plan('comments on the blocked tasks', undefined, columns)).toEqual(reading({ filter: { column: 'Status', op: 'eq', value: 'Blocked' } }));
    expect(plan('what are the comments on rows where Priority is High', undefined, columns)).toEqual(reading({ filter: { column: 'Priority', op: 'eq', value: 'High' } }));
    // Adding one: the rows as for any edit, the text after a colon or "saying".
    const adding = (args: object) => [{ name: 'add_comment', args }];
    expect(plan('add a comment to row 5: waiting on legal.', undefined, columns)).toEqual(adding({ rowNumbers: [5], text: 'waiting on legal.' }));
    expect(plan('comment on the blocked tasks saying "escalated to Lena"', undefined, columns)).toEqual(adding({ filter: { column: 'Status', op: 'eq', value: 'Blocked' }, text: 'escalated to Lena' }));
    expect(plan('leave a comment on Plan SSO login that says needs a date', undefined, columns)).toEqual(adding({ filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' }, text: 'needs a date' }));
  });

  it('reads a cell\'s history: who changed a column on rows named by number, name or filter; a column the sheet lacks is not one', () => {
    const columns = columnsOf(tracker);
    const reading = (args: object) => [{ name: 'get_cell_history', args }];
    for (const said of ['who changed Status on row 4', 'who set the status of row 4', 'history of Status for row 4', 'show me the changes to Status on row 4', 'Status history for row 4', 'when did the Status of row 4 change']) {
      expect(plan(said, undefined, columns), said).toEqual(reading({ column: 'Status', rowNumbers: [4] }));
    }
    expect(plan('who changed the Budget of Plan SSO login', undefined, columns)).toEqual(reading({ column: 'Budget', filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' } }));
    expect(plan('who changed Priority on rows where Status is Blocked', undefined, columns)).toEqual(reading({ column: 'Priority', filter: { column: 'Status', op: 'eq', value: 'Blocked' } }));
    expect(plan('who changed Colour on row 4', undefined, columns)?.[0]?.name).not.toBe('get_cell_history');
  });

  it('reads the outline: rows under a row, top-level rows, and a grouping by parent or top-level row', () => {
    const columns = columnsOf(tracker);
    const parent = { name: 'Parent', expression: 'PARENT()' };
    for (const said of ['subtasks of Design review', 'show the children of Design review', "what's under Design review", 'list rows indented under the row Design review']) {
      expect(plan(said, undefined, columns), said).toEqual([{ name: 'query_rows', args: { computed: [parent], filter: { column: 'Parent', op: 'eq', value: 'Design review' }, select: ['Task', 'Parent'], limit: 50 } }]);
    }
    expect(plan('show only the top-level tasks', undefined, columns)![0]!.args).toMatchObject({ computed: [{ name: 'Level', expression: 'LEVEL()' }], filter: { column: 'Level', op: 'eq', value: 0 } });
    expect(plan('total Budget by top-level row', undefined, columns)).toEqual([{ name: 'aggregate', args: { computed: [{ name: 'Top-level row', expression: 'TOP()' }], metrics: [{ fn: 'sum', column: 'Budget' }], groupBy: ['Top-level row'], sort: { by: 'sum(Budget)', direction: 'desc' } } }]);
    expect(plan('count by parent', undefined, columns)![0]!.args).toMatchObject({ computed: [parent], groupBy: ['Parent'] });
    // A column of that name is the column; "under budget" is not the outline.
    expect(plan('count by Status', undefined, columns)![0]!.args).not.toHaveProperty('computed');
    expect(String(JSON.stringify(plan('which tasks are under budget', undefined, columns)))).not.toContain('PARENT()');
  });

  it('looks up one value as people ask for it, only where no question or command reading applies', () => {
    const columns: SchemaColumn[] = [
      { title: 'Task', type: 'TEXT_NUMBER', values: [] },
      { title: 'Owner', type: 'CONTACT_LIST', values: ['Dana Whitfield', 'Mei Chen'] },
      { title: 'Status', type: 'PICKLIST', values: ['Open', 'Blocked', 'Complete'] },
      { title: 'Budget', type: 'TEXT_NUMBER', values: [], numeric: true },
      { title: 'Spent', type: 'TEXT_NUMBER', values: [], numeric: true },
      { title: 'Start Date', type: 'DATE', values: [] },
      { title: 'Due Date', type: 'DATE', values: [] },
      { title: 'Notes', type: 'TEXT_NUMBER', values: [] },
    ];
    const p = (text: string) => plan(text, undefined, columns);
    expect(p('when is Launch checkout flow due?')).toEqual([{ name: 'query_rows', args: { filter: { column: 'Task', op: 'eq', value: 'Launch checkout flow' }, select: ['Task', 'Due Date'], limit: 5 } }]);
    expect(p('when does row 5 start')).toEqual([{ name: 'get_rows', args: { rowNumbers: [5], select: ['Task', 'Start Date'] } }]);
    expect(p('how much have we spent in total?')).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Spent' }] } }]);
    expect(p('how much has Mei spent')).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Spent' }], filter: { column: 'Owner', op: 'contains', value: 'Mei' } } }]);
    // Of rows said as a question would say them: the total, not a list of those rows.
    expect(p('how much has been spent on blocked tasks')).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Spent' }], filter: { column: 'Status', op: 'eq', value: 'Blocked' } } }]);
    // Budget − Spent: not a plain total of Budget, but the sum of a computed column; a difference it cannot name is left alone.
    expect(p('how much budget is left')).toEqual([{ name: 'aggregate', args: { computed: [{ name: 'Budget left', expression: 'Budget - Spent' }], metrics: [{ fn: 'sum', column: 'Budget left' }] } }]);
    expect(p('how much more did Mei spend than Dana')).toBeUndefined();
    const priced = [...columns, { title: 'Cost (+VAT)', type: 'TEXT_NUMBER', values: [], numeric: true }];
    expect(plan('how much is the Cost (+VAT) for Mei', undefined, priced)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Cost (+VAT)' }], filter: { column: 'Owner', op: 'contains', value: 'Mei' } } }]);
    expect(reading('how much has Mei spent', undefined, columns)).toBe('I read this as: Owner contains "Mei".');
    expect(reading('who owns row 5?', undefined, columns)).toBeUndefined(); // the answer names what it looked up
    expect(p('who owns row 5?')).toEqual([{ name: 'get_rows', args: { rowNumbers: [5], select: ['Task', 'Owner'] } }]);
    for (const asked of ['who is working on Plan SSO login?', "who's handling Plan SSO login", 'who is in charge of Plan SSO login']) {
      expect(p(asked)).toEqual([{ name: 'query_rows', args: { filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' }, select: ['Task', 'Owner'], limit: 5 } }]);
    }
    expect(p('what is the status of row 12')).toEqual([{ name: 'get_rows', args: { rowNumbers: [12], select: ['Task', 'Status'] } }]);
    expect(p("what's the budget of Plan vendor contracts?")).toEqual([{ name: 'query_rows', args: { filter: { column: 'Task', op: 'eq', value: 'Plan vendor contracts' }, select: ['Task', 'Budget'], limit: 5 } }]);
    expect(p('show the first 3 rows')).toEqual([{ name: 'get_rows', args: { rowNumbers: [1, 2, 3] } }]);
    expect(p('clear the Notes on row 3')).toEqual([{ name: 'update_cells', args: { set: { Notes: null }, rowNumbers: [3] } }]);
    expect(p('clear Notes where Status is Complete')).toEqual([{ name: 'update_cells', args: { set: { Notes: null }, filter: { column: 'Status', op: 'eq', value: 'Complete' } } }]);
    // Questions the question reader already answers are read as before: a person's rows, a total.
    expect(p('what is the Budget for Dana')![0]!.args.filter).toEqual({ column: 'Owner', op: 'contains', value: 'Dana' });
    expect(p('what is the total Budget for Dana')![0]!.name).toBe('aggregate');
    // A word that names no column is not a lookup.
    expect(p('what is the colour of row 5')).toBeUndefined();
  });
});

describe('offline model: edits of rows described in words', () => {
  const columns = columnsOf(tracker);
  const danaBlocked = { and: [{ column: 'Owner', op: 'contains', value: 'Dana' }, { column: 'Status', op: 'eq', value: 'Blocked' }] };
  it('reads the rows from what holds for them, never as a row named so', () => {
    expect(plan("mark Dana's blocked tasks as At Risk", undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Status: 'At Risk' }, filter: danaBlocked } }]);
    // Marked as a checkbox column says: ticked ("as done"), or not ("as not done", "as non-urgent").
    expect(plan('mark Plan SSO login as done', undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Done: true }, filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' } } }]);
    expect(plan("mark Dana's blocked tasks as not done", undefined, columns)).toEqual([{ name: 'update_cells', args: { set: { Done: false }, filter: danaBlocked } }]);
    expect(plan('mark the Lost deals as not renewals', undefined, columnsOf(pipeline))![0]!.args).toEqual({ set: { Renewal: false }, filter: { column: 'Stage', op: 'eq', value: 'Lost' } });
    expect(plan('mark row 4 as a renewal', undefined, columnsOf(pipeline))![0]!.args).toEqual({ set: { Renewal: true }, rowNumbers: [4] });
    expect(plan('set Priority to High for tasks due this week', undefined, columns)![0]!.args).toEqual({ set: { Priority: 'High' }, filter: { column: 'Due Date', op: 'in_period', value: 'this_week' } });
    expect(plan("reassign Dana's blocked tasks to Mei Chen", undefined, columns)![0]!.args).toEqual({ set: { Owner: 'Mei Chen' }, filter: danaBlocked });
    expect(plan('assign row 5 to Mei Chen', undefined, columns)![0]!.args).toEqual({ set: { Owner: 'Mei Chen' }, rowNumbers: [5] });
    // Moved, handed or given to someone the owner column holds; moved to an option of a picklist; to neither, not read.
    expect(plan("move Dana's blocked tasks to Mei", undefined, columns)![0]!.args).toEqual({ set: { Owner: 'Mei' }, filter: danaBlocked });
    expect(plan('hand row 5 over to Lena', undefined, columns)![0]!.args).toEqual({ set: { Owner: 'Lena' }, rowNumbers: [5] });
    expect(plan('move the blocked tasks to in progress', undefined, columns)![0]!.args).toEqual({ set: { Status: 'In Progress' }, filter: { column: 'Status', op: 'eq', value: 'Blocked' } });
    // To neither a person nor an option: "to the top" is a place (move_rows).
    expect(plan('move row 5 to the top', undefined, columns)).toEqual([{ name: 'move_rows', args: { rowNumbers: [5], to: 'top' } }]);
    // A column changed by an amount, for rows described in words (they were looked up as a task named "Mei's tasks").
    const mei = { column: 'Owner', op: 'contains', value: 'Mei' };
    expect(plan("push Due Date out by 7 days for Mei's tasks", undefined, columns)).toEqual([{ name: 'update_cells', args: { setComputed: { 'Due Date': 'Due Date + 7' }, filter: mei } }]);
    expect(plan('increase Budget by 10% for high priority tasks', undefined, columns)![0]!.args).toEqual({ setComputed: { Budget: 'Budget * 1.1' }, filter: { column: 'Priority', op: 'eq', value: 'High' } });
    expect(plan("push the due date of Dana's blocked tasks back by a week", undefined, columns)![0]!.args).toEqual({ setComputed: { 'Due Date': 'Due Date + 7' }, filter: danaBlocked });
    expect(plan('delay Due Date by 2 weeks on row 5', undefined, columns)![0]!.args).toEqual({ setComputed: { 'Due Date': 'Due Date + 14' }, rowNumbers: [5] });
    expect(plan('cut Spent by 500 for Plan SSO login', undefined, columns)![0]!.args).toEqual({ setComputed: { Spent: 'Spent - 500' }, filter: { column: 'Task', op: 'eq', value: 'Plan SSO login' } });
    expect(reading("push Due Date out by 7 days for Mei's tasks", undefined, columns)).toBe('I read this as: Owner contains "Mei".');
    // Weeks are of dates only.
    expect(plan('increase Budget by 2 weeks for row 3', undefined, columns)).toBeUndefined();
    expect(plan('delete the cancelled tasks', undefined, columns)).toEqual([{ name: 'delete_rows', args: { filter: { column: 'Status', op: 'eq', value: 'Cancelled' } } }]);
    // "completed" is Complete: a delete that dropped it would propose every one of Dana's rows.
    expect(plan("remove all of Dana's completed tasks", undefined, columns)![0]!.args.filter).toEqual({ and: [{ column: 'Owner', op: 'contains', value: 'Dana' }, { column: 'Status', op: 'eq', value: 'Complete' }] });
    // Options of a picklist joined by "or" in a where are any of them; other text with an "or" stays as written.
    expect(plan('set Status to Complete where Status is Blocked or At Risk', undefined, columns)![0]!.args.filter).toEqual({ column: 'Status', op: 'in', values: ['Blocked', 'At Risk'] });
    expect(plan('bulk delete rows where Status is not Complete or Cancelled', undefined, columns)![0]!.args.filter).toEqual({ column: 'Status', op: 'not_in', values: ['Complete', 'Cancelled'] });
    expect(plan('show rows where Notes is Waiting or vendor', undefined, columns)![0]!.args.filter).toEqual({ column: 'Notes', op: 'eq', value: 'Waiting or vendor' });
    // A row's name is still a name; a number still a number.
    expect(plan('mark Plan SSO login as complete', undefined, columns)![0]!.args.filter).toEqual({ column: 'Task', op: 'eq', value: 'Plan SSO login' });
    expect(plan('delete row 7', undefined, columns)).toEqual([{ name: 'delete_rows', args: { rowNumbers: [7] } }]);
  });

  it('adds a column of the type said, a picklist of the options said; deletes a column named before the word', () => {
    const add = (text: string) => plan(text, undefined, columns)![0];
    expect(add('add column Risk as PICKLIST')).toEqual({ name: 'add_column', args: { title: 'Risk', type: 'PICKLIST' } });
    expect(add('add a column Risk with options Low, Medium and High')).toEqual({ name: 'add_column', args: { title: 'Risk', type: 'PICKLIST', options: ['Low', 'Medium', 'High'] } });
    expect(add('add a checkbox column called Reviewed')).toEqual({ name: 'add_column', args: { title: 'Reviewed', type: 'CHECKBOX' } });
    expect(add('add a new date column "Kickoff"')).toEqual({ name: 'add_column', args: { title: 'Kickoff', type: 'DATE' } });
    expect(add('remove the Summary column')).toEqual({ name: 'delete_column', args: { column: 'Summary' } });
    // A column the sheet does not have is not rows described in words: nothing is deleted (at most the rows are listed).
    expect((plan('remove the blocked tasks column', undefined, columns) ?? []).map((c) => c.name)).not.toContain('delete_rows');
  });
  it('bulk jobs take rows described in words too ("… for Dana\'s blocked tasks"), never as part of a value or a column\'s name', () => {
    expect(plan("bulk set Status to At Risk for Dana's blocked tasks", undefined, columns)).toEqual([{ name: 'start_job', args: { kind: 'update', set: { Status: 'At Risk' }, filter: danaBlocked } }]);
    expect(plan('summarise Notes into Summary for high priority tasks', undefined, columns)![0]!.args).toMatchObject({ kind: 'fill', targetColumn: 'Summary', filter: { column: 'Priority', op: 'eq', value: 'High' } });
    expect(plan('bulk delete the cancelled tasks', undefined, columns)).toEqual([{ name: 'start_job', args: { kind: 'delete', filter: { column: 'Status', op: 'eq', value: 'Cancelled' } } }]);
    expect(reading("bulk set Status to At Risk for Dana's blocked tasks", undefined, columns)).toBe('I read this as: Owner contains "Dana", Status is "Blocked".');
    // "top 3 blocked tasks by Budget" is the top rows, not groups by Budget.
    expect(plan('top 3 blocked tasks by Budget', undefined, columns)).toEqual([{ name: 'query_rows', args: { limit: 3, sort: [{ column: 'Budget', direction: 'desc' }], filter: { column: 'Status', op: 'eq', value: 'Blocked' } } }]);
  });

  it('reads fill jobs said in words: labels as a list, the target before or after them, translations and extractions', () => {
    const job = (text: string) => plan(text, undefined, columns)![0]!;
    const risk = { kind: 'fill', template: 'categorise', sourceColumns: ['Notes'], targetColumn: 'Risk', labels: ['Low', 'Medium', 'High'] };
    expect(job('categorise Notes into Risk as Low, Medium or High')).toEqual({ name: 'start_job', args: risk });
    expect(job("classify each task's Notes as Low, Medium or High risk into Risk")).toEqual({ name: 'start_job', args: risk });
    expect(job('classify Notes into High/Medium/Low into Priority').args).toEqual({ ...risk, targetColumn: 'Priority', labels: ['High', 'Medium', 'Low'] });
    expect(job('translate Notes into French into Notes FR').args).toEqual({ kind: 'fill', template: 'prompt', sourceColumns: ['Notes'], targetColumn: 'Notes FR', prompt: 'Translate into French' });
    expect(job('extract the vendor name from Notes into Vendor').args).toEqual({ kind: 'fill', template: 'prompt', sourceColumns: ['Notes'], targetColumn: 'Vendor', prompt: 'Extract the vendor name' });
    expect(job('for every task, summarise Notes into Summary').args).toEqual({ kind: 'fill', template: 'summarise', sourceColumns: ['Notes'], targetColumn: 'Summary' });
    // A column said to be new is named without the words: "a new Sentiment column" is Sentiment; "New Owner" stays.
    expect(job("classify each task's Notes as positive or negative into a new Sentiment column").args).toMatchObject({ targetColumn: 'Sentiment', labels: ['positive', 'negative'] });
    expect(job('summarise Notes into New Owner').args).toMatchObject({ targetColumn: 'New Owner' });
    // Labels it cannot find are not guessed: no job.
    expect(plan('classify Notes into Risk', undefined, columns)).toBeUndefined();
  });

  it('says how it read rows described in words, before the change is approved', () => {
    expect(reading("mark Dana's blocked tasks as At Risk", undefined, columns)).toBe('I read this as: Owner contains "Dana", Status is "Blocked".');
    expect(reading('set Status to Complete where Priority is High', undefined, columns)).toBeUndefined(); // read as written
  });

  it('a question of some rows by number is asked of them alone; with a grid selection, "these" are those rows', () => {
    const columns = columnsOf(tracker);
    expect(plan('total Budget of rows 3-6', undefined, columns)).toEqual([{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: 'Budget' }], groupBy: [], rowNumbers: [3, 4, 5, 6] } }]);
    expect(reading('how many of rows 8-12 are Blocked', undefined, columns)).toBe('I read this as: rows 8-12 where Status is "Blocked".');
    // A lookup of one row's value stays one.
    expect(plan('what is the Status of row 12', undefined, columns)?.[0]?.name).toBe('get_rows');
    const sent = (note: string, text: string) => withSelection([{ role: 'system', content: 'schema' }, { role: 'system', content: note }, { role: 'user', content: text }]).at(-1)!.content;
    const note = 'Selected in the grid: rows 3-5, 9 (columns Status). "These" … mean those rows: pass them as rowNumbers.';
    expect(sent(note, 'how many of these are Blocked')).toBe('how many of rows 3-5, 9 are Blocked');
    expect(sent(note, 'set Priority to Low for the selected rows')).toBe('set Priority to Low for rows 3-5, 9');
    expect(sent('Selected in the grid: row 7. "These" …', 'delete this row')).toBe('delete row 7');
    // Without the app's note, "these" is just a word.
    expect(withSelection([{ role: 'user', content: 'how many of these are Blocked' }])[0]!.content).toBe('how many of these are Blocked');
  });
});
