import { describe, expect, it } from 'vitest';
import { closedConversation, effectiveState, markFailed, markReady, newSession, startReload } from '../../functions/sessions/session.model.js';

describe('session state machine', () => {
  const created = newSession('s1', 'u1', 42, '2026-11-24T10:00:00.000Z');

  it('starts loading and moves to ready or failed; reload returns to loading with a new load number', () => {
    expect(created.state).toEqual({ status: 'loading' });
    expect(markReady(created, 9, 'Sheet').state).toEqual({ status: 'ready', sheetVersion: 9 });
    const failed = markFailed(created, 'boom', true);
    expect(failed.state).toEqual({ status: 'failed', reason: 'boom', retryable: true });
    const reloaded = startReload(failed, '2026-11-24T10:05:00.000Z');
    expect(reloaded).toMatchObject({ state: { status: 'loading' }, loads: 2, lastActiveAt: '2026-11-24T10:05:00.000Z' });
  });

  it('expires when idle longer than the setting, whatever it stored', () => {
    const ready = markReady(created, 9, 'Sheet');
    expect(effectiveState(ready, new Date('2026-11-24T10:59:00.000Z'), 60)).toEqual({ status: 'ready', sheetVersion: 9 });
    expect(effectiveState(ready, new Date('2026-11-24T11:01:00.000Z'), 60)).toEqual({ status: 'expired' });
  });

  it('names a closed conversation by its first message on one line, shortened to 80 characters between words', () => {
    const at = '2026-11-24T10:00:00.000Z';
    expect(closedConversation(2, { text: '  total Budget\n  by Owner ', createdAt: at })).toEqual({ conversation: 2, title: 'total Budget by Owner', startedAt: at });
    const long = closedConversation(3, { text: `${'word '.repeat(30)}end`, createdAt: at });
    expect(long.title).toBe(`${'word '.repeat(14)}word…`); // cut between words
    expect(closedConversation(4, { text: 'x'.repeat(100), createdAt: at }).title).toBe(`${'x'.repeat(79)}…`);
  });
});
