import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/dev-host-process.js';

/** Static Web Apps configuration: SPA fallback that leaves the API alone, and an API only for invited users. */
describe('staticwebapp.config.json', () => {
  const config = JSON.parse(readFileSync(`${repoRoot}web/public/staticwebapp.config.json`, 'utf8'));

  it('falls back to index.html for app routes, never for the API, auth or assets', () => {
    expect(config.navigationFallback.rewrite).toBe('/index.html');
    for (const path of ['/api/*', '/.auth/*', '/assets/*']) expect(config.navigationFallback.exclude).toContain(path);
  });

  /** The route Static Web Apps applies to a path: the first that matches, in order (`*` at the end: any rest). */
  const routeOf = (path: string): { route: string; allowedRoles?: string[] } =>
    config.routes.find((r: { route: string }) => (r.route.endsWith('*') ? path.startsWith(r.route.slice(0, -1)) : path === r.route));

  it('lets only users invited to the app reach the API, not everyone who can sign in', () => {
    // Every user works with the sheets of the app's Smartsheet account: "authenticated" would be anyone with a
    // Microsoft account. The role is given by invitation (README: Deploy to Azure).
    expect(config.routes.find((r: { route: string }) => r.route === '/api/*')).toEqual({ route: '/api/*', allowedRoles: ['chatsheet_user'] });
    for (const path of ['/api/sessions', '/api/sheets', '/api/webhooks/smartsheet/other', '/api/webhooks']) expect(routeOf(path).allowedRoles, path).toEqual(['chatsheet_user']);
  });

  it("lets Smartsheet's webhook calls (signed, checked by the function) through without a user, and nothing else", () => {
    // The linked Function App answers only requests that come through the static web app, so Smartsheet calls
    // the webhook here (WEBHOOK_CALLBACK_URL in bicep/main.bicep).
    expect(routeOf('/api/webhooks/smartsheet')).toEqual({ route: '/api/webhooks/smartsheet', allowedRoles: ['anonymous'] });
    expect(config.routes.filter((r: { allowedRoles?: string[] }) => r.allowedRoles?.includes('anonymous')).map((r: { route: string }) => r.route)).toEqual(['/api/webhooks/smartsheet']);
  });

  it('ships with the built app', () => {
    expect(JSON.parse(readFileSync(`${repoRoot}dist/web/staticwebapp.config.json`, 'utf8'))).toEqual(config);
  });
});
