import { describe, expect, it } from 'vitest';
import { loadFunctionsApp } from '../../infra/devhost/load-app.js';
import { fixtureRoot } from '../support/fixture-host.js';

describe('registration capture through @azure/functions-core', () => {
  it('captures names and full binding metadata for http, timer and generic registrations', async () => {
    const { functions, core } = await loadFunctionsApp(fixtureRoot + 'index.ts');
    const byName = new Map(functions.map((fn) => [fn.name, fn]));

    expect(core.programmingModel?.name).toBe('@azure/functions');

    const http = byName.get('items-by-int')!;
    expect(http.trigger).toMatchObject({ type: 'httpTrigger', direction: 'in', route: 'items/{id:int}', methods: ['GET'], authLevel: 'anonymous' });
    expect(Object.values(http.metadata.bindings).find((b) => b.direction === 'out')).toMatchObject({ type: 'http' });
    expect(typeof http.handler).toBe('function');

    const timer = byName.get('startup-timer')!;
    expect(timer.trigger).toMatchObject({ type: 'timerTrigger', schedule: '0 0 0 1 1 *', runOnStartup: true });

    const generic = byName.get('custom-trigger')!;
    expect(generic.triggerName).toBe('customIn');
    expect(generic.trigger).toMatchObject({ type: 'customTrigger', queueName: 'jobs', connection: 'MyConnection' });
  });

  it('refuses a second function with the same name', async () => {
    const { core } = await loadFunctionsApp(fixtureRoot + 'index.ts');
    const fn = core.functions.get('echo')!;
    expect(() => core.registerFunction(fn.metadata, fn.handler)).toThrow(/already registered/);
  });
});
