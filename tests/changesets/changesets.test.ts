import { describe, expect, it } from 'vitest';
import { buildProposal } from '../../functions/changesets/changeset.builder.js';
import { ProposalError } from '../../functions/changesets/write-targets.js';
import type { ChangeSet } from '../../functions/changesets/changeset.model.js';
import { findConflicts, inverseOf } from '../../functions/changesets/changeset.diff.js';
import { crm, projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { siblingGroups, toSheet, type Sheet } from '../../shared/sheet/model.js';

const sheet = toSheet(totalRows(projectTracker()));
const today = '2026-11-24';
const at = (title: string) => sheet.columns.find((c) => c.title === title)!.index;

function withCell(base: Sheet, rowId: number, title: string, value: unknown): Sheet {
  return { ...base, version: base.version + 1, rows: base.rows.map((r) => (r.id === rowId ? { ...r, values: r.values.map((v, i) => (i === at(title) ? (value as never) : v)) } : r)) };
}

describe('change set proposals', () => {
  it('diffs only cells that change, with old and new values', () => {
    const proposal = buildProposal('update_cells', { filter: { column: 'Status', op: 'eq', value: 'Blocked' }, set: { Priority: 'High' } }, sheet, today);
    const blocked = sheet.rows.filter((r) => r.values[at('Status')] === 'Blocked');
    const changing = blocked.filter((r) => r.values[at('Priority')] !== 'High');
    expect(proposal.cells.map((c) => c.rowId)).toEqual(changing.map((r) => r.id));
    expect(proposal.cells.every((c) => c.new === 'High' && c.old !== 'High' && c.column === 'Priority')).toBe(true);
    expect(proposal.summary).toMatch(/Priority → High on \d+ rows?/);
  });

  it('writes a person named in words as the contact the column holds: by first name, full name or email; not guessed among several', () => {
    const mei = sheet.rows.map((r) => r.values[at('Owner')] as { name?: string; email?: string } | null).find((c) => c?.name === 'Mei Chen')!;
    expect(mei.email).toMatch(/@/);
    const row = sheet.rows.find((r) => (r.values[at('Owner')] as { name?: string } | null)?.name !== 'Mei Chen')!;
    for (const said of ['Mei', 'mei chen', mei.email!.toUpperCase()]) {
      const [cell] = buildProposal('update_cells', { rowIds: [row.id], set: { Owner: said } }, sheet, today).cells;
      expect(cell!.new, said).toEqual({ name: 'Mei Chen', email: mei.email });
    }
    const added = buildProposal('add_rows', { rows: [{ Task: 'Write launch post', Owner: 'Mei' }] }, sheet, today);
    expect(added.addedRows[0]!.values.Owner).toEqual({ name: 'Mei Chen', email: mei.email });
    // Two people called Mei: which one is not guessed — the name is written as said, for the diff to show.
    const twoMeis = withCell(sheet, row.id, 'Owner', { name: 'Mei Lin', email: 'mei.lin@example.com' });
    const other = twoMeis.rows.find((r) => r.id !== row.id)!;
    expect(buildProposal('update_cells', { rowIds: [other.id], set: { Owner: 'Mei' } }, twoMeis, today).cells[0]!.new).toEqual({ name: 'Mei' });
    expect(buildProposal('update_cells', { rowIds: [other.id], set: { Owner: 'Mei Lin' } }, twoMeis, today).cells[0]!.new).toEqual({ name: 'Mei Lin', email: 'mei.lin@example.com' });
    // Written by name alone, it would not be anyone's contact: the card says so before approval, and whom it could be.
    expect(buildProposal('update_cells', { rowIds: [other.id], set: { Owner: 'Mei' } }, twoMeis, today).notes).toEqual([
      '"Mei" could be Mei Chen or Mei Lin: Smartsheet keeps it as the name, not as anyone\'s contact — say the full name or the email to make it one.',
    ]);
    expect(buildProposal('add_rows', { rows: [{ Task: 'a', Owner: 'Zed Quinn' }, { Task: 'b', Owner: 'Zed Quinn' }] }, sheet, today).notes).toEqual([
      '"Zed Quinn" is none of the people in Owner: Smartsheet keeps it as the name, not as anyone\'s contact — give their email to make it one.',
    ]);
    expect(buildProposal('update_cells', { rowIds: [other.id], set: { Owner: 'zed@example.com' } }, sheet, today).notes).toBeUndefined();
  });

  it('refuses what cannot be written, saying why', () => {
    expect(() => buildProposal('update_cells', { rowIds: [sheet.rows[0]!.id], set: { 'Due Date': 'next week' } }, sheet, today)).toThrow(/expected a date as YYYY-MM-DD/);
    expect(() => buildProposal('update_cells', { filter: { column: 'Nope', op: 'is_empty' }, set: { Status: 'x' } }, sheet, today)).toThrow(ProposalError);
    expect(() => buildProposal('delete_column', { column: 'Task' }, sheet, today)).toThrow(/primary column/);
    // A formula would be written as its text: refused, saying where formulas are written.
    expect(() => buildProposal('update_cells', { rowIds: [sheet.rows[0]!.id], set: { Budget: '=SUM(CHILDREN())' } }, sheet, today)).toThrow(/^"=SUM\(CHILDREN\(\)\)" is a formula: changes from chat write values, not formulas\. Type it into the Budget cell in the grid/);
    expect(() => buildProposal('add_rows', { rows: [{ Task: 'Phase', Budget: ' =MAX(CHILDREN())' }] }, sheet, today)).toThrow(/is a formula/);
    expect(() => buildProposal('update_cells', { set: { Status: 'x' } }, sheet, today)).toThrow(/filter.*rowIds.*rowNumbers/);
    // Nothing chosen, or nothing different: told apart, and a value no row holds is named with the values there are.
    const options = sheet.columns[at('Status')]!.options!.join(', ');
    expect(() => buildProposal('update_cells', { filter: { column: 'Status', op: 'eq', value: 'Closed' }, set: { Priority: 'Low' } }, sheet, today)).toThrow(
      `No rows match, so nothing would change. No row has Status "Closed". Status options: ${options}.`,
    );
    expect(() => buildProposal('delete_rows', { filter: { column: 'Status', op: 'in', values: ['Closed', 'Done'] } }, sheet, today)).toThrow(
      `No rows match, so nothing would be deleted. No row has Status "Closed" or "Done". Status options: ${options}.`,
    );
    const blocked = sheet.rows.find((r) => r.values[at('Status')] === 'Blocked')!;
    expect(() => buildProposal('update_cells', { rowIds: [blocked.id], set: { Status: 'Blocked' } }, sheet, today)).toThrow(/^No cell would change: the matching rows already have those values\.$/);
  });

  it('rows named by the numbers the grid shows are the snapshot\'s rows at those numbers; one it does not have is named', () => {
    const [fifth, seventh] = [sheet.rows.find((r) => r.rowNumber === 5)!, sheet.rows.find((r) => r.rowNumber === 7)!];
    const proposal = buildProposal('update_cells', { rowNumbers: [7, 5], set: { Notes: 'seen in the grid' } }, sheet, today);
    expect(proposal.cells.map((c) => [c.rowId, c.rowNumber])).toEqual([[fifth.id, 5], [seventh.id, 7]]);
    // Chosen for what they held, like rows chosen by id: every other editable column is the basis a conflict is checked on.
    expect(proposal.basisColumnIds).toContain(sheet.columns[at('Status')]!.id);
    expect(buildProposal('delete_rows', { rowNumbers: [7] }, sheet, today).deletedRows.map((r) => r.rowId)[0]).toBe(seventh.id);
    expect(() => buildProposal('update_cells', { rowNumbers: [5, sheet.rows.length + 1], set: { Notes: 'x' } }, sheet, today)).toThrow(`The sheet has ${sheet.rows.length} rows, so there is no row ${sheet.rows.length + 1}.`);
    expect(() => buildProposal('delete_rows', { rowNumbers: [5], filter: { column: 'Status', op: 'eq', value: 'Blocked' } }, sheet, today)).toThrow(/exactly one of "filter", "rowIds" or "rowNumbers"/);
    expect(() => buildProposal('delete_rows', { rowNumbers: [0] }, sheet, today)).toThrow(/rowNumbers\.0: .*>=1/);
  });

  it('a picklist value is spelled as its option; one it does not offer is kept as typed, with a note', () => {
    const blocked = { column: 'Status', op: 'eq', value: 'Blocked' };
    const options = sheet.columns[at('Status')]!.options!;
    const cased = buildProposal('update_cells', { filter: blocked, set: { Status: 'at risk' } }, sheet, today);
    expect(cased.cells.every((c) => c.new === 'At Risk')).toBe(true);
    expect(cased.notes).toBeUndefined();
    const done = buildProposal('update_cells', { filter: blocked, set: { Status: 'Done' } }, sheet, today);
    expect(done.cells.every((c) => c.new === 'Done')).toBe(true);
    expect(done.notes).toEqual([`"Done" is not one of Status's options (${options.join(', ')}); Smartsheet will store it as typed.`]);
    const added = buildProposal('add_rows', { rows: [{ Task: 'a', Status: 'Open' }, { Task: 'b', Status: 'Later' }, { Task: 'c', Status: 'complete' }] }, sheet, today);
    expect(added.addedRows.map((r) => r.values.Status)).toEqual(['Open', 'Later', 'Complete']);
    expect(added.notes).toEqual([`"Open", "Later" are not among Status's options (${options.join(', ')}); Smartsheet will store them as typed.`]);
    // A column that allows only its options (as Smartsheet says of it) refuses instead.
    const seeded = projectTracker();
    const strict = toSheet(totalRows({ ...seeded, sheet: { ...seeded.sheet, columns: seeded.sheet.columns.map((c) => (c.title === 'Status' ? { ...c, validation: true } : c)) } }));
    expect(strict.columns[at('Status')]!.validation).toBe(true);
    expect(() => buildProposal('update_cells', { filter: blocked, set: { Status: 'Done' } }, strict, today)).toThrow(/"Done" is not one of/);
  });

  it('values are written as meant: an amount said as text is a number in a column of numbers, "yes" a checked box, a one-item list the option', () => {
    const row = sheet.rows.find((r) => r.values[at('Done')] === false && r.values[at('Priority')] !== 'High')!;
    const checked = sheet.rows.find((r) => r.values[at('Done')] === true)!;
    const written = (set: Record<string, unknown>) => buildProposal('update_cells', { rowIds: [row.id], set }, sheet, today).cells.map((c) => c.new);
    // Written as text, Smartsheet would keep "$12,000" as text: its SUM() and the column's number format pass over it.
    expect(written({ Budget: '$12,000', Spent: '1,250.50' })).toEqual([12000, 1250.5]);
    expect(buildProposal('add_rows', { rows: [{ Task: 'New', Budget: ' -3 ' }] }, sheet, today).addedRows[0]!.values.Budget).toBe(-3);
    // A percentage is the column's format (12 or 0.12?), and words are words: both as said, the words with their note.
    expect(written({ Budget: '12%' })).toEqual(['12%']);
    expect(written({ Budget: '02134' })).toEqual(['02134']); // a code: as a number it would lose its zero
    expect(written({ Budget: '0.5' })).toEqual([0.5]);
    expect(written({ Budget: '50k', Spent: '$1.2M' })).toEqual([50000, 1200000]);
    expect(written({ Budget: '2.5 K' })).toEqual([2500]);
    expect(buildProposal('update_cells', { rowIds: [row.id], set: { Budget: 'about 1.2k' } }, sheet, today).notes).toEqual(['Budget holds numbers; "about 1.2k" is text, which totals and averages of Budget leave out.']);
    // Numeric text in a column of text stays text (a reference, a code).
    expect(written({ Notes: '00123' })).toEqual(['00123']);
    expect(written({ Done: 'yes' })).toEqual([true]);
    expect(buildProposal('update_cells', { rowIds: [checked.id], set: { Done: 'FALSE' } }, sheet, today).cells.map((c) => c.new)).toEqual([false]);
    expect(() => written({ Done: 'maybe' })).toThrow('Column "Done" (CHECKBOX): expected true or false');
    expect(written({ Priority: ['high'] })).toEqual(['High']);
    expect(() => written({ Priority: ['High', 'Low'] })).toThrow(`Column "Priority" (PICKLIST): expected one of the options (${sheet.columns[at('Priority')]!.options!.join(', ')})`);
  });

  it('a percentage is written as its fraction in a column Smartsheet shows as percentages, an amount as its number where it shows dollars', () => {
    const pipeline = toSheet(totalRows(crm()));
    const [value, chance] = ['Deal Value', 'Win Chance'].map((t) => pipeline.columns.find((c) => c.title === t)!.index);
    const row = pipeline.rows.find((r) => r.values[chance!] !== 0.6)!;
    // The sheet keeps how Smartsheet shows the formatted numbers, and only those.
    expect(row.shown).toEqual({ [value!]: `$${(row.values[value!] as number).toLocaleString('en-US')}`, [chance!]: `${Math.round((row.values[chance!] as number) * 100)}%` });
    expect(sheet.rows.some((r) => r.shown)).toBe(false);
    const cells = buildProposal('update_cells', { rowIds: [row.id], set: { 'Win Chance': '60%', 'Deal Value': '$75,000' } }, pipeline, today).cells;
    expect(cells.map((c) => [c.column, c.new])).toEqual([
      ['Win Chance', 0.6],
      ['Deal Value', 75000],
    ]);
    expect(buildProposal('add_rows', { rows: [{ Company: 'New Co', 'Win Chance': '12.5 %' }] }, pipeline, today).addedRows[0]!.values['Win Chance']).toBe(0.125);
  });

  it('text written to a column of numbers comes with a note (totals leave it out); numbers and text columns do not', () => {
    const blocked = { column: 'Status', op: 'eq', value: 'Blocked' };
    expect(buildProposal('update_cells', { filter: blocked, set: { Budget: 'TBD' } }, sheet, today).notes).toEqual(['Budget holds numbers; "TBD" is text, which totals and averages of Budget leave out.']);
    expect(buildProposal('update_cells', { filter: blocked, set: { Budget: '12,500' } }, sheet, today).notes).toBeUndefined();
    expect(buildProposal('update_cells', { filter: blocked, set: { Notes: 'TBD' } }, sheet, today).notes).toBeUndefined();
    expect(buildProposal('add_rows', { rows: [{ Task: 'a', Spent: 'n/a' }, { Task: 'b', Spent: 'unknown' }] }, sheet, today).notes).toEqual(['Spent holds numbers; "n/a", "unknown" are text, which totals and averages of Spent leave out.']);
  });

  it('an update by filter records the columns the filter read and the change does not write; rows chosen by id, every other editable column', () => {
    const filter = { and: [{ column: 'Status', op: 'eq', value: 'Blocked' }, { column: 'Priority', op: 'ne', value: 'Low' }, { column: 'status', op: 'not_empty' }] };
    const proposal = buildProposal('update_cells', { filter, set: { Priority: 'Low' } }, sheet, today);
    // Priority is written (its own check covers it); Status is read, once however the filter spells it.
    expect(proposal.basisColumnIds).toEqual([sheet.columns[at('Status')]!.id]);
    const chosen = buildProposal('update_cells', { rowIds: [proposal.cells[0]!.rowId], set: { Priority: 'Low' } }, sheet, today);
    expect(chosen.basisColumnIds).toEqual(sheet.columns.filter((c) => !c.readOnly && c.title !== 'Priority').map((c) => c.id));
    expect(chosen.basisColumnIds!.length).toBeGreaterThan(3);
  });

  it('a filter over a computed column chooses the rows it holds for, and the columns it is worked out from are the basis', () => {
    const over = { computed: [{ name: 'Over', expression: 'Spent - Budget' }], filter: { column: 'Over', op: 'gt', value: 0 } };
    const proposal = buildProposal('update_cells', { ...over, set: { Status: 'At Risk' } }, sheet, today);
    const overBudget = sheet.rows.filter((r) => Number(r.values[at('Spent')] ?? 0) > Number(r.values[at('Budget')] ?? 0) && r.values[at('Status')] !== 'At Risk');
    expect(overBudget.length).toBeGreaterThan(0);
    expect(proposal.cells.map((c) => c.rowId)).toEqual(overBudget.map((r) => r.id));
    expect(proposal.cells.every((c) => c.old === sheet.rows.find((r) => r.id === c.rowId)!.values[at('Status')])).toBe(true);
    expect(proposal.basisColumnIds).toEqual([sheet.columns[at('Spent')]!.id, sheet.columns[at('Budget')]!.id]);
    const deleted = buildProposal('delete_rows', over, sheet, today);
    expect(deleted.deletedRows.map((r) => r.rowId)).toEqual(sheet.rows.filter((r) => Number(r.values[at('Spent')] ?? 0) > Number(r.values[at('Budget')] ?? 0)).map((r) => r.id));
    expect(deleted.deletedRows[0]!.values).not.toHaveProperty('Over');
    expect(() => buildProposal('update_cells', { computed: [{ name: 'Over', expression: 'Spent - Budgt' }], filter: over.filter, set: { Status: 'At Risk' } }, sheet, today)).toThrow(/no column "Budgt"/);
  });

  it('values worked out per row (setComputed): each cell from its own row, blanks left as they are, dates into dates', () => {
    const high = sheet.rows.filter((r) => r.values[at('Priority')] === 'High');
    const raise = buildProposal('update_cells', { filter: { column: 'Priority', op: 'eq', value: 'High' }, setComputed: { Budget: 'Budget * 1.1' } }, sheet, today);
    expect(raise.cells.map((c) => [c.rowId, c.old, c.new])).toEqual(high.filter((r) => Number(r.values[at('Budget')] ?? 0) !== 0).map((r) => [r.id, r.values[at('Budget')], Number((Number(r.values[at('Budget')]) * 1.1).toPrecision(12))]));
    expect(raise.summary).toMatch(/^Set Budget → Budget \* 1\.1 on \d+ rows/);
    expect(raise.basisColumnIds).toEqual([sheet.columns[at('Priority')]!.id]); // Budget is written (its own check covers it)
    // A value and a worked-out one together; the columns the expression reads are checked at approval too.
    const blocked = sheet.rows.filter((r) => r.values[at('Status')] === 'Blocked');
    const moved = buildProposal('update_cells', { filter: { column: 'Status', op: 'eq', value: 'Blocked' }, set: { Priority: 'High' }, setComputed: { 'Due Date': '[Start Date] + 30' } }, sheet, today);
    const due = moved.cells.filter((c) => c.column === 'Due Date');
    const startOf = (rowId: number) => sheet.rows.find((r) => r.id === rowId)!.values[at('Start Date')] as string | null;
    expect(due.length).toBeGreaterThan(0);
    for (const c of due) expect(c.new).toBe(new Date(Date.parse(`${startOf(c.rowId)}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10));
    expect(moved.basisColumnIds).toEqual([sheet.columns[at('Status')]!.id, sheet.columns[at('Start Date')]!.id]);
    // A row with no Start Date keeps its Due Date, and the proposal says so.
    const unstarted = withCell(sheet, blocked[0]!.id, 'Start Date', null);
    const kept = buildProposal('update_cells', { filter: { column: 'Status', op: 'eq', value: 'Blocked' }, setComputed: { 'Due Date': '[Start Date] + 30' } }, unstarted, today);
    expect(kept.cells.map((c) => c.rowId)).not.toContain(blocked[0]!.id);
    expect(kept.notes).toContain('Due Date stays as it is on 1 row: [Start Date] + 30 has no value there (a blank date, text that is not a number, or a division by zero).');
    expect(() => buildProposal('update_cells', { ...{ rowNumbers: [1] }, setComputed: { Budget: 'Budget / (Spent - Spent)' } }, sheet, today)).toThrow(/No cell would change: .*\(or the expression has no value for them\)/);
    // Refused with the reason: a date into numbers, a number into a date column, a calculated column, a bad expression, nothing to set.
    const row = { rowNumbers: [1] };
    expect(() => buildProposal('update_cells', { ...row, setComputed: { Budget: '[Due Date] + 1' } }, sheet, today)).toThrow('"[Due Date] + 1" gives dates; Budget is a TEXT_NUMBER column.');
    expect(() => buildProposal('update_cells', { ...row, setComputed: { 'Due Date': 'Budget * 2' } }, sheet, today)).toThrow('"Budget * 2" gives numbers; Due Date is a DATE column.');
    expect(() => buildProposal('update_cells', { ...row, setComputed: { Budget: 'Budget * Nope' } }, sheet, today)).toThrow(/no column "Nope"/);
    expect(() => buildProposal('update_cells', { ...row }, sheet, today)).toThrow(/give "set" or "setComputed"/);
  });

  it('deleting a row also lists the rows indented under it (Smartsheet deletes them with it), and says so', () => {
    const cancelled = sheet.rows.filter((r) => r.values[at('Status')] === 'Cancelled');
    const parent = cancelled[0]!;
    const [child, grandchild] = sheet.rows.filter((r) => r.rowNumber > parent.rowNumber && r.values[at('Status')] !== 'Cancelled');
    const nested: Sheet = { ...sheet, rows: sheet.rows.map((r) => (r.id === child!.id ? { ...r, parentId: parent.id } : r.id === grandchild!.id ? { ...r, parentId: child!.id } : r)) };
    const proposal = buildProposal('delete_rows', { filter: { column: 'Status', op: 'eq', value: 'Cancelled' } }, nested, today);
    expect(proposal.deletedRows.map((r) => r.rowId)).toEqual(expect.arrayContaining([...cancelled.map((r) => r.id), child!.id, grandchild!.id]));
    expect(proposal.deletedRows).toHaveLength(cancelled.length + 2);
    expect(proposal.deletedRows.map((r) => r.rowNumber)).toEqual([...proposal.deletedRows.map((r) => r.rowNumber!)].sort((a, b) => a - b));
    expect(proposal.summary).toBe(`Delete ${cancelled.length + 2} rows (2 of them indented under the rows asked for)`);
    expect(proposal.notes).toEqual([`Smartsheet deletes the rows indented under a deleted row, so 2 more rows are listed (rows ${child!.rowNumber}, ${grandchild!.rowNumber}).`, 'Undo brings back the rows’ values and formulas (as new rows), not their comments or attachments.']);
    // Each keeps where it stood, for undo to put it back there: under its parent, below the row above it at its level.
    const placeOf = (id: number) => proposal.deletedRows.find((r) => r.rowId === id)!.place;
    expect(placeOf(child!.id)).toEqual({ parentId: parent.id });
    expect(placeOf(grandchild!.id)).toEqual({ parentId: child!.id });
    const before = sheet.rows[sheet.rows.indexOf(sheet.rows.find((r) => r.id === parent.id)!) - 1];
    expect(placeOf(parent.id)).toEqual(before ? { siblingId: before.id } : {});
    // A row indented under one being deleted after the proposal would go unseen: a conflict, nothing written.
    const cs = { cells: [], deletedRows: proposal.deletedRows, addedRows: [] } as unknown as ChangeSet;
    expect(findConflicts(cs, nested, 'old')).toEqual([]);
    const late = sheet.rows.find((r) => r.rowNumber > grandchild!.rowNumber && r.values[at('Status')] !== 'Cancelled')!;
    const later: Sheet = { ...nested, rows: nested.rows.map((r) => (r.id === late.id ? { ...r, parentId: grandchild!.id } : r)) };
    expect(findConflicts(cs, later, 'old')).toEqual([{ rowId: late.id, rowNumber: late.rowNumber, column: '(row)', expected: 'not under a row being deleted', actual: 'indented under a row being deleted' }]);
  });

  it('rows locked in Smartsheet are left out, and named; a delete also leaves a row with a locked row under it; all locked is refused', () => {
    const blocked = sheet.rows.filter((r) => r.values[at('Status')] === 'Blocked' && r.values[at('Priority')] !== 'Low');
    const [first, second] = blocked;
    const lock = (base: Sheet, ids: number[]): Sheet => ({ ...base, rows: base.rows.map((r) => (ids.includes(r.id) ? { ...r, locked: true as const } : r)) });
    const update = (on: Sheet) => buildProposal('update_cells', { filter: { column: 'Status', op: 'eq', value: 'Blocked' }, set: { Priority: 'Low' } }, on, today);
    const proposal = update(lock(sheet, [first!.id, second!.id]));
    expect(proposal.cells.map((c) => c.rowId)).toEqual(blocked.slice(2).map((r) => r.id));
    expect(proposal.notes![0]).toBe(`2 rows are left as they are (rows ${first!.rowNumber}, ${second!.rowNumber}), locked in Smartsheet: only the sheet's owner and admins can change them.`);
    // Many are named by their first ten.
    const everyBlocked = sheet.rows.filter((r) => r.values[at('Status')] === 'Blocked');
    expect(everyBlocked.length).toBeGreaterThan(10);
    expect(() => update(lock(sheet, everyBlocked.map((r) => r.id)))).toThrow(new ProposalError(`Rows ${everyBlocked.slice(0, 10).map((r) => r.rowNumber).join(', ')}, … are locked in Smartsheet: only the sheet's owner and admins can change them.`));
    // The cell a person edits in the grid is refused by the service; one row named by number is refused here.
    expect(() => buildProposal('update_cells', { rowNumbers: [first!.rowNumber], set: { Priority: 'Low' } }, lock(sheet, [first!.id]), today)).toThrow(`Row ${first!.rowNumber} is locked in Smartsheet: only the sheet's owner and admins can change it.`);
    // Smartsheet deletes the rows under a deleted row, so a row with a locked row under it is not deleted either.
    const cancelled = sheet.rows.filter((r) => r.values[at('Status')] === 'Cancelled');
    const [parent, other] = cancelled;
    const child = sheet.rows.find((r) => r.rowNumber > parent!.rowNumber && r.values[at('Status')] !== 'Cancelled')!;
    const nested: Sheet = lock({ ...sheet, rows: sheet.rows.map((r) => (r.id === child.id ? { ...r, parentId: parent!.id } : r)) }, [child.id, other!.id]);
    const deleting = buildProposal('delete_rows', { filter: { column: 'Status', op: 'eq', value: 'Cancelled' } }, nested, today);
    expect(deleting.deletedRows.map((r) => r.rowId)).toEqual(cancelled.slice(2).map((r) => r.id));
    expect(deleting.notes![0]).toBe(`2 rows are left as they are (rows ${parent!.rowNumber}, ${other!.rowNumber}), locked in Smartsheet, or with a locked row under it: only the sheet's owner and admins can change them.`);
  });

  it('writing over cells that hold a formula says so: the value replaces the formula', () => {
    const json = totalRows(projectTracker());
    const budget = json.columns.find((c) => c.title === 'Budget')!;
    const plain = toSheet(json);
    const blocked = plain.rows.filter((r) => r.values[at('Status')] === 'Blocked' && r.values[at('Budget')] !== 7);
    const withFormula = { ...json, rows: json.rows.map((r) => (r.id === blocked[1]!.id ? { ...r, cells: r.cells.map((c) => (c.columnId === budget.id ? { ...c, formula: '=SUM(CHILDREN())' } : c)) } : r)) };
    const formulaSheet = toSheet(withFormula);
    expect(formulaSheet.rows.find((r) => r.id === blocked[1]!.id)!.formulas).toEqual({ [at('Budget')]: '=SUM(CHILDREN())' });
    expect(formulaSheet.rows.find((r) => r.id === blocked[0]!.id)!.formulas).toBeUndefined();
    const proposal = buildProposal('update_cells', { filter: { column: 'Status', op: 'eq', value: 'Blocked' }, set: { Budget: 7 } }, formulaSheet, today);
    expect(proposal.notes).toEqual([`1 cell to be written holds a formula (Budget on row ${blocked[1]!.rowNumber}: =SUM(CHILDREN())); the value replaces it, and undo writes the formula back.`]);
    // The change keeps the formula it replaces, and its undo writes that formula back.
    expect(proposal.cells.find((c) => c.rowId === blocked[1]!.id)).toMatchObject({ oldFormula: '=SUM(CHILDREN())' });
    const undo = inverseOf({ ...proposal, addedRows: [], deletedRows: [] } as unknown as ChangeSet).cells;
    expect(undo.find((c) => c.rowId === blocked[1]!.id)).toMatchObject({ new: blocked[1]!.values[at('Budget')], newFormula: '=SUM(CHILDREN())' });
    expect(undo.find((c) => c.rowId === blocked[0]!.id)).not.toHaveProperty('newFormula');
    expect(buildProposal('update_cells', { filter: { column: 'Status', op: 'eq', value: 'Blocked' }, set: { Budget: 7 } }, plain, today).notes).toBeUndefined();
  });

  it('rows can be added indented under a row; a row that is not there is refused, and one deleted before approval is a conflict', () => {
    const phase = sheet.rows[2]!;
    const proposal = buildProposal('add_rows', { rows: [{ Task: 'Sign-off', Priority: 'high' }], under: phase.id }, sheet, today);
    expect(proposal.addedRows).toEqual([{ parentId: phase.id, values: { Task: 'Sign-off', Priority: 'High' } }]);
    expect(proposal.summary).toBe(`Add 1 row under row 3 (${phase.values[at('Task')]})`);
    expect(() => buildProposal('add_rows', { rows: [{ Task: 'x' }], under: 42 }, sheet, today)).toThrow(/no row 42 in this version of the sheet/);
    const cs = { cells: [], deletedRows: [], addedRows: proposal.addedRows } as unknown as ChangeSet;
    expect(findConflicts(cs, sheet, 'old')).toEqual([]);
    expect(findConflicts(cs, { ...sheet, rows: sheet.rows.filter((r) => r.id !== phase.id) }, 'old')).toEqual([{ rowId: phase.id, column: '(row)', expected: 'the row to add rows under', actual: 'row deleted' }]);
  });

  it('a column change conflicts when the column is not as the diff showed it, and its revert when it is not as the change left it', () => {
    const notes = sheet.columns[at('Notes')]!;
    const asChangeSet = (p: ReturnType<typeof buildProposal>) => ({ ...p, cells: [], addedRows: [], deletedRows: [] }) as unknown as ChangeSet;
    // Deleting a column keeps its cells for undo; a cell edited after the proposal would be lost unseen.
    const deleting = asChangeSet(buildProposal('delete_column', { column: 'Notes' }, sheet, today));
    const filled = sheet.rows.filter((r) => r.values[notes.index] !== null);
    expect(deleting.columnOp).toMatchObject({ kind: 'delete', values: filled.map((r) => ({ rowId: r.id, value: r.values[notes.index] })) });
    expect(findConflicts(deleting, sheet, 'old')).toEqual([]);
    const edited = filled[0]!;
    expect(findConflicts(deleting, withCell(sheet, edited.id, 'Notes', 'changed meanwhile'), 'old')).toEqual([
      { rowId: edited.id, rowNumber: edited.rowNumber, column: 'Notes', expected: edited.values[notes.index], actual: 'changed meanwhile' },
    ]);
    // Its undo brings the column back with its cells, unless a column of that title is in the way.
    const undo = { ...deleting, ...inverseOf({ ...deleting, status: 'applied' }) } as ChangeSet;
    expect(undo.columnOp).toMatchObject({ kind: 'add', title: 'Notes', values: filled.map((r) => ({ rowId: r.id, value: r.values[notes.index] })) });
    const without = { ...sheet, columns: sheet.columns.filter((c) => c.id !== notes.id) };
    expect(findConflicts(deleting, without, 'new')).toEqual([]);
    expect(findConflicts(deleting, { ...without, columns: [...without.columns, { ...notes, id: 99, title: 'notes' }] }, 'new')).toEqual([{ column: 'Notes', expected: 'no column "Notes"', actual: 'column "notes"' }]);
    // A rename conflicts with another rename; its revert with a later one.
    const renaming = asChangeSet(buildProposal('update_column', { column: 'Notes', title: 'Remarks' }, sheet, today));
    const renamed = (title: string) => ({ ...sheet, columns: sheet.columns.map((c) => (c.id === notes.id ? { ...c, title } : c)) });
    expect(findConflicts(renaming, sheet, 'old')).toEqual([]);
    expect(findConflicts(renaming, renamed('Comments'), 'old')).toEqual([{ column: 'Notes', expected: '"Notes"', actual: '"Comments"' }]);
    expect(findConflicts(renaming, renamed('Remarks'), 'new')).toEqual([]);
    expect(findConflicts(renaming, renamed('Comments'), 'new')).toEqual([{ column: 'Remarks', expected: '"Remarks"', actual: '"Comments"' }]);
    // An added column's revert deletes it: not once people have written in it.
    const adding = { ...asChangeSet(buildProposal('add_column', { title: 'Risk' }, sheet, today)), status: 'applied' } as ChangeSet;
    expect(findConflicts(adding, sheet, 'old')).toEqual([]);
    expect(findConflicts(adding, renamed('risk'), 'old')).toEqual([{ column: 'Risk', expected: 'no column "Risk"', actual: 'column "risk"' }]);
    const created = { ...adding, columnOp: { ...adding.columnOp!, createdColumnId: 77 } } as ChangeSet;
    const risk = { ...notes, id: 77, title: 'Risk', index: sheet.columns.length };
    const withRisk = (value: string | null) => ({ ...sheet, columns: [...sheet.columns, risk], rows: sheet.rows.map((r, i) => ({ ...r, values: [...r.values, i === 2 ? value : null] })) });
    expect(findConflicts(created, withRisk(null), 'new')).toEqual([]);
    expect(findConflicts(created, withRisk('High'), 'new')).toEqual([{ rowId: sheet.rows[2]!.id, rowNumber: 3, column: 'Risk', expected: null, actual: 'High' }]);
    expect(findConflicts(created, sheet, 'new')).toEqual([{ column: 'Risk', expected: 'column "Risk"', actual: 'column deleted' }]);
  });

  it('deleting a calculated column says undo brings back its values, not the calculation', () => {
    const calculated = { ...sheet, columns: sheet.columns.map((c) => (c.title === 'Spent' ? { ...c, readOnly: true } : c)) };
    expect(buildProposal('delete_column', { column: 'Spent' }, calculated, today).notes).toEqual(['"Spent" is calculated by Smartsheet (a column formula or a system column): undo brings its values back as a plain column, not the calculation.']);
    expect(buildProposal('delete_column', { column: 'Spent' }, sheet, today).notes).toBeUndefined();
  });

  it('a sort keeps the order before it for undo; putting it back conflicts with rows added, deleted or moved since', () => {
    const [first, second, third] = sheet.rows as [Sheet['rows'][number], Sheet['rows'][number], Sheet['rows'][number]];
    const sorted = { ...buildProposal('sort_rows', { sort: [{ column: 'Budget' }] }, sheet, today), orderBefore: siblingGroups(sheet.rows), status: 'applied' } as unknown as ChangeSet;
    expect(sorted.notes).toEqual(['Undo puts the rows back in the order they are in now, as long as no row is added, deleted or moved to another parent meanwhile.']);
    expect(inverseOf(sorted)).toMatchObject({ sort: undefined, reorder: [{ rowIds: sheet.rows.map((r) => r.id) }] });
    expect(findConflicts(sorted, { ...sheet, rows: [...sheet.rows].reverse() }, 'new')).toEqual([]);
    const moved = { ...sheet, rows: sheet.rows.map((r) => (r.id === third.id ? { ...r, parentId: second.id } : r)).filter((r) => r.id !== first.id) };
    expect(findConflicts(sorted, moved, 'new')).toEqual([
      { rowId: third.id, rowNumber: third.rowNumber, column: '(row)', expected: 'under the same row as when sorted', actual: 'moved' },
      { rowId: first.id, column: '(row)', expected: 'a row that was sorted', actual: 'row deleted' },
    ]);
  });

  it('delete proposals keep the deleted rows content (for review and revert)', () => {
    const proposal = buildProposal('delete_rows', { filter: { column: 'Status', op: 'eq', value: 'Cancelled' } }, sheet, today);
    expect(proposal.deletedRows.length).toBeGreaterThan(0);
    expect(proposal.deletedRows[0]!.values.Status).toBe('Cancelled');
  });
});

describe('conflict check', () => {
  const row = sheet.rows[0]!;
  const cs = { cells: [{ rowId: row.id, rowNumber: 1, columnId: sheet.columns[at('Budget')]!.id, column: 'Budget', old: row.values[at('Budget')] ?? null, new: 1 }], deletedRows: [], addedRows: [] } as unknown as ChangeSet;

  it('no conflict when the cell still holds the old value', () => {
    expect(findConflicts(cs, sheet, 'old')).toEqual([]);
  });

  it('a third value written by someone else is a conflict, with what was expected and found', () => {
    expect(findConflicts(cs, withCell(sheet, row.id, 'Budget', 4242), 'old')).toEqual([{ rowId: row.id, column: 'Budget', expected: cs.cells[0]!.old, actual: 4242 }]);
  });

  it('the target value already there is not a conflict (a re-run of the same apply)', () => {
    expect(findConflicts(cs, withCell(sheet, row.id, 'Budget', 1), 'old')).toEqual([]);
  });

  it('a row that no longer matches the filter is a conflict, though the cell to change is untouched', () => {
    const proposal = buildProposal('update_cells', { filter: { column: 'Status', op: 'eq', value: 'Blocked' }, set: { Priority: 'Low' } }, sheet, today);
    const changeSet = { ...proposal, deletedRows: [] } as unknown as ChangeSet;
    const [first] = proposal.cells;
    const unblocked = withCell(sheet, first!.rowId, 'Status', 'Done');
    expect(findConflicts(changeSet, withCell(sheet, first!.rowId, 'Notes', 'unrelated edit'), 'old', sheet)).toEqual([]);
    expect(findConflicts(changeSet, unblocked, 'old', sheet)).toEqual([{ rowId: first!.rowId, column: 'Status', expected: 'Blocked', actual: 'Done' }]);
    // Without the snapshot it cannot be told: nothing is written unseen.
    expect(() => findConflicts(changeSet, unblocked, 'old')).toThrow(/snapshot .* no longer kept/);
    // Undoing it later restores only its own cells: what the filter read then does not matter.
    expect(findConflicts(changeSet, withCell(unblocked, first!.rowId, 'Priority', 'Low'), 'new').filter((c) => c.rowId === first!.rowId)).toEqual([]);
  });

  it('a row chosen by id that someone edited since is a conflict (any editable cell); a calculated column changing is not', () => {
    // Spent as a formula column here: Smartsheet recalculates it, nobody edits it.
    const base: Sheet = { ...sheet, columns: sheet.columns.map((c) => (c.title === 'Spent' ? { ...c, readOnly: true } : c)) };
    const row = base.rows[0]!;
    const proposal = buildProposal('update_cells', { rowIds: [row.id], set: { Priority: row.values[at('Priority')] === 'Low' ? 'High' : 'Low' } }, base, today);
    const changeSet = { ...proposal, deletedRows: [] } as unknown as ChangeSet;
    expect(findConflicts(changeSet, base, 'old', base)).toEqual([]);
    expect(findConflicts(changeSet, withCell(base, row.id, 'Notes', 'edited meanwhile'), 'old', base)).toEqual([{ rowId: row.id, column: 'Notes', expected: row.values[at('Notes')] ?? null, actual: 'edited meanwhile' }]);
    expect(findConflicts(changeSet, withCell(base, row.id, 'Spent', 123456), 'old', base)).toEqual([]);
  });

  it('a deleted row is a conflict', () => {
    expect(findConflicts(cs, { ...sheet, rows: sheet.rows.slice(1) }, 'old')).toEqual([expect.objectContaining({ rowId: row.id, actual: 'row deleted' })]);
  });
});
