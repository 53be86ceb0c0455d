import { describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { PERCENT, shownNumber, USD_WHOLE } from '../../infra/smartsheet-emulator/number-format.js';
import { smallSheet, useEmulator } from '../support/smartsheet.js';
import { toSheet } from '../../shared/sheet/model.js';
import type { SmartsheetRow, SmartsheetSheet } from '../../shared/sheet/smartsheet-json.js';

const ctx = useEmulator();
const tracker = SEED_SHEETS.projectTracker;

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('Smartsheet emulator: documented JSON shapes', () => {
  it('sheet, column, row and cell fields', async () => {
    const sheet = await json(await ctx.api(`/sheets/${tracker}`));
    expect(Object.keys(sheet).sort()).toEqual(['accessLevel', 'columns', 'createdAt', 'id', 'modifiedAt', 'name', 'permalink', 'rows', 'totalRowCount', 'version'].sort());
    expect(sheet).toMatchObject({ id: tracker, name: 'Project Tracker', totalRowCount: 60, accessLevel: 'OWNER' });
    const [primary, owner] = sheet.columns;
    expect(primary).toMatchObject({ index: 0, title: 'Task', type: 'TEXT_NUMBER', primary: true, hidden: false });
    expect(owner).not.toHaveProperty('primary');
    expect(sheet.columns.find((c: { title: string }) => c.title === 'Status').options).toContain('Blocked');
    const row = sheet.rows[0];
    expect(row).toMatchObject({ sheetId: tracker, rowNumber: 1, id: expect.any(Number), createdAt: expect.any(String), modifiedAt: expect.any(String) });
    expect(row.cells).toHaveLength(sheet.columns.length);
    const ownerCell = row.cells[1];
    expect(ownerCell.objectValue).toMatchObject({ objectType: 'CONTACT', email: expect.stringContaining('@') });
    const summaryCell = row.cells[10];
    expect(summaryCell).toEqual({ columnId: sheet.columns[10].id }); // empty: no value
  });

  it('lists sheets with paging, and reads the version', async () => {
    const page = await json(await ctx.api('/sheets?pageSize=2&page=1'));
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 2, totalCount: 4, totalPages: 2 });
    expect(page.data).toHaveLength(2);
    expect(await json(await ctx.api(`/sheets/${tracker}/version`))).toEqual({ version: expect.any(Number) });
  });

  it('query parameters: page/pageSize, rowIds, columnIds, exclude, ifVersionAfter, rowsModifiedSince', async () => {
    const full = await json(await ctx.api(`/sheets/${tracker}`));
    const paged = await json(await ctx.api(`/sheets/${tracker}?page=2&pageSize=25`));
    expect(paged.rows.map((r: { rowNumber: number }) => r.rowNumber)).toEqual(Array.from({ length: 25 }, (_, i) => i + 26));
    expect(paged.totalRowCount).toBe(60);
    const ids = full.rows.slice(0, 2).map((r: { id: number }) => r.id);
    expect((await json(await ctx.api(`/sheets/${tracker}?rowIds=${ids.join(',')}`))).rows).toHaveLength(2);
    const status = full.columns[2].id;
    const narrow = await json(await ctx.api(`/sheets/${tracker}?columnIds=${status}`));
    expect(narrow.columns).toHaveLength(1);
    expect(narrow.rows[0].cells).toEqual([expect.objectContaining({ columnId: status })]);
    const sparse = await json(await ctx.api(`/sheets/${tracker}?exclude=nonexistentCells`));
    expect(sparse.rows[0].cells.every((c: { value?: unknown; objectValue?: unknown }) => c.value !== undefined || c.objectValue !== undefined)).toBe(true);
    expect(await json(await ctx.api(`/sheets/${tracker}?ifVersionAfter=${full.version}`))).toEqual({ version: full.version });
    expect((await json(await ctx.api(`/sheets/${tracker}?ifVersionAfter=${full.version - 1}`))).rows).toHaveLength(60);
    // Smartsheet's times are whole seconds: the edit comes after the next second starts, the seed's rows before it.
    const next = Math.ceil((Date.now() + 1) / 1000) * 1000;
    await new Promise((resolve) => setTimeout(resolve, next - Date.now() + 5));
    const since = new Date(next).toISOString();
    await ctx.admin(`/sheets/${tracker}/external-edit`, 'POST', { rowId: ids[0], cells: { Status: 'Complete' } });
    const changed = await json(await ctx.api(`/sheets/${tracker}?rowsModifiedSince=${since}`));
    expect(changed.rows.map((r: { id: number }) => r.id)).toEqual([ids[0]]);
  });

  it('errors have {errorCode, message, refId} and the documented codes', async () => {
    const missing = await fetch(`${ctx.emulator.url.replace('localhost', '127.0.0.1')}/2.0/sheets`);
    expect(missing.status).toBe(401);
    expect(await json(missing)).toEqual({ errorCode: 1001, message: expect.any(String), refId: expect.any(String) });
    const invalid = await ctx.api('/sheets', { headers: { authorization: 'Bearer wrong' } });
    expect([invalid.status, (await json(invalid)).errorCode]).toEqual([401, 1002]);
    const unknown = await ctx.api('/sheets/123');
    expect([unknown.status, (await json(unknown)).errorCode]).toEqual([404, 1114]);
    const parse = await ctx.api(`/sheets/${tracker}/rows`, { method: 'PUT', body: '{not json' });
    expect([parse.status, (await json(parse)).errorCode]).toEqual([400, 1008]);
    const badColumn = await ctx.api(`/sheets/${tracker}/rows`, { method: 'POST', body: JSON.stringify([{ cells: [{ columnId: 42, value: 'x' }] }]) });
    expect([badColumn.status, (await json(badColumn)).errorCode]).toEqual([400, 1036]);
  });

  it('a token sees only the sheets it was given', async () => {
    await ctx.admin('/tokens', 'POST', { token: 'crm-only', sheets: [SEED_SHEETS.crm] });
    const res = await ctx.api('/sheets', { headers: { authorization: 'Bearer crm-only' } });
    expect((await json(res)).data.map((s: { id: number }) => s.id)).toEqual([SEED_SHEETS.crm]);
    expect((await ctx.api(`/sheets/${tracker}`, { headers: { authorization: 'Bearer crm-only' } })).status).toBe(404);
  });

  it('a token its sheets are shared with as Viewer reads them and is refused every change (403/1004)', async () => {
    await ctx.admin('/tokens', 'POST', { token: 'viewer', sheets: [tracker], accessLevel: 'VIEWER' });
    const as = { authorization: 'Bearer viewer' };
    expect((await json(await ctx.api('/sheets', { headers: as }))).data.map((s: { accessLevel: string }) => s.accessLevel)).toEqual(['VIEWER']);
    const sheet = await json(await ctx.api(`/sheets/${tracker}`, { headers: as }));
    expect([sheet.accessLevel, sheet.rows.length]).toEqual(['VIEWER', 60]);
    expect((await json(await ctx.api(`/sheets/${tracker}?include=format`, { headers: as }))).accessLevel).toBe('VIEWER');
    expect((await json(await ctx.api(`/sheets/${tracker}`))).accessLevel).toBe('OWNER'); // the owner's token, as ever
    const row = sheet.rows[0];
    const writes = [
      ctx.api(`/sheets/${tracker}/rows`, { method: 'PUT', headers: as, body: JSON.stringify([{ id: row.id, cells: [{ columnId: sheet.columns[0].id, value: 'x' }] }]) }),
      ctx.api(`/sheets/${tracker}/rows`, { method: 'POST', headers: as, body: JSON.stringify([{ toBottom: true, cells: [{ columnId: sheet.columns[0].id, value: 'x' }] }]) }),
      ctx.api(`/sheets/${tracker}/rows?ids=${row.id}`, { method: 'DELETE', headers: as }),
      ctx.api(`/sheets/${tracker}/columns`, { method: 'POST', headers: as, body: JSON.stringify([{ title: 'New', type: 'TEXT_NUMBER', index: 1 }]) }),
    ];
    for (const res of await Promise.all(writes)) expect([res.status, (await json(res)).errorCode]).toEqual([403, 1004]);
    expect((await json(await ctx.api(`/sheets/${tracker}`))).version).toBe(sheet.version);
    const invalid = await fetch(`${ctx.emulator.baseUrl.replace(/\/2\.0\/?$/, '')}/admin/tokens`, { method: 'POST', body: JSON.stringify({ token: 't', accessLevel: 'READER' }) });
    expect(invalid.status).toBe(400);
  });

  it('a locked column is locked for an editor (lockedForUser), who is refused a write to it (403/1039); an admin is not', async () => {
    const created = await ctx.admin<{ id: number; columns: { id: number; title: string }[]; rowIds: number[] }>('/sheets', 'POST', {
      name: 'Locked',
      accessLevel: 'EDITOR',
      columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Budget', type: 'TEXT_NUMBER', locked: true }],
      rows: [{ Task: 'A', Budget: 1 }],
    });
    const [task, budget] = created.columns.map((c) => c.id) as [number, number];
    const row = created.rowIds[0]!;
    await ctx.admin('/tokens', 'POST', { token: 'sheet-admin', sheets: [created.id], accessLevel: 'ADMIN' });
    const admin = { authorization: 'Bearer sheet-admin' };
    const lockOf = (columns: { title: string; locked?: boolean; lockedForUser?: boolean }[]) => columns.map((c) => [c.title, c.locked ?? false, c.lockedForUser ?? false]);
    // The default token is an editor of this sheet: every read says so, whole or in part.
    for (const path of [`/sheets/${created.id}`, `/sheets/${created.id}?include=format`, `/sheets/${created.id}?rowsModifiedSince=2000-01-01T00:00:00Z`]) {
      expect(lockOf((await json(await ctx.api(path))).columns)).toEqual([['Task', false, false], ['Budget', true, true]]);
    }
    expect(lockOf((await json(await ctx.api(`/sheets/${created.id}/columns`))).data)).toEqual([['Task', false, false], ['Budget', true, true]]);
    expect(lockOf((await json(await ctx.api(`/sheets/${created.id}`, { headers: admin }))).columns)).toEqual([['Task', false, false], ['Budget', true, false]]);
    const put = (cells: { columnId: number; value: unknown }[], headers = {}) => ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', headers, body: JSON.stringify([{ id: row, cells }]) });
    const refused = await put([{ columnId: task, value: 'B' }, { columnId: budget, value: 2 }]);
    expect([refused.status, (await json(refused)).errorCode]).toEqual([403, 1039]);
    const added = await ctx.api(`/sheets/${created.id}/rows`, { method: 'POST', body: JSON.stringify([{ toBottom: true, cells: [{ columnId: budget, value: 3 }] }]) });
    expect([added.status, (await json(added)).errorCode]).toEqual([403, 1039]);
    expect((await put([{ columnId: task, value: 'B' }])).status).toBe(200);
    expect((await put([{ columnId: budget, value: 2 }], admin)).status).toBe(200);
    // Only an owner or admin locks or unlocks a column — or adds, renames or deletes one (403/1004 for an editor).
    const unlock = (headers = {}) => ctx.api(`/sheets/${created.id}/columns/${budget}`, { method: 'PUT', headers, body: JSON.stringify({ locked: false }) });
    for (const res of [
      await unlock(),
      await ctx.api(`/sheets/${created.id}/columns/${task}`, { method: 'PUT', body: JSON.stringify({ title: 'Job' }) }),
      await ctx.api(`/sheets/${created.id}/columns`, { method: 'POST', body: JSON.stringify([{ title: 'New', type: 'TEXT_NUMBER', index: 2 }]) }),
      await ctx.api(`/sheets/${created.id}/columns/${budget}`, { method: 'DELETE' }),
    ]) {
      expect([res.status, (await json(res)).errorCode]).toEqual([403, 1004]);
    }
    expect((await ctx.api(`/sheets/${created.id}/columns`, { method: 'POST', headers: admin, body: JSON.stringify([{ title: 'New', type: 'TEXT_NUMBER', index: 2 }]) })).status).toBe(200);
    expect((await unlock(admin)).status).toBe(200);
    expect(lockOf((await json(await ctx.api(`/sheets/${created.id}`))).columns)).toEqual([['Task', false, false], ['Budget', false, false], ['New', false, false]]);
  });

  it('a locked row is locked for an editor: its update fails alone (1050) or refuses the request; deleting it, or a row it is under, is 403/1092', async () => {
    const created = await ctx.admin<{ id: number; columns: { id: number }[]; rowIds: number[] }>('/sheets', 'POST', {
      name: 'Locked rows',
      accessLevel: 'EDITOR',
      columns: [{ title: 'Task', type: 'TEXT_NUMBER' }],
      rows: [{ Task: 'Open' }, { Task: 'Locked' }, { Task: 'Parent' }],
      lockedRows: [1],
    });
    const task = created.columns[0]!.id;
    const [open, locked, parent] = created.rowIds as [number, number, number];
    await ctx.admin('/tokens', 'POST', { token: 'rows-admin', sheets: [created.id], accessLevel: 'ADMIN' });
    const admin = { authorization: 'Bearer rows-admin' };
    const seen = async (headers = {}) => (await json(await ctx.api(`/sheets/${created.id}`, { headers }))).rows.map((r: { locked?: boolean; lockedForUser?: boolean }) => [r.locked ?? false, r.lockedForUser ?? false]);
    expect(await seen()).toEqual([[false, false], [true, true], [false, false]]);
    expect(await seen(admin)).toEqual([[false, false], [true, false], [false, false]]);
    const put = (partial: boolean, headers = {}) =>
      ctx.api(`/sheets/${created.id}/rows${partial ? '?allowPartialSuccess=true' : ''}`, { method: 'PUT', headers, body: JSON.stringify([open, locked].map((id) => ({ id, cells: [{ columnId: task, value: `x${id}` }] }))) });
    const whole = await put(false);
    expect([whole.status, (await json(whole)).errorCode]).toEqual([403, 1050]);
    const partial = await json(await put(true));
    expect(partial.result.map((r: { id: number }) => r.id)).toEqual([open]);
    expect(partial.failedItems).toEqual([{ index: 1, rowId: locked, error: expect.objectContaining({ errorCode: 1050 }) }]);
    expect((await put(false, admin)).status).toBe(200);
    // Sorting a sheet with a locked row: an owner's or admin's.
    const sort = (headers = {}) => ctx.api(`/sheets/${created.id}/sort`, { method: 'POST', headers, body: JSON.stringify({ sortCriteria: [{ columnId: task, direction: 'DESCENDING' }] }) });
    const unsorted = await sort();
    expect([unsorted.status, (await json(unsorted)).errorCode]).toEqual([400, 1223]);
    expect((await sort(admin)).status).toBe(200);
    // A row indented under the parent: the locked one moved there by the owner.
    await ctx.admin(`/sheets/${created.id}/external-edit`, 'POST', { add: [{ Task: 'Child' }], parentId: parent });
    const child = (await ctx.admin<{ rows: { id: number; parentId?: number }[] }>(`/sheets/${created.id}`)).rows.find((r) => r.parentId === parent)!.id;
    await ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', headers: admin, body: JSON.stringify([{ id: child, locked: true }]) });
    for (const ids of [`${locked}`, `${parent}`]) {
      const refused = await ctx.api(`/sheets/${created.id}/rows?ids=${ids}`, { method: 'DELETE' });
      expect([refused.status, (await json(refused)).errorCode]).toEqual([403, 1092]);
    }
    expect((await ctx.api(`/sheets/${created.id}/rows?ids=${open}`, { method: 'DELETE' })).status).toBe(200);
    expect((await ctx.api(`/sheets/${created.id}/rows?ids=${locked}`, { method: 'DELETE', headers: admin })).status).toBe(200);
  });
});

describe('Smartsheet emulator: writes', () => {
  it('adds, updates and deletes rows; every change bumps the version', async () => {
    const created = await ctx.admin<{ id: number; columns: { id: number; title: string }[] }>('/sheets', 'POST', smallSheet);
    const col = (title: string) => created.columns.find((c) => c.title === title)!.id;
    const v0 = (await json(await ctx.api(`/sheets/${created.id}/version`))).version;
    const added = await json(await ctx.api(`/sheets/${created.id}/rows`, { method: 'POST', body: JSON.stringify([{ toBottom: true, cells: [{ columnId: col('Task'), value: 'Delta' }] }]) }));
    expect(added).toMatchObject({ message: 'SUCCESS', resultCode: 0, version: v0 + 1 });
    const rowId = added.result[0].id;
    const updated = await json(await ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', body: JSON.stringify([{ id: rowId, cells: [{ columnId: col('Budget'), value: 12 }] }]) }));
    expect(updated.version).toBe(v0 + 2);
    const deleted = await json(await ctx.api(`/sheets/${created.id}/rows?ids=${rowId},999&ignoreRowsNotFound=true`, { method: 'DELETE' }));
    expect(deleted).toMatchObject({ result: [rowId], version: v0 + 3 });
    const notFound = await ctx.api(`/sheets/${created.id}/rows?ids=999`, { method: 'DELETE' });
    expect([notFound.status, (await json(notFound)).errorCode]).toEqual([404, 1006]);
  });

  it('row locations as Smartsheet places them: top, bottom, first or last under a parent, below or above a sibling; one per call', async () => {
    const created = await ctx.admin<{ id: number; columns: { id: number; title: string }[] }>('/sheets', 'POST', { ...smallSheet, rows: [] });
    const task = created.columns.find((c) => c.title === 'Task')!.id;
    const post = (rows: object[]) => ctx.api(`/sheets/${created.id}/rows`, { method: 'POST', body: JSON.stringify(rows) });
    const add = async (rows: object[]) => (await json(await post(rows))).result.map((r: { id: number }) => r.id) as number[];
    const row = (name: string, at: object = { toBottom: true }) => ({ ...at, cells: [{ columnId: task, value: name }] });
    const [phase, other] = await add([row('Phase 1'), row('Phase 2')]);
    const [design] = await add([row('Design', { parentId: phase })]);
    const [review] = await add([row('Review', { parentId: design })]);
    const [build, ship] = await add([row('Build', { parentId: phase, toBottom: true }), row('Ship', { parentId: phase, toBottom: true })]);
    // parentId alone: the first children, in the call's order.
    const [plan, scope] = await add([row('Plan', { parentId: phase }), row('Scope', { parentId: phase })]);
    // siblingId: just below the row and the rows under it, at its level; with above, just above it.
    const [test] = await add([row('Test', { siblingId: design })]);
    const [kickoff] = await add([row('Kickoff', { siblingId: plan, above: true })]);
    const [intro] = await add([row('Intro', { toTop: true })]);
    const sheet = await json(await ctx.api(`/sheets/${created.id}`));
    const names = new Map([phase, other, design, review, build, ship, plan, scope, test, kickoff, intro].map((id, i) => [id, ['Phase 1', 'Phase 2', 'Design', 'Review', 'Build', 'Ship', 'Plan', 'Scope', 'Test', 'Kickoff', 'Intro'][i]]));
    expect(sheet.rows.map((r: { id: number; parentId?: number; rowNumber: number }) => [names.get(r.id), names.get(r.parentId!), r.rowNumber])).toEqual([
      ['Intro', undefined, 1],
      ['Phase 1', undefined, 2],
      ['Kickoff', 'Phase 1', 3],
      ['Plan', 'Phase 1', 4],
      ['Scope', 'Phase 1', 5],
      ['Design', 'Phase 1', 6],
      ['Review', 'Design', 7],
      ['Test', 'Phase 1', 8],
      ['Build', 'Phase 1', 9],
      ['Ship', 'Phase 1', 10],
      ['Phase 2', undefined, 11],
    ]);
    const refused = async (rows: object[]) => {
      const res = await post(rows);
      return [res.status, (await json(res)).errorCode];
    };
    expect(await refused([row('Orphan', { parentId: 999 })])).toEqual([400, 1063]);
    expect(await refused([row('Lost', { siblingId: 999 })])).toEqual([400, 1064]);
    expect(await refused([row('Both', { parentId: phase, siblingId: design })])).toEqual([400, 1062]);
    expect(await refused([row('One', { parentId: phase }), row('Two', { parentId: other })])).toEqual([400, 1123]);
    expect(await refused([row('One'), row('Two', { toTop: true })])).toEqual([400, 1123]);
    expect((await json(await ctx.api(`/sheets/${created.id}`))).rows).toHaveLength(11);
    const deleted = await json(await ctx.api(`/sheets/${created.id}/rows?ids=${phase}`, { method: 'DELETE' }));
    expect([...deleted.result].sort()).toEqual([phase, kickoff, plan, scope, design, review, test, build, ship].sort());
    expect((await json(await ctx.api(`/sheets/${created.id}`))).rows.map((r: { id: number }) => r.id)).toEqual([intro, other]);
  });

  it('moving rows: an update with a location moves each row with the rows under it, in the order given', async () => {
    const created = await ctx.admin<{ id: number; columns: { id: number; title: string }[]; rowIds: number[] }>('/sheets', 'POST', { ...smallSheet, rows: [{ Task: 'P' }, { Task: 'Q' }, { Task: 'R' }] });
    const task = created.columns.find((c) => c.title === 'Task')!.id;
    const [p, q, r] = created.rowIds as [number, number, number];
    const put = (rows: object[]) => ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', body: JSON.stringify(rows) });
    const [p1] = (await json(await ctx.api(`/sheets/${created.id}/rows`, { method: 'POST', body: JSON.stringify([{ parentId: p, cells: [{ columnId: task, value: 'P1' }] }]) }))).result.map((x: { id: number }) => x.id);
    const names = new Map([[p, 'P'], [q, 'Q'], [r, 'R'], [p1, 'P1']]);
    const outline = async () => (await json(await ctx.api(`/sheets/${created.id}`))).rows.map((x: { id: number; parentId?: number }) => [names.get(x.id), names.get(x.parentId!)]);
    expect((await put([{ id: r, toTop: true }, { id: p, toTop: true }])).status).toBe(200);
    expect(await outline()).toEqual([['R', undefined], ['P', undefined], ['P1', 'P'], ['Q', undefined]]);
    expect((await put([{ id: q, parentId: r }])).status).toBe(200);
    expect(await outline()).toEqual([['R', undefined], ['Q', 'R'], ['P', undefined], ['P1', 'P']]);
    expect((await put([{ id: p, siblingId: r, above: true }])).status).toBe(200);
    expect(await outline()).toEqual([['P', undefined], ['P1', 'P'], ['R', undefined], ['Q', 'R']]);
    // Under itself, or two locations at once: refused, nothing moves.
    const refused = async (rows: object[]) => {
      const res = await put(rows);
      return [res.status, (await json(res)).errorCode];
    };
    expect(await refused([{ id: p, parentId: p1 }])).toEqual([400, 1063]);
    expect(await refused([{ id: p, toTop: true }, { id: r, toBottom: true }])).toEqual([400, 1123]);
    expect(await outline()).toEqual([['P', undefined], ['P1', 'P'], ['R', undefined], ['Q', 'R']]);
  });

  it('rows to another sheet: moved or copied to its bottom, cells by column title (a column it lacks added), a row keeping its parent when that goes too', async () => {
    const source = await ctx.admin<{ id: number; columns: { id: number; title: string }[]; rowIds: number[] }>('/sheets', 'POST', { ...smallSheet, rows: [{ Task: 'P', Budget: 5 }, { Task: 'Q', Status: 'Done' }, { Task: 'R' }] });
    const [p, q, r] = source.rowIds as [number, number, number];
    const task = source.columns.find((c) => c.title === 'Task')!.id;
    const [p1] = (await json(await ctx.api(`/sheets/${source.id}/rows`, { method: 'POST', body: JSON.stringify([{ parentId: p, cells: [{ columnId: task, value: 'P1' }] }]) }))).result.map((x: { id: number }) => x.id);
    const target = await ctx.admin<{ id: number }>('/sheets', 'POST', { name: 'Archive here', columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Status', type: 'PICKLIST', options: ['Open', 'Done'] }], rows: [{ Task: 'Old' }] });
    const send = (kind: 'move' | 'copy', body: object, query = '') => ctx.api(`/sheets/${source.id}/rows/${kind}${query}`, { method: 'POST', body: JSON.stringify(body) });
    const read = async (id: number) => {
      const sheet = await json(await ctx.api(`/sheets/${id}`));
      const title = new Map(sheet.columns.map((c: { id: number; title: string }) => [c.id, c.title]));
      const taskOf = (rowId?: number) => sheet.rows.find((x: SmartsheetRow) => x.id === rowId)?.cells[0]?.value;
      return { sheet, rows: sheet.rows.map((x: SmartsheetRow) => [Object.fromEntries(x.cells.filter((c) => c.value !== undefined).map((c) => [title.get(c.columnId), c.value])), taskOf(x.parentId)]) };
    };
    // A copy of Q: the source keeps it; the answer pairs each row with its new id.
    const copied = await json(await send('copy', { rowIds: [q], to: { sheetId: target.id } }));
    expect(copied).toEqual({ destinationSheetId: target.id, rowMappings: [{ from: q, to: expect.any(Number) }] });
    expect((await read(source.id)).rows).toHaveLength(4);
    // A move of P takes P1 (under it) along, still under it; Budget, which the archive lacks, is added to it.
    const moved = await json(await send('move', { rowIds: [p], to: { sheetId: target.id } }));
    expect(moved.rowMappings.map((m: { from: number }) => m.from)).toEqual([p, p1]);
    expect((await read(source.id)).rows.map((x: [Record<string, unknown>]) => x[0].Task)).toEqual(['Q', 'R']);
    const there = await read(target.id);
    expect(there.sheet.columns.map((c: { title: string }) => c.title)).toEqual(['Task', 'Status', 'Budget']);
    expect(there.rows).toEqual([[{ Task: 'Old' }, undefined], [{ Task: 'Q', Status: 'Done' }, undefined], [{ Task: 'P', Budget: 5 }, undefined], [{ Task: 'P1' }, 'P']]);
    // Refused: no destination, a row not there (unless told to pass over it), the same sheet.
    const refused = async (body: object, query = '') => {
      const res = await send('move', body, query);
      return [res.status, (await json(res)).errorCode];
    };
    expect(await refused({ rowIds: [r] })).toEqual([400, 1012]);
    expect(await refused({ rowIds: [p], to: { sheetId: target.id } })).toEqual([404, 1006]);
    expect((await json(await send('move', { rowIds: [p, r], to: { sheetId: target.id } }, '?ignoreRowsNotFound=true'))).rowMappings.map((m: { from: number }) => m.from)).toEqual([r]);
    expect(await refused({ rowIds: [q], to: { sheetId: source.id } })).toEqual([400, 1012]);
  });

  it('comments: discussions on rows, paged, with their comments when asked; a row\'s own; gone with a deleted row', async () => {
    const created = await ctx.admin<{ id: number; rowIds: number[] }>('/sheets', 'POST', { ...smallSheet, rows: [{ Task: 'P' }, { Task: 'Q' }] });
    const [p, q] = created.rowIds as [number, number];
    const first = await ctx.admin<{ id: number }>(`/sheets/${created.id}/comments`, 'POST', { rowId: p, text: 'Needs a date.', by: { name: 'Mei Chen', email: 'mei@example.com' }, at: '2026-11-20T10:00:00Z' });
    const thread = (await json(await ctx.api(`/sheets/${created.id}/discussions`))).data[0];
    await ctx.admin(`/sheets/${created.id}/comments`, 'POST', { rowId: p, text: 'Friday.', by: { name: 'Dana' }, at: '2026-11-21T10:00:00Z', discussionId: thread.id });
    await ctx.admin(`/sheets/${created.id}/comments`, 'POST', { rowId: q, text: 'Done?' });
    const version = (await json(await ctx.api(`/sheets/${created.id}/version`))).version;
    const all = await json(await ctx.api(`/sheets/${created.id}/discussions?include=comments`));
    expect(all).toMatchObject({ pageNumber: 1, totalCount: 2 });
    expect(all.data[0]).toMatchObject({ id: thread.id, parentId: p, parentType: 'ROW', commentCount: 2, lastCommentedAt: '2026-11-21T10:00:00Z', lastCommentedUser: { name: 'Dana' } });
    expect(all.data[0].comments.map((c: { id: number; text: string; discussionId: number }) => [c.text, c.discussionId])).toEqual([['Needs a date.', thread.id], ['Friday.', thread.id]]);
    expect(all.data[0].comments[0]).toMatchObject({ id: first.id, createdBy: { name: 'Mei Chen', email: 'mei@example.com' }, createdAt: '2026-11-20T10:00:00Z' });
    expect(thread).not.toHaveProperty('comments'); // only with include=comments
    expect((await json(await ctx.api(`/sheets/${created.id}/rows/${q}/discussions?include=comments`))).data.map((d: { comments: { text: string }[] }) => d.comments[0]!.text)).toEqual(['Done?']);
    // Comments are not a change of the sheet's version.
    expect((await json(await ctx.api(`/sheets/${created.id}/version`))).version).toBe(version);
    expect((await ctx.api(`/sheets/${created.id}/rows/1/discussions`)).status).toBe(404);
    // One on the sheet itself: parentType SHEET; it stays when rows go.
    await ctx.admin(`/sheets/${created.id}/comments`, 'POST', { text: 'Kickoff Monday.' });
    await ctx.api(`/sheets/${created.id}/rows?ids=${p}`, { method: 'DELETE' });
    expect((await json(await ctx.api(`/sheets/${created.id}/discussions`))).data.map((d: { parentId: number; parentType: string }) => [d.parentType, d.parentId])).toEqual([['ROW', q], ['SHEET', created.id]]);
  });

  it('cell history: each value with who wrote it and when, newest first, paged; gone with its row; it counts as 10 requests', async () => {
    const created = await ctx.admin<{ id: number; rowIds: number[]; columns: { id: number; title: string }[] }>('/sheets', 'POST', { ...smallSheet, rows: [{ Task: 'P', Budget: 100 }, { Task: 'Q' }] });
    const [p, q] = created.rowIds as [number, number];
    const budget = created.columns.find((c) => c.title === 'Budget')!.id;
    const history = async (rowId: number, query = '') => json(await ctx.api(`/sheets/${created.id}/rows/${rowId}/columns/${budget}/history${query}`));
    // Written when the sheet was made, by its owner; then through the API by the token's user; then in Smartsheet by someone else.
    await ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', body: JSON.stringify([{ id: p, cells: [{ columnId: budget, value: 150 }] }]) });
    await ctx.admin(`/sheets/${created.id}/external-edit`, 'POST', { rowId: p, cells: { Budget: 175 }, by: { name: 'Mei Chen', email: 'mei@example.com' } });
    const all = await history(p);
    expect(all).toMatchObject({ pageNumber: 1, totalCount: 3 });
    expect(all.data.map((h: { value: number; modifiedBy: { name: string } }) => [h.value, h.modifiedBy.name])).toEqual([[175, 'Mei Chen'], [150, 'Local Developer'], [100, 'Local Developer']]);
    expect(all.data[0]).toEqual({ columnId: budget, value: 175, displayValue: '175', columnType: 'TEXT_NUMBER', modifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), modifiedBy: { name: 'Mei Chen', email: 'mei@example.com' } });
    expect((await history(p, '?pageSize=2&page=2')).data.map((h: { value: number }) => h.value)).toEqual([100]);
    // A cell never written has none; an unknown column is Smartsheet's 400/1036; a deleted row's history is gone with it.
    expect((await history(q)).data).toEqual([]);
    expect((await ctx.api(`/sheets/${created.id}/rows/${p}/columns/1/history`)).status).toBe(400);
    await ctx.api(`/sheets/${created.id}/rows?ids=${p}`, { method: 'DELETE' });
    expect((await ctx.api(`/sheets/${created.id}/rows/${p}/columns/${budget}/history`)).status).toBe(404);
    // Smartsheet counts a cell history read as 10 requests of the 300 a minute.
    const limited = ctx.emulator.state;
    const before = limited.requestTimes.get('local-smartsheet-token')?.length ?? 0;
    await history(q);
    expect((limited.requestTimes.get('local-smartsheet-token')?.length ?? 0) - before).toBe(10);
  });

  it('a row collapsed (expanded: false) reads so, and the app opens it collapsed; an update expands it again', async () => {
    const created = await ctx.admin<{ id: number; rowIds: number[] }>('/sheets', 'POST', { ...smallSheet, rows: [{ Task: 'P' }, { Task: 'Q' }], collapsedRows: [0] });
    const [p, q] = created.rowIds as [number, number];
    const rows = async () => (await json(await ctx.api(`/sheets/${created.id}`))).rows.map((x: SmartsheetRow) => [x.id, x.expanded]);
    expect(await rows()).toEqual([[p, false], [q, true]]);
    expect(toSheet((await json(await ctx.api(`/sheets/${created.id}`))) as SmartsheetSheet).rows.map((r) => r.collapsed)).toEqual([true, undefined]);
    expect((await ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', body: JSON.stringify([{ id: p, expanded: true }, { id: q, expanded: false }]) })).status).toBe(200);
    expect(await rows()).toEqual([[p, true], [q, false]]);
  });

  it('cell formulas: a parent rolls up the rows directly under it as they change; other formulas and system columns are refused', async () => {
    const created = await ctx.admin<{ id: number; columns: { id: number; title: string }[] }>('/sheets', 'POST', {
      name: 'Roll-ups',
      columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Budget', type: 'TEXT_NUMBER' }, { title: 'ID', type: 'TEXT_NUMBER', systemColumnType: 'AUTO_NUMBER' }],
      rows: [],
    });
    const col = (title: string) => created.columns.find((c) => c.title === title)!.id;
    const send = (method: string, rows: object[]) => ctx.api(`/sheets/${created.id}/rows`, { method, body: JSON.stringify(rows) });
    const add = async (rows: object[]) => (await json(await send('POST', rows))).result.map((r: { id: number }) => r.id) as number[];
    const cells = (task: string, budget: object | number) => [{ columnId: col('Task'), value: task }, { columnId: col('Budget'), ...(typeof budget === 'number' ? { value: budget } : budget) }];
    const [phase] = await add([{ toBottom: true, cells: cells('Phase', { formula: '=SUM(CHILDREN())' }) }]);
    const [design, build] = await add([{ parentId: phase, toBottom: true, cells: cells('Design', 100) }, { parentId: phase, toBottom: true, cells: cells('Build', 250) }]);
    const budget = async (rowId: number) => (await json(await ctx.api(`/sheets/${created.id}`))).rows.find((r: { id: number }) => r.id === rowId).cells.find((c: { columnId: number }) => c.columnId === col('Budget'));
    expect(await budget(phase!)).toMatchObject({ formula: '=SUM(CHILDREN())', value: 350 });
    await send('PUT', [{ id: design, cells: [{ columnId: col('Budget'), value: 150 }] }]);
    expect(await budget(phase!)).toMatchObject({ value: 400 });
    await ctx.api(`/sheets/${created.id}/rows?ids=${build}`, { method: 'DELETE' });
    expect(await budget(phase!)).toMatchObject({ value: 150 });
    // A value written over the formula replaces it.
    await send('PUT', [{ id: phase, cells: [{ columnId: col('Budget'), value: 9 }] }]);
    expect(await budget(phase!)).toEqual({ columnId: col('Budget'), value: 9, displayValue: '9' });
    const other = await send('PUT', [{ id: phase, cells: [{ columnId: col('Budget'), formula: '=[Budget]1 * 2' }] }]);
    expect([other.status, (await json(other)).message]).toEqual([400, expect.stringMatching(/CHILDREN/)]);
    // System columns are Smartsheet's to fill: an auto-number per added row, never written.
    const sheet = await json(await ctx.api(`/sheets/${created.id}`));
    expect(sheet.rows.map((r: { cells: { columnId: number; value?: unknown }[] }) => r.cells.find((c) => c.columnId === col('ID'))?.value)).toEqual(['1', '2']);
    expect((await send('PUT', [{ id: phase, cells: [{ columnId: col('ID'), value: '7' }] }])).status).toBe(400);
  });

  it('number formats: a formatted column\'s cells carry the number as Smartsheet shows it, its format descriptor only when asked for', async () => {
    // The documented example: a US Dollar currency with two decimals and thousands separators.
    expect(shownNumber(',,,,,,,,,,,13,2,1,2,,', 1234.5678)).toBe('$1,234.57');
    expect([shownNumber(PERCENT, 0.355), shownNumber(',,,,,,,,,,,,1,,3,,', 0.1234), shownNumber(undefined, 1234.5), shownNumber(',,,,,,,,,,,,,1,1,,', 43000)]).toEqual(['36%', '12.3%', '1234.5', '43,000']);
    const pipeline = await json(await ctx.api(`/sheets/${SEED_SHEETS.crm}`));
    const col = (title: string) => pipeline.columns.find((c: { title: string }) => c.title === title);
    expect(col('Deal Value')).not.toHaveProperty('format');
    const cell = (row: { cells: { columnId: number; value: number; displayValue: string }[] }, title: string) => row.cells.find((c) => c.columnId === col(title).id)!;
    for (const row of pipeline.rows) {
      expect(cell(row, 'Deal Value').displayValue).toBe(`$${cell(row, 'Deal Value').value.toLocaleString('en-US')}`);
      expect(cell(row, 'Win Chance').displayValue).toBe(`${Math.round(cell(row, 'Win Chance').value * 100)}%`);
    }
    const asked = await json(await ctx.api(`/sheets/${SEED_SHEETS.crm}?include=format`));
    expect(asked.columns.find((c: { title: string }) => c.title === 'Win Chance').format).toBe(PERCENT);
    const listed = async (query: string) => (await json(await ctx.api(`/sheets/${SEED_SHEETS.crm}/columns${query}`))).data.find((c: { title: string }) => c.title === 'Win Chance');
    expect([await listed(''), await listed('?include=format')]).toEqual([expect.not.objectContaining({ format: expect.anything() }), expect.objectContaining({ format: PERCENT })]);
    // A format set on a column shows its numbers anew; a number written there is shown by it.
    const created = await ctx.admin<{ id: number; columns: { id: number; title: string }[]; rowIds: number[] }>('/sheets', 'POST', smallSheet);
    const budget = created.columns.find((c) => c.title === 'Budget')!.id;
    await ctx.api(`/sheets/${created.id}/columns/${budget}`, { method: 'PUT', body: JSON.stringify({ format: USD_WHOLE }) });
    await ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', body: JSON.stringify([{ id: created.rowIds[0], cells: [{ columnId: budget, value: 1500 }] }]) });
    const shown = (await json(await ctx.api(`/sheets/${created.id}`))).rows.map((r: { cells: { columnId: number; displayValue?: string }[] }) => r.cells.find((c) => c.columnId === budget)!.displayValue);
    expect(shown).toEqual(['$1,500', '$251', '$75']);
  });

  it('column type violations: 1042 with detail.index, or PARTIAL_SUCCESS with failedItems', async () => {
    const created = await ctx.admin<{ id: number; columns: { id: number; title: string }[]; rowIds: number[] }>('/sheets', 'POST', smallSheet);
    const due = created.columns.find((c) => c.title === 'Due')!.id;
    const body = created.rowIds.map((id, i) => ({ id, cells: [{ columnId: due, value: i === 1 ? 'next tuesday' : '2027-01-0' + (i + 1) }] }));
    const whole = await ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', body: JSON.stringify(body) });
    expect(whole.status).toBe(400);
    expect(await json(whole)).toMatchObject({ errorCode: 1042, detail: { index: 1, rowId: created.rowIds[1] } });
    const partial = await json(await ctx.api(`/sheets/${created.id}/rows?allowPartialSuccess=true`, { method: 'PUT', body: JSON.stringify(body) }));
    expect(partial).toMatchObject({ message: 'PARTIAL_SUCCESS', resultCode: 3, version: expect.any(Number) });
    expect(partial.result).toHaveLength(2);
    expect(partial.failedItems).toEqual([{ index: 1, rowId: created.rowIds[1], error: { errorCode: 1042, message: expect.any(String), refId: expect.any(String) } }]);
  });

  it('columns: add, rename, delete (not the primary), and sort rows', async () => {
    const created = await ctx.admin<{ id: number; columns: { id: number; title: string }[] }>('/sheets', 'POST', smallSheet);
    const add = await json(await ctx.api(`/sheets/${created.id}/columns`, { method: 'POST', body: JSON.stringify([{ title: 'Risk', type: 'PICKLIST', options: ['Low', 'High'], index: 2 }]) }));
    expect(add.result[0]).toMatchObject({ title: 'Risk', index: 2, type: 'PICKLIST' });
    const renamed = await json(await ctx.api(`/sheets/${created.id}/columns/${add.result[0].id}`, { method: 'PUT', body: JSON.stringify({ title: 'Risk Level' }) }));
    expect(renamed.result.title).toBe('Risk Level');
    const primary = await ctx.api(`/sheets/${created.id}/columns/${created.columns[0]!.id}`, { method: 'DELETE' });
    expect(primary.status).toBe(400);
    expect((await ctx.api(`/sheets/${created.id}/columns/${add.result[0].id}`, { method: 'DELETE' })).status).toBe(200);
    const budget = created.columns.find((c) => c.title === 'Budget')!.id;
    const sorted = await json(await ctx.api(`/sheets/${created.id}/sort`, { method: 'POST', body: JSON.stringify({ sortCriteria: [{ columnId: budget, direction: 'DESCENDING' }] }) }));
    expect(sorted.rows.map((r: { cells: { columnId: number; value?: number }[] }) => r.cells.find((c) => c.columnId === budget)!.value)).toEqual([250.5, 100, 75]);
  });

  it('rate limit: 300 requests a minute per token, then 429/4003', async () => {
    await ctx.admin('/tokens', 'POST', { token: 'busy-token' });
    await ctx.admin('/config', 'PUT', { rateLimitPerMinute: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await ctx.api('/sheets', { headers: { authorization: 'Bearer busy-token' } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const limited = await ctx.api('/sheets', { headers: { authorization: 'Bearer busy-token' } });
      expect((await json(limited)).errorCode).toBe(4003);
    } finally {
      await ctx.admin('/config', 'PUT', { rateLimitPerMinute: 300 });
    }
  });

  it('concurrent writes to one sheet: the second gets 500/4004', async () => {
    const created = await ctx.admin<{ id: number; rowIds: number[]; columns: { id: number }[] }>('/sheets', 'POST', smallSheet);
    await ctx.admin('/config', 'PUT', { writeLatencyMs: 200 });
    try {
      const write = () => ctx.api(`/sheets/${created.id}/rows`, { method: 'PUT', body: JSON.stringify([{ id: created.rowIds[0], cells: [{ columnId: created.columns[0]!.id, value: 'x' }] }]) });
      const [first, second] = await Promise.all([write(), new Promise((r) => setTimeout(r, 50)).then(write)]);
      expect(first.status).toBe(200);
      expect([second.status, (await json(second)).errorCode]).toEqual([500, 4004]);
    } finally {
      await ctx.admin('/config', 'PUT', { writeLatencyMs: 5 });
    }
  });

  it('records every write in the write log with its change agent', async () => {
    const created = await ctx.admin<{ id: number; rowIds: number[]; columns: { id: number }[] }>('/sheets', 'POST', smallSheet);
    await ctx.api(`/sheets/${created.id}/rows`, {
      method: 'PUT',
      headers: { 'smartsheet-change-agent': 'chatsheetai' },
      body: JSON.stringify([{ id: created.rowIds[2], cells: [{ columnId: created.columns[0]!.id, value: 'y' }] }]),
    });
    const log = await ctx.admin<{ method: string; rowIds: number[]; changeAgent?: string }[]>(`/write-log?sheetId=${created.id}`);
    expect(log).toEqual([expect.objectContaining({ method: 'PUT', rowIds: [created.rowIds[2]], changeAgent: 'chatsheetai' })]);
  });
});
