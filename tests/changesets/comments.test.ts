import { describe, expect, it } from 'vitest';
import { approval, changeSetStack } from '../support/changeset-stack.js';
import { smallSheet, useEmulator } from '../support/smartsheet.js';

/**
 * Comments added by approval only (add_comment): the change set service against the Smartsheet emulator through the
 * real adapter. Nothing is posted before approval; approved, each row gets its comment (by the app's account); Revert
 * deletes them; a row deleted meanwhile is a conflict. Commenter access is enough for comments — and for nothing else.
 */
const ctx = useEmulator();

async function setup(access?: string, signComments = false) {
  const { id } = await ctx.admin<{ id: number }>('/sheets', 'POST', { ...smallSheet, name: `Comments ${Math.random().toString(36).slice(2, 8)}` });
  const stack = await changeSetStack(ctx, id, access, signComments);
  const comments = async () => (await stack.smartsheet.getDiscussions(id)).flatMap((d) => d.comments.map((c) => [stack.sheet.rows.find((r) => r.id === d.rowId)?.rowNumber, c.text, c.by]));
  return { ...stack, comments };
}

describe('comments by approval', () => {
  it('posted on approval only, one thread per row, by the app; Revert deletes them', async () => {
    const { service, propose, comments } = await setup();
    const cs = await propose('add_comment', { filter: { column: 'Status', op: 'in', values: ['Open', 'Blocked'] }, text: 'Reviewed in the weekly sync.' });
    expect(cs).toMatchObject({ status: 'awaiting_approval', summary: 'Comment on 2 rows (rows 1, 2): “Reviewed in the weekly sync.”', comments: [{ rowNumber: 1, text: 'Reviewed in the weekly sync.' }, { rowNumber: 2 }] });
    expect(await comments()).toEqual([]);
    const applied = await service.apply(cs.id);
    expect(applied.status).toBe('applied');
    expect(applied.comments!.every((c) => typeof c.commentId === 'number')).toBe(true);
    expect(await comments()).toEqual([
      [1, 'Reviewed in the weekly sync.', 'Local Developer'],
      [2, 'Reviewed in the weekly sync.', 'Local Developer'],
    ]);
    expect((await service.revert('dana', cs.id)).status).toBe('reverted');
    expect(await comments()).toEqual([]);
  });

  it('signed with the asker\'s name when signatures are on (the card shows it as it will be posted); the undo deletes it as ever', async () => {
    const { service, propose, comments } = await setup(undefined, true);
    const cs = await propose('add_comment', { rowNumbers: [1], text: 'Reviewed.' }, undefined, 'dana@contoso.com');
    expect(cs.comments).toEqual([expect.objectContaining({ rowNumber: 1, text: 'Reviewed.\n\n— dana@contoso.com (via ChatSheetAI)' })]);
    expect(cs.notes).toContain('Signed with dana@contoso.com, so people reading Smartsheet can tell who wrote it.');
    expect((await service.apply(cs.id)).status).toBe('applied');
    expect(await comments()).toEqual([[1, 'Reviewed.\n\n— dana@contoso.com (via ChatSheetAI)', 'Local Developer']]);
    expect((await service.revert('dana', cs.id)).status).toBe('reverted');
    expect(await comments()).toEqual([]);
    // Signatures off (COMMENT_SIGNATURE=off): the text alone, whoever asks.
    const plain = await (await setup(undefined, false)).propose('add_comment', { rowNumbers: [1], text: 'Reviewed.' }, undefined, 'dana@contoso.com');
    expect(plain.comments![0]!.text).toBe('Reviewed.');
  });

  it('a comment Smartsheet refuses is a failure on the card; the others are posted and recorded, so Revert deletes them', async () => {
    const { service, sheet, propose, comments } = await setup();
    const cs = await propose('add_comment', { rowNumbers: [1, 2], text: 'Half of this fails.' });
    await ctx.admin('/faults', 'POST', { match: `^POST /sheets/${sheet.id}/rows/${sheet.rows[1]!.id}/discussions$`, status: 500, errorCode: 4000 });
    try {
      const applied = await service.apply(cs.id);
      expect(applied).toMatchObject({ status: 'applied', comments: [{ rowNumber: 1, commentId: expect.any(Number) }], failures: [{ rowId: sheet.rows[1]!.id, message: expect.stringMatching(/^Row 2 was not commented on: /) }] });
    } finally {
      await ctx.admin('/faults', 'DELETE');
    }
    expect(await comments()).toEqual([[1, 'Half of this fails.', 'Local Developer']]);
    expect((await service.revert('dana', cs.id)).status).toBe('reverted');
    expect(await comments()).toEqual([]);
  });

  it('a row deleted before approval is a conflict: nothing is posted', async () => {
    const { service, sheet, propose, comments } = await setup();
    const cs = await propose('add_comment', { rowNumbers: [3], text: 'Closing this out.' });
    await ctx.admin(`/sheets/${sheet.id}/external-edit`, 'POST', { delete: [sheet.rows[2]!.id] });
    expect(await service.apply(cs.id)).toMatchObject({ status: 'conflict', conflicts: [{ rowId: sheet.rows[2]!.id, rowNumber: 3, actual: 'row deleted' }] });
    expect(await comments()).toEqual([]);
  });

  it('shared as Commenter: a comment may be proposed, approved, reverted and undone from chat; an edit may not', async () => {
    const { service, sheet, propose, comments } = await setup('COMMENTER');
    const cs = await propose('add_comment', { rowNumbers: [1], text: 'Looks good.' });
    await expect(service.approve('dana', cs.id, approval)).resolves.toMatchObject({ id: cs.id });
    await service.apply(cs.id);
    expect(await comments()).toEqual([[1, 'Looks good.', 'Local Developer']]);
    expect((await service.revert('dana', cs.id)).status).toBe('reverted');
    const again = await propose('add_comment', { rowNumbers: [2], text: 'Checked.' });
    await service.apply(again.id);
    const undo = await propose('revert_change_set', {});
    expect(undo).toMatchObject({ revertOf: again.id, comments: [{ rowNumber: 2, text: 'Checked.', remove: true }] });
    await service.apply(undo.id);
    expect(await comments()).toEqual([]);
    await expect(propose('update_cells', { rowNumbers: [1], set: { Status: 'Done' } })).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/shared with ChatSheetAI's Smartsheet account as Commenter: questions are answered and rows can be commented on, but nothing else can be changed from here/) });
    // An edit proposed before the sharing changed is not approved either.
    const before = await service.propose({ sessionId: 's1', userId: 'dana', sheet, tool: 'update_cells', args: { rowNumbers: [1], set: { Status: 'Done' } }, today: '2026-11-24', approval });
    await expect(service.approve('dana', before.id, approval)).rejects.toMatchObject({ status: 403 });
  });

  it('shared as Viewer: not even a comment', async () => {
    const { propose } = await setup('VIEWER');
    await expect(propose('add_comment', { rowNumbers: [1], text: 'Hi.' })).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/as Viewer: .*not even a comment/) });
  });
});
