import { projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { addRows, type StoredSheet } from '../../infra/smartsheet-emulator/sheet-store.js';
import { findSheetColumn } from '../../infra/smartsheet-emulator/column-store.js';

/** The tracker with a project plan at its end: two phases, tasks under them, sub-tasks under a task. */
export function plan(): { stored: StoredSheet; ids: Record<'p1' | 'p2' | 'a' | 'b' | 'c' | 'a1' | 'a2' | 'd', number> } {
  const stored = projectTracker();
  const task = findSheetColumn(stored, 'Task')!.id;
  const add = (names: string[], at: object = {}) => addRows(stored, names.map((name) => ({ ...at, cells: [{ columnId: task, value: name }] })), false).rows.map((r) => r.id);
  const [p1, p2] = add(['Phase 1', 'Phase 2']);
  const [a, b, c] = add(['Design', 'Build', 'Test'], { parentId: p1, toBottom: true });
  const [a1, a2] = add(['Sketch', 'Review'], { parentId: a, toBottom: true });
  const [d] = add(['Launch'], { parentId: p2 });
  return { stored, ids: { p1: p1!, p2: p2!, a: a!, b: b!, c: c!, a1: a1!, a2: a2!, d: d! } };
}

/** The sheet's outline: each row's Task and its parent's Task, in order. */
export function outline(stored: StoredSheet): [unknown, unknown][] {
  const task = findSheetColumn(stored, 'Task')!.id;
  const name = (id?: number) => stored.rows.find((r) => r.id === id)?.cells.find((c) => c.columnId === task)?.value;
  return stored.rows.map((r) => [name(r.id), name(r.parentId)]);
}
