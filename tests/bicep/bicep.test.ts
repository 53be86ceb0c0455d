import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../functions/platform/settings.js';
import { repoRoot } from '../support/dev-host-process.js';

/**
 * Static checks of the Bicep (the Bicep CLI cannot run here): structure, module paths,
 * parameters used, every required setting set in Azure, every role the code needs assigned.
 */
const bicepDir = join(repoRoot, 'bicep');
const files = [join(bicepDir, 'main.bicep'), ...readdirSync(join(bicepDir, 'modules')).map((f) => join(bicepDir, 'modules', f))];
const read = (file: string) => readFileSync(file, 'utf8');
/** Code without comments and string contents, for counting brackets. */
const skeleton = (text: string) => text.replace(/\/\/.*$/gm, '').replace(/'(?:[^'\\]|\\.)*'/g, "''");

/** Settings that only the local dev host reads, or that the platform sets itself. */
const LOCAL_OR_PLATFORM = new Set(['AzureWebJobsStorage', 'WEBPUBSUB_CONNECTION_STRING', 'ServiceBusConnection', 'AZURE_OPENAI_API_KEY', 'WEBSITE_HOSTNAME']);

describe('Bicep', () => {
  it.each(files.map((f) => [f.slice(repoRoot.length), f]))('%s: balanced braces, brackets and parentheses', (_name, file) => {
    const text = skeleton(read(file));
    for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')']]) {
      let depth = 0;
      for (const ch of text) {
        if (ch === open) depth++;
        if (ch === close) depth--;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth, `${open}${close} in ${file}`).toBe(0);
    }
  });

  it.each(files.map((f) => [f.slice(repoRoot.length), f]))('%s: every module path exists, every parameter is used', (_name, file) => {
    const text = read(file);
    for (const [, path] of text.matchAll(/^module\s+\w+\s+'([^']+)'/gm)) expect(existsSync(join(dirname(file), path!)), path).toBe(true);
    for (const [, param] of text.matchAll(/^param\s+(\w+)\s/gm)) {
      const uses = text.match(new RegExp(`\\b${param}\\b`, 'g'))!.length;
      expect(uses, `param ${param} in ${file} is never used`).toBeGreaterThan(1);
    }
  });

  it('every setting the app requires is set on the function app in Azure (or is local-only / set by the platform)', () => {
    const appSettings = new Set([...read(join(bicepDir, 'modules/functionapp.bicep')).matchAll(/\{ name: '([^']+)', value:/g)].map((m) => m[1]!));
    const unset = Object.keys(settingsSchema.shape).filter((key) => {
      if (appSettings.has(key) || LOCAL_OR_PLATFORM.has(key)) return false;
      // Settings with a default (tunables) need no app setting.
      return !(settingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[key]!.safeParse(undefined).success;
    });
    expect(unset).toEqual([]);
    // The identity-based alternatives of the local connection strings are set.
    for (const key of ['AzureWebJobsStorage__accountName', 'ServiceBusConnection__fullyQualifiedNamespace', 'WEBPUBSUB_ENDPOINT', 'AZURE_OPENAI_ENDPOINT', 'SMARTSHEET_ACCESS_TOKEN', 'KEY_VAULT_URL']) expect(appSettings).toContain(key);
    expect([...appSettings].find((k) => /KEY$|PASSWORD|CONNECTION_STRING$/i.test(k) && k !== 'APPLICATIONINSIGHTS_CONNECTION_STRING')).toBeUndefined();
  });

  it('every role the code needs is assigned, with the right role definition ids', () => {
    const roles = read(join(bicepDir, 'modules/roles.bicep'));
    const needed: Record<string, string> = {
      storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
      storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
      storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
      serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
      serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
      webPubSubServiceOwner: '12cf5a90-567b-43ae-8102-96cf46c7d9b4',
      cognitiveServicesOpenAIUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
      keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    };
    for (const [role, id] of Object.entries(needed)) {
      expect(roles).toContain(`${role}: '${id}'`);
      expect(roles, `${role} is defined but not assigned`).toMatch(new RegExp(`roleDefinitions', roles\\.${role}\\)`));
    }
    expect(read(join(bicepDir, 'main.bicep'))).toMatch(/module roles 'modules\/roles.bicep'[\s\S]*principalId: identity\.outputs\.principalId/);
  });

  it('no keys: storage allows no shared keys; Service Bus, Web PubSub and OpenAI have local auth off', () => {
    expect(read(join(bicepDir, 'modules/storage.bicep'))).toContain('allowSharedKeyAccess: false');
    for (const module of ['servicebus', 'webpubsub', 'openai']) expect(read(join(bicepDir, `modules/${module}.bicep`))).toContain('disableLocalAuth: true');
    expect(read(join(bicepDir, 'modules/servicebus.bicep'))).toMatch(/requiresDuplicateDetection: true[\s\S]*requiresSession: true/);
  });

  it('the Function App runs on a Node.js that is still supported (20 ended in April 2026) and that package.json allows', () => {
    const version = /runtime: \{ name: 'node', version: '(\d+)' \}/.exec(read(join(bicepDir, 'modules/functionapp.bicep')))?.[1];
    expect(version).toBe('22');
    const engines = (JSON.parse(read(join(repoRoot, 'package.json'))) as { engines: { node: string } }).engines.node;
    expect(Number(version)).toBeGreaterThanOrEqual(Number(/>=\s*(\d+)/.exec(engines)![1]));
  });

  it("Smartsheet calls the webhook through the static web app, since the Function App linked to it answers only what comes through it", () => {
    const main = read(join(bicepDir, 'main.bicep'));
    expect(main).toContain("var webhookCallbackUrl = '${staticWebApp.outputs.url}/api/webhooks/smartsheet'");
    expect(main).toMatch(/module functionApp 'modules\/functionapp.bicep'[\s\S]*?webhookCallbackUrl: webhookCallbackUrl[\s\S]*?\n}/);
    expect(main).toContain('output WEBHOOK_CALLBACK_URL string = webhookCallbackUrl');
    expect(read(join(bicepDir, 'modules/functionapp.bicep'))).toContain("{ name: 'WEBHOOK_CALLBACK_URL', value: webhookCallbackUrl }");
    // The link comes after both (the Function App needs the web app's URL first): its own module.
    expect(main).toMatch(/module staticWebAppBackend 'modules\/staticwebapp-backend.bicep'[\s\S]*backendResourceId: functionApp\.outputs\.id/);
    expect(read(join(bicepDir, 'modules/staticwebapp.bicep'))).not.toContain('linkedBackends');
  });

  it('outputs are UPPER_SNAKE, and azure.yaml deploys the api and the web app', () => {
    const outputs = [...read(join(bicepDir, 'main.bicep')).matchAll(/^output\s+(\S+)\s/gm)].map((m) => m[1]!);
    expect(outputs.length).toBeGreaterThan(10);
    for (const name of outputs) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
    const azd = read(join(repoRoot, 'azure.yaml'));
    expect(azd).toMatch(/infra:\s+provider: bicep\s+path: bicep/);
    expect(azd).toMatch(/host: function/);
    expect(azd).toMatch(/host: staticwebapp/);
    // The web app builds on its own install: the api's hook prunes the dev dependencies (Vite) for its zip.
    expect(azd).toMatch(/npm prune --omit=dev/);
    expect(azd).toMatch(/web:[\s\S]*run: npm ci && npx vite build/);
  });

  it('the Function App zip leaves out what only development needs, and keeps what the app runs on', () => {
    const ignored = read(join(repoRoot, '.funcignore')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const dev of ['tests', 'bench', 'web', 'infra', 'scratch', 'dist/tests', 'dist/bench', 'dist/infra', 'dist/web', 'local.settings.json']) expect(ignored).toContain(`/${dev}`);
    for (const needed of ['node_modules', 'dist', 'dist/functions', 'dist/shared', 'host.json', 'package.json']) expect(ignored).not.toContain(`/${needed}`);
    // Anchored at the root: a bare "web" or "tests" (gitignore rules) would also match folders inside node_modules.
    expect(ignored.filter((pattern) => !pattern.startsWith('/'))).toEqual([]);
    // What the functions import lives under functions/ and shared/ only (tests/architecture.test.ts).
    const main = JSON.parse(read(join(repoRoot, 'package.json'))) as { main: string };
    expect(main.main).toBe('dist/functions/index.js');
  });
});
