import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/dev-host-process.js';

/** Static Web Apps configuration: SPA fallback that leaves the API alone, and an API only for signed-in users. */
describe('staticwebapp.config.json', () => {
  const config = JSON.parse(readFileSync(`${repoRoot}web/public/staticwebapp.config.json`, 'utf8'));

  it('falls back to index.html for app routes, never for the API, auth or assets', () => {
    expect(config.navigationFallback.rewrite).toBe('/index.html');
    for (const path of ['/api/*', '/.auth/*', '/assets/*']) expect(config.navigationFallback.exclude).toContain(path);
  });

  it('lets only authenticated users reach the API', () => {
    expect(config.routes.find((r: { route: string }) => r.route === '/api/*')).toEqual({ route: '/api/*', allowedRoles: ['authenticated'] });
  });

  it('ships with the built app', () => {
    expect(JSON.parse(readFileSync(`${repoRoot}dist/web/staticwebapp.config.json`, 'utf8'))).toEqual(config);
  });
});
