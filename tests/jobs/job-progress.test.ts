import { describe, expect, it } from 'vitest';
import { afterChunk, type Job } from '../../functions/jobs/job.model.js';

const base = {
  id: 'j1',
  status: 'running',
  updatedAt: '2026-11-24T10:00:00.000Z',
  runningSince: '2026-11-24T10:00:00.000Z',
  progress: { phase: 'running', done: 0, failed: 0, total: 1500 },
  result: { written: 0, failed: 0, skipped: 2, modelCalls: 5, smartsheetRequests: 0 },
} as unknown as Job;
const at = (seconds: number) => new Date(Date.parse('2026-11-24T10:00:00.000Z') + seconds * 1000);

describe('job progress after a chunk', () => {
  it('adds each chunk, estimates the rest from the pace so far, and keeps the running result', () => {
    const one = afterChunk(base, { chunk: 0, done: 498, failed: 2, modelCalls: 25, requests: 1, version: 7 }, at(10));
    expect(one.progress).toEqual({ phase: 'running', done: 498, failed: 2, total: 1500, etaSeconds: 20 });
    const two = afterChunk(one, { chunk: 1, done: 500, failed: 0, modelCalls: 25, requests: 1 }, at(20));
    expect(two.progress).toMatchObject({ done: 998, failed: 2, etaSeconds: 10 });
    expect(two.result).toEqual({ written: 998, failed: 2, skipped: 2, modelCalls: 55, smartsheetRequests: 2, version: 7 });
  });

  it('a chunk run again (a retried activity) replaces its own counts instead of adding to them', () => {
    const once = afterChunk(base, { chunk: 0, done: 300, failed: 200, modelCalls: 0, requests: 1 }, at(5));
    const again = afterChunk(once, { chunk: 0, done: 500, failed: 0, modelCalls: 0, requests: 1 }, at(6));
    expect(again.progress).toMatchObject({ done: 500, failed: 0 });
    expect(again.result).toMatchObject({ written: 500, failed: 0 });
  });

  it('rows left alone as conflicts count as finished, are named in order, and a chunk run again replaces them', () => {
    const one = afterChunk(base, { chunk: 0, done: 498, failed: 0, conflicts: 2, conflictRows: [4, 9], modelCalls: 0, requests: 5, version: 8, sheetMoved: true }, at(10));
    expect(one.progress).toEqual({ phase: 'running', done: 498, failed: 0, conflicts: 2, total: 1500, etaSeconds: 20 });
    expect(one).toMatchObject({ ownVersion: 8, sheetMoved: true });
    const two = afterChunk(one, { chunk: 1, done: 499, failed: 0, conflicts: 1, conflictRows: [700], modelCalls: 0, requests: 4, version: 9 }, at(20));
    expect(two.result).toMatchObject({ written: 997, conflicts: 3, conflictRows: [4, 9, 700] });
    expect(two).toMatchObject({ ownVersion: 9, sheetMoved: true }); // once moved, every later chunk checks
    const again = afterChunk(two, { chunk: 0, done: 500, failed: 0, modelCalls: 0, requests: 1 }, at(21));
    expect(again.result).toMatchObject({ written: 999, conflicts: 1, conflictRows: [700] });
  });

  it('a resumed run estimates from its own pace, not from rows an earlier run finished', () => {
    const stopped = afterChunk(base, { chunk: 0, done: 500, failed: 0, modelCalls: 0, requests: 1 }, at(10));
    // Resumed an hour later: chunk 0 is counted again (nothing new), chunk 1 takes 10 s.
    const resumed = { ...stopped, runningSince: at(3600).toISOString(), rowsBeforeRun: 500 } as Job;
    const recount = afterChunk(resumed, { chunk: 0, done: 500, failed: 0, modelCalls: 0, requests: 0 }, at(3601));
    expect(recount.progress.etaSeconds).toBeUndefined();
    const next = afterChunk(recount, { chunk: 1, done: 500, failed: 0, modelCalls: 0, requests: 1 }, at(3610));
    expect(next.progress).toMatchObject({ done: 1000, etaSeconds: 10 });
  });
});
