import { Cron } from 'croner';
import type { RegisteredFunction } from './core-api.js';
import type { FunctionRuntime } from './function-runtime.js';

/**
 * Timer schedules as Azure Functions reads them: six-field NCRONTAB
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`, UTC) or a TimeSpan
 * interval `hh:mm:ss` / `d.hh:mm:ss`; `%SETTING%` names an app setting.
 */
export interface Schedule {
  next(after: Date): Date | undefined;
  describe: string;
}

export function resolveSettingReference(value: string, env: Record<string, string | undefined>): string {
  const reference = /^%([^%]+)%$/.exec(value.trim());
  if (!reference) return value;
  const resolved = env[reference[1]!];
  if (!resolved) throw new Error(`Timer schedule refers to app setting "${reference[1]}", which is not set.`);
  return resolved;
}

export function parseSchedule(expression: string): Schedule {
  const interval = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(expression.trim());
  if (interval) {
    const [, days = '0', hours, minutes, seconds] = interval;
    const ms = ((Number(days) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000;
    if (ms <= 0) throw new Error(`Timer interval "${expression}" must be longer than zero.`);
    return { describe: `every ${expression}`, next: (after) => new Date(after.getTime() + ms) };
  }
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(`Timer schedule "${expression}" must be NCRONTAB with six fields ({second} {minute} {hour} {day} {month} {day-of-week}) or hh:mm:ss.`);
  }
  // NCRONTAB requires both day fields to match when both are restricted.
  const cron = new Cron(expression, { timezone: 'UTC', mode: '6-part', domAndDow: true, paused: true });
  return {
    describe: expression,
    next: (after) => cron.nextRun(after) ?? undefined,
  };
}

interface TimerState {
  fn: RegisteredFunction;
  schedule: Schedule;
  last?: Date;
  handle?: NodeJS.Timeout;
}

const MAX_DELAY = 2 ** 31 - 1;

/** Runs every timer trigger on its schedule; one invocation of a timer at a time, as in Azure. */
export class TimerScheduler {
  #timers: TimerState[] = [];
  #stopped = false;
  #running = new Set<Promise<unknown>>();

  constructor(
    private readonly runtime: FunctionRuntime,
    private readonly env: Record<string, string | undefined>,
  ) {}

  start(functions: RegisteredFunction[]): void {
    for (const fn of functions.filter((f) => f.trigger.type.toLowerCase() === 'timertrigger')) {
      const schedule = parseSchedule(resolveSettingReference(String(fn.trigger.schedule ?? ''), this.env));
      const state: TimerState = { fn, schedule };
      this.#timers.push(state);
      if (fn.trigger.runOnStartup) void this.#fire(state, new Date(), false);
      else this.#arm(state);
    }
  }

  describe(): { name: string; schedule: string }[] {
    return this.#timers.map((t) => ({ name: t.fn.name, schedule: t.schedule.describe }));
  }

  #arm(state: TimerState): void {
    if (this.#stopped) return;
    const due = state.schedule.next(new Date());
    if (!due) return;
    const delay = Math.max(0, due.getTime() - Date.now());
    state.handle = setTimeout(() => {
      if (delay >= MAX_DELAY) this.#arm(state);
      else void this.#fire(state, due, true);
    }, Math.min(delay, MAX_DELAY));
  }

  async #fire(state: TimerState, scheduled: Date, fromSchedule: boolean): Promise<void> {
    if (this.#stopped) return;
    const now = new Date();
    const next = state.schedule.next(now);
    const timer = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: { Last: (state.last ?? now).toISOString(), Next: next?.toISOString(), LastUpdated: now.toISOString() },
      IsPastDue: fromSchedule && now.getTime() - scheduled.getTime() > 1000,
    };
    state.last = now;
    const run = this.runtime.invoke(state.fn, { data: { json: JSON.stringify(timer) } }).catch((error: unknown) => {
      this.runtime.logger.log('error', `Timer "${state.fn.name}" failed: ${(error as Error)?.message ?? String(error)}`, { function: state.fn.name });
    });
    this.#running.add(run);
    await run;
    this.#running.delete(run);
    this.#arm(state);
  }

  /** Stops scheduling and waits for invocations already running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const state of this.#timers) clearTimeout(state.handle);
    await Promise.all(this.#running);
  }
}
