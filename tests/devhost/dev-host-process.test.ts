import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { devHostMain, repoRoot, requireBuild, startDevHostProcess } from '../support/dev-host-process.js';
import { childPids, isAlive } from '../support/processes.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the dev host as npm start runs it', () => {
  it('starts its own Azurite and serves health (storage ok) and the web app on one origin', async () => {
    const host = await startDevHostProcess();
    try {
      const res = await fetch(`${host.webUrl}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', version: expect.any(String), dependencies: { storage: 'ok' } });
      const direct = await fetch(`${host.functionsUrl}/api/health`);
      expect(direct.status).toBe(200);
      const page = await fetch(`${host.webUrl}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root"><\/div>/);
      const deepLink = await fetch(`${host.webUrl}/sessions/abc`);
      expect(await deepLink.text()).toMatch(/<div id="root">/);
      expect(host.output()).toMatch(/health: \[GET\] http:\/\/localhost:\d+\/api\/health/);
    } finally {
      expect(await host.stop()).toBe(0);
    }
  });

  it('answers 503 with the dependency error when storage is unreachable', async () => {
    const port = await closedPort();
    const host = await startDevHostProcess([], {
      AzureWebJobsStorage: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
      HEALTH_TIMEOUT_MS: '1500',
    });
    try {
      const res = await fetch(`${host.functionsUrl}/api/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; dependencies: { storage: { error: string } } };
      expect(body.status).toBe('degraded');
      expect(body.dependencies.storage.error).toMatch(/ECONNREFUSED|connect|no answer/i);
    } finally {
      await host.stop();
    }
  });

  it('refuses to start on an invalid setting, naming it', () => {
    requireBuild();
    const run = spawnSync(process.execPath, [devHostMain, '--port', '0', '--web-port', '0', '--azurite-ports', '0', '--settings', 'local.settings.sample.json'], {
      cwd: repoRoot,
      env: { ...process.env, HEALTH_TIMEOUT_MS: 'soon', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/HEALTH_TIMEOUT_MS must be a number/);
    expect(run.stderr).toMatch(/LOG_LEVEL must be one of/);
    expect(run.stdout).not.toMatch(/DEVHOST_READY/);
  });

  it('leaves no child process behind after SIGTERM', async () => {
    const host = await startDevHostProcess();
    const children = childPids(host.child.pid!);
    expect(children.length).toBeGreaterThan(0); // Azurite
    expect(await host.stop()).toBe(0);
    for (const pid of children) expect(isAlive(pid), `child ${pid}`).toBe(false);
  });

  it('leaves no orphan even when the host is SIGKILLed', async () => {
    const host = await startDevHostProcess();
    const children = childPids(host.child.pid!);
    host.child.kill('SIGKILL');
    await host.stop();
    await expect.poll(() => children.filter(isAlive), { timeout: 5000 }).toEqual([]);
  });
});
