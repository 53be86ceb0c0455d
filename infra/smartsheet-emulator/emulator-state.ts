import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { StoredSheet } from './sheet-store.js';
import { defaultSeed } from './seed.js';

export interface TokenGrant {
  userId: number;
  email: string;
  name: string;
  /** Sheet ids this token can see; 'all' sees every sheet. */
  sheets: Set<number> | 'all';
  /** The access its sheets are shared with it at (Smartsheet's levels); absent: each sheet's own (the owner's). */
  accessLevel?: AccessLevel;
}

export const ACCESS_LEVELS = ['VIEWER', 'COMMENTER', 'EDITOR', 'EDITOR_SHARE', 'ADMIN', 'OWNER'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface Fault {
  id: number;
  /** Regular expression matched against "METHOD /path" (path without /2.0). */
  match: string;
  status?: number;
  errorCode?: number;
  latencyMs?: number;
  drop?: boolean;
  /** How many matching requests it applies to; unlimited when absent. */
  remaining?: number;
  /** Probability (0–1) that a matching request is affected. */
  ratio?: number;
}

export interface WriteLogEntry {
  at: string;
  method: string;
  path: string;
  sheetId?: number;
  userId: number;
  changeAgent?: string;
  /** The `smartsheet-integration-source` header, when sent. */
  integrationSource?: string;
  rowIds: number[];
  body?: unknown;
}

export interface EmulatorConfig {
  rateLimitPerMinute: number;
  /** How long a write holds its sheet; an overlapping write gets 4004. */
  writeLatencyMs: number;
  webhookRetryBaseMs: number;
  webhookMaxRetries: number;
  webhookTimeoutMs: number;
  /** At most this many rows in a sheet read whole (no paging asked for), as a Get sheet with bounded results would answer; 0: no bound. */
  sheetRowCap: number;
}

export const DEFAULT_TOKEN = 'local-smartsheet-token';
export const DEFAULT_CONFIG: EmulatorConfig = { rateLimitPerMinute: 300, writeLatencyMs: 5, webhookRetryBaseMs: 1000, webhookMaxRetries: 14, webhookTimeoutMs: 5000, sheetRowCap: 0 };

/** Everything the emulator knows; persisted to a file when one is given. */
export class EmulatorState {
  sheets = new Map<number, StoredSheet>();
  tokens = new Map<string, TokenGrant>();
  faults: Fault[] = [];
  /** Rows whose updates fail (per row, as a type violation): for partial-success tests. */
  failingRows = new Set<number>();
  writeLog: WriteLogEntry[] = [];
  config: EmulatorConfig = { ...DEFAULT_CONFIG };
  busySheets = new Set<number>();
  requestTimes = new Map<string, number[]>();
  /** Requests refused with 429 by the rate limit (not by injected faults). */
  rateLimited = 0;
  #faultId = 1;
  #saveTimer?: NodeJS.Timeout;

  constructor(readonly persistFile?: string) {}

  seed(sheets: StoredSheet[] = defaultSeed()): void {
    this.sheets = new Map(sheets.map((s) => [s.sheet.id, s]));
    this.tokens = new Map([
      [DEFAULT_TOKEN, { userId: 1001, email: 'dev@localhost', name: 'Local Developer', sheets: 'all' }],
      ['external-editor-token', { userId: 2002, email: 'colleague@example.com', name: 'A Colleague', sheets: 'all' }],
    ]);
    this.faults = [];
    this.failingRows = new Set();
    this.writeLog = [];
    this.busySheets.clear();
    this.requestTimes.clear();
    this.rateLimited = 0;
  }

  /** Loads the persisted file if there is one, else seeds. */
  load(): void {
    if (this.persistFile && existsSync(this.persistFile)) {
      const data = JSON.parse(readFileSync(this.persistFile, 'utf8')) as { sheets: StoredSheet[]; tokens: [string, { userId: number; email: string; name: string; sheets: number[] | 'all' }][] };
      this.seed(data.sheets);
      this.tokens = new Map(data.tokens.map(([token, grant]) => [token, { ...grant, sheets: grant.sheets === 'all' ? 'all' : new Set(grant.sheets) }]));
    } else this.seed();
  }

  /** Writes the state to the persistence file shortly after a change (debounced). */
  changed(): void {
    if (!this.persistFile || this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.flush();
    }, 250);
  }

  flush(): void {
    if (!this.persistFile) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    const tokens = [...this.tokens].map(([token, grant]) => [token, { ...grant, sheets: grant.sheets === 'all' ? 'all' : [...grant.sheets] }]);
    writeFileSync(this.persistFile, JSON.stringify({ sheets: [...this.sheets.values()], tokens }));
  }

  addFault(fault: Omit<Fault, 'id'>): Fault {
    const created = { ...fault, id: this.#faultId++ };
    this.faults.push(created);
    return created;
  }

  /** The first fault that applies to this request, consuming one of its uses. */
  takeFault(method: string, path: string): Fault | undefined {
    const subject = `${method} ${path}`;
    for (const fault of this.faults) {
      if (!new RegExp(fault.match).test(subject)) continue;
      if (fault.ratio !== undefined && Math.random() >= fault.ratio) continue;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      }
      return fault;
    }
    return undefined;
  }

  /** Sliding one-minute window per token; true when the request may proceed. `weight`: what it counts as (Smartsheet counts some as 10). */
  allowRequest(token: string, at = Date.now(), weight = 1): boolean {
    const times = (this.requestTimes.get(token) ?? []).filter((t) => at - t < 60_000);
    if (times.length + weight > this.config.rateLimitPerMinute) {
      this.rateLimited++;
      this.requestTimes.set(token, times);
      return false;
    }
    for (let i = 0; i < weight; i++) times.push(at);
    this.requestTimes.set(token, times);
    return true;
  }

  canSee(grant: TokenGrant, sheetId: number): boolean {
    return grant.sheets === 'all' || grant.sheets.has(sheetId);
  }
}
