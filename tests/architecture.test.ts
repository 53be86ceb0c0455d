import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/dev-host-process.js';

/**
 * Dependency rules, checked mechanically (DESIGN §6):
 * - shared/ is imported by the browser: no Node built-ins, no Azure or vendor SDKs;
 * - domain code in functions/ never imports @azure/*: only adapters (*.adapter.ts),
 *   triggers (*.http.ts, *.timer.ts, *.orchestration.ts, *.activity.ts, *.queue.ts) and
 *   the platform folder touch the SDKs;
 * - functions/ and shared/ import nothing from infra/, web/, tests/ or bench/ (not deployed);
 * - one realtime path (the seed had two WebSocket systems): one server publisher module, sheet groups fed only by
 *   the event channel's processor, one browser subscription module, and no other socket anywhere.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const sdk = /^(@azure\/|smartsheet$|openai$|durable-functions$|cockatiel$)/;
const nodeBuiltin = /^node:|^(fs|path|crypto|http|https|os|child_process|url|stream|util|zlib|net)$/;
const sdkAllowed = /(\.adapter|\.http|\.timer|\.orchestration|\.activity|\.queue|\.topic)\.ts$|\/platform\/|functions\/index\.ts$/;

describe('architecture rules', () => {
  it('shared/ imports no Node built-ins or SDKs', () => {
    const offenders = sourceFiles(join(repoRoot, 'shared')).flatMap((file) =>
      imports(file)
        .filter((spec) => sdk.test(spec) || nodeBuiltin.test(spec))
        .map((spec) => `${relative(repoRoot, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('domain code in functions/ imports SDKs only through adapters', () => {
    const files = sourceFiles(join(repoRoot, 'functions'));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files
      .filter((file) => !sdkAllowed.test(relative(repoRoot, file)))
      .flatMap((file) => imports(file).filter((spec) => sdk.test(spec)).map((spec) => `${relative(repoRoot, file)} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it("what runs in Azure (functions/, shared/) imports nothing from the dev host, the web app, tests or benchmarks — the Function App's zip leaves them out (.funcignore)", () => {
    const outside = /^(?:\.\.\/)+(?:infra|web|tests|bench|scratch)\//;
    const offenders = ['functions', 'shared'].flatMap((root) =>
      sourceFiles(join(repoRoot, root)).flatMap((file) => imports(file).filter((spec) => outside.test(spec)).map((spec) => `${relative(repoRoot, file)} → ${spec}`)),
    );
    expect(offenders).toEqual([]);
  });

  it('handlers never read process.env (settings are parsed once)', () => {
    const offenders = sourceFiles(join(repoRoot, 'functions'))
      .filter((file) => !file.endsWith('platform/settings.ts'))
      .filter((file) => /process\.env/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(repoRoot, file));
    expect(offenders).toEqual([]);
  });

  it('one realtime path: one publisher, sheet groups fed only by the processor, one browser subscriber, no other sockets', () => {
    const app = [...sourceFiles(join(repoRoot, 'functions')), ...sourceFiles(join(repoRoot, 'web/src')), ...sourceFiles(join(repoRoot, 'shared'))];
    const rel = (file: string) => relative(repoRoot, file);
    const text = (file: string) => readFileSync(file, 'utf8');
    const importing = (spec: string) => app.filter((file) => imports(file).includes(spec)).map(rel);
    // The server SDK in one adapter; the browser client made in one place and handed to realtime.ts.
    expect(importing('@azure/web-pubsub')).toEqual(['functions/realtime/webpubsub.adapter.ts']);
    expect(importing('@azure/web-pubsub-client')).toEqual(['web/src/main.tsx']);
    // Sheet groups hear only what the processor publishes after the event channel (every write path's one road).
    const groupSenders = app.filter((file) => /\.sendToGroup\(/.test(text(file))).map(rel);
    expect(groupSenders).toEqual(['functions/live/live-updates.service.ts']);
    // Only realtime.ts listens to pushes in the browser.
    const listeners = app.filter((file) => /on\(\s*'(group|server)-message'/.test(text(file))).map(rel);
    expect(listeners).toEqual(['web/src/realtime.ts']);
    // No hand-made sockets, second socket libraries or server-sent events beside it.
    const sockets = app.filter((file) => /new (WebSocket|EventSource)\(|from ['"](ws|socket\.io(-client)?)['"]/.test(text(file))).map(rel);
    expect(sockets).toEqual([]);
  });
});

