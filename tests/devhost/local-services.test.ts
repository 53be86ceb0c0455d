import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServices } from '../../infra/devhost/local-services.js';
import { createLogger } from '../../infra/devhost/logger.js';
import { childPids, isAlive } from '../support/processes.js';

/**
 * The stand-ins start together — Azurite in its own process while the others start in this one — so when one cannot
 * start, the start fails naming it, and nothing that did start is left running.
 */
let busy: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (busy ? busy.close(() => resolve()) : resolve())));

const quiet = createLogger(() => undefined, 'error');

describe('local services', () => {
  it('a stand-in whose port is taken fails the start, naming the port and the flag, and Azurite started alongside is stopped', async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy!.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const before = new Set(childPids(process.pid));
    const settings: Record<string, string | undefined> = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', AZURE_OPENAI_ENDPOINT: `http://127.0.0.1:${port}` };
    const starting = startLocalServices(settings, { azuritePorts: 0 }, quiet);
    // Azurite is under way (a child of this process) while the model's start meets the taken port.
    await expect.poll(() => childPids(process.pid).filter((pid) => !before.has(pid)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const started = childPids(process.pid).filter((pid) => !before.has(pid));
    await expect(starting).rejects.toThrow(`Port ${port} for the offline model is in use; use --model-port or change AZURE_OPENAI_ENDPOINT.`);
    await expect.poll(() => started.filter(isAlive), { timeout: 10_000 }).toEqual([]);
  }, 30_000);

  it('starts Azurite and the stand-ins together and points the settings at them', async () => {
    const settings: Record<string, string | undefined> = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', AZURE_OPENAI_ENDPOINT: 'http://localhost:8083' };
    const services = await startLocalServices(settings, { azuritePorts: 0, modelPort: 0 }, quiet);
    try {
      expect(settings.AzureWebJobsStorage).toContain(`TableEndpoint=http://127.0.0.1:${services.azurite!.ports.table}/`);
      expect(settings.AZURE_OPENAI_ENDPOINT).toBe(services.model!.url);
      expect((await fetch(`${services.model!.url}/openai/deployments/offline/chat/completions?api-version=2024-10-21`, { method: 'POST', body: '{}' })).status).toBeLessThan(500);
    } finally {
      await services.stop();
    }
  }, 30_000);
});
