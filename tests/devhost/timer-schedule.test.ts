import { describe, expect, it } from 'vitest';
import { parseSchedule, resolveSettingReference } from '../../infra/devhost/timer-trigger.js';

const from = new Date('2026-11-24T10:07:13.500Z'); // a Tuesday

function nextTimes(expression: string, count: number, start = from): string[] {
  const schedule = parseSchedule(expression);
  const times: string[] = [];
  let cursor = start;
  for (let i = 0; i < count; i++) {
    cursor = schedule.next(cursor)!;
    times.push(cursor.toISOString());
  }
  return times;
}

describe('timer schedules (NCRONTAB, UTC)', () => {
  it('every five minutes', () => {
    expect(nextTimes('0 */5 * * * *', 3)).toEqual(['2026-11-24T10:10:00.000Z', '2026-11-24T10:15:00.000Z', '2026-11-24T10:20:00.000Z']);
  });

  it('weekdays at 9:30', () => {
    expect(nextTimes('0 30 9 * * 1-5', 4)).toEqual([
      '2026-11-25T09:30:00.000Z',
      '2026-11-26T09:30:00.000Z',
      '2026-11-27T09:30:00.000Z',
      '2026-11-30T09:30:00.000Z',
    ]);
  });

  it('honours the seconds field', () => {
    expect(nextTimes('15,45 * * * * *', 3)).toEqual(['2026-11-24T10:07:15.000Z', '2026-11-24T10:07:45.000Z', '2026-11-24T10:08:15.000Z']);
  });

  it('requires both day fields when both are restricted, as NCRONTAB does', () => {
    // The 13th that is also a Friday.
    expect(nextTimes('0 0 0 13 * 5', 2)).toEqual(['2027-08-13T00:00:00.000Z', '2028-10-13T00:00:00.000Z']);
  });

  it('reads hh:mm:ss intervals', () => {
    expect(nextTimes('00:00:30', 2)).toEqual(['2026-11-24T10:07:43.500Z', '2026-11-24T10:08:13.500Z']);
    expect(nextTimes('1.00:00:00', 1)).toEqual(['2026-11-25T10:07:13.500Z']);
  });

  it('rejects five-field cron and resolves %SETTING% references', () => {
    expect(() => parseSchedule('*/5 * * * *')).toThrow(/six fields/);
    expect(resolveSettingReference('%CLEANUP_SCHEDULE%', { CLEANUP_SCHEDULE: '0 0 * * * *' })).toBe('0 0 * * * *');
    expect(() => resolveSettingReference('%MISSING%', {})).toThrow(/MISSING/);
  });
});
