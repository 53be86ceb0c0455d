import type { RpcLogLevel } from './core-types.js';

export interface LogFields {
  source: 'host' | 'function' | 'system' | string;
  function?: string;
  invocationId?: string;
  traceId?: string;
  [key: string]: unknown;
}

export type Level = Exclude<RpcLogLevel, 'none'>;

const rank: Record<Level, number> = { trace: 0, debug: 1, information: 2, warning: 3, error: 4, critical: 5 };

export interface Logger {
  log(level: Level, message: string, fields?: Partial<LogFields>): void;
  child(fields: Partial<LogFields>): Logger;
}

/** One JSON object per line: level, source, function, invocation id, trace id, message. */
export function createLogger(
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  minLevel: Level = 'information',
  base: Partial<LogFields> = { source: 'host' },
): Logger {
  return {
    log(level, message, fields) {
      if (rank[level] < rank[minLevel]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, ...base, ...fields, message }));
    },
    child(fields) {
      return createLogger(write, minLevel, { ...base, ...fields });
    },
  };
}

export function toLevel(level: string): Level {
  return level in rank ? (level as Level) : 'information';
}
