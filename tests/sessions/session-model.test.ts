import { describe, expect, it } from 'vitest';
import { effectiveState, markFailed, markReady, newSession, startReload } from '../../functions/sessions/session.model.js';

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
});
