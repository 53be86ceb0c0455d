import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Broker } from '../servicebus-broker/broker.js';
import type { AzuriteHandle } from './azurite.js';
import type { RegisteredFunction } from './core-api.js';
import { localPrincipal, principalHeader, serveAuthMe, serveStatic } from './front-door.js';
import { attachDurable, type DurableHost } from '../durable/durable-host.js';
import { FunctionRuntime } from './function-runtime.js';
import { buildHttpRoutes, dispatchHttp, isHttpTrigger, type HostKeys, type HttpRoute } from './http-trigger.js';
import { loadFunctionsApp } from './load-app.js';
import { mergeSettings, readHostJson, readLocalSettings, type HostJson } from './local-settings.js';
import { startLocalServices, type LocalServiceOptions } from './local-services.js';
import { createLogger, toLevel, type Logger } from './logger.js';
import { attachServiceBusTriggers, serveAdminInvoke } from './other-triggers.js';
import { resolveSettingReference, TimerScheduler } from './timer-trigger.js';

export interface DevHostOptions extends LocalServiceOptions {
  /** The project root: host.json and local.settings(.sample).json live here. */
  root: string;
  /** The built functions entry (package.json "main"). */
  appEntry: string;
  /** The built web app; no web server when absent. */
  webRoot?: string;
  /** 7071 by default; 0 lets the OS pick. */
  functionsPort?: number;
  /** 4280 by default; 0 lets the OS pick. */
  webPort?: number;
  listenHost?: string;
  /** Use this settings file instead of local.settings.json / the sample. */
  settingsFile?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface DevHost {
  functionsUrl: string;
  webUrl?: string;
  storage: { connectionString: string; azurite?: AzuriteHandle };
  smartsheetUrl?: string;
  modelUrl?: string;
  webPubSubUrl?: string;
  brokerUrl?: string;
  broker?: Broker;
  keyVaultUrl?: string;
  functions: RegisteredFunction[];
  keys: HostKeys;
  hostJson: HostJson;
  runtime: FunctionRuntime;
  durable?: DurableHost;
  describe(): string;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use; pick another with its option or setting.`) : error),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function requestHandler(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, logger: Logger) {
  return (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      logger.log('error', `Request failed in the host: ${(error as Error)?.stack ?? String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'The dev host failed to serve the request.' } }));
    });
  };
}

/**
 * The local platform: loads the unchanged functions app, serves its HTTP
 * triggers, runs its timers, and provides Azurite and a front door for the web app.
 */
export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  const localSettings = readLocalSettings(options.root, options.settingsFile);
  const settings = mergeSettings(localSettings.values, options.env ?? process.env);
  const logger = options.logger ?? createLogger(undefined, toLevel(settings.LOG_LEVEL ?? 'information'));
  const hostJson = readHostJson(options.root);
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };

  try {
    const local = await startLocalServices(settings, options, logger);
    cleanups.push(() => local.stop());
    const azurite = local.azurite;
    Object.assign(process.env, settings);

    const keys: HostKeys = {
      functionKey: settings.DEVHOST_FUNCTION_KEY || randomBytes(18).toString('base64url'),
      masterKey: settings.DEVHOST_MASTER_KEY || randomBytes(18).toString('base64url'),
    };
    // Listen first, so the app knows its own address (WEBSITE_HOSTNAME) when it reads its settings.
    let serve: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
    const functionsServer = createServer(
      requestHandler(async (req, res) => {
        if (serve) return serve(req, res);
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ error: { code: 'STARTING', message: 'The host is starting.' } }));
      }, logger),
    );
    const functionsPort = await listen(functionsServer, options.functionsPort ?? 7071, listenHost);
    cleanups.push(() => close(functionsServer));
    const functionsUrl = `http://localhost:${functionsPort}`;
    // durable-functions rewrites client URLs to localhost:7071 unless the host name is known, as in Azure.
    process.env.WEBSITE_HOSTNAME = settings.WEBSITE_HOSTNAME ||= `localhost:${functionsPort}`;

    const app = await loadFunctionsApp(options.appEntry);
    const runtime = new FunctionRuntime(app.core, logger);
    app.core.systemLog = (level, _category, message) => logger.log(level === 'none' ? 'information' : level, message, { source: 'system' });

    const routes: HttpRoute[] = buildHttpRoutes(app.functions);
    const dispatch = { runtime, routes, routePrefix: hostJson.routePrefix, keys };
    const notFound = (res: ServerResponse) => {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Not found.' } }));
    };

    const durable: DurableHost | undefined = await attachDurable({
      functions: app.functions,
      runtime,
      logger,
      connectionString: settings.AzureWebJobsStorage ?? '',
      hubName: resolveSettingReference(hostJson.hubName, settings),
      maxConcurrentActivities: hostJson.maxConcurrentActivityFunctions,
      masterKey: keys.masterKey,
      origin: () => `http://127.0.0.1:${functionsPort}`,
    });
    if (durable) cleanups.push(() => durable.stop());
    serve = async (req, res) => {
      if (durable && (await durable.serve(req, res))) return;
      if (await serveAdminInvoke(runtime, keys, req, res)) return;
      if (!(await dispatchHttp(dispatch, req, res))) notFound(res);
    };

    let webUrl: string | undefined;
    if (options.webRoot) {
      const webRoot = options.webRoot;
      const principal = localPrincipal(settings.DEVHOST_USER || 'dev@localhost');
      const injectHeaders = { 'x-ms-client-principal': principalHeader(principal), 'x-ms-client-principal-name': principal.userDetails };
      const webServer = createServer(
        requestHandler(async (req, res) => {
          if ((req.url ?? '').startsWith('/.auth/me')) return serveAuthMe(principal, res);
          if (durable && (await durable.serve(req, res))) return;
          if (await dispatchHttp({ ...dispatch, injectHeaders }, req, res)) return;
          serveStatic(webRoot, req, res);
        }, logger),
      );
      const webPort = await listen(webServer, options.webPort ?? 4280, listenHost);
      cleanups.push(() => close(webServer));
      webUrl = `http://localhost:${webPort}`;
    }

    const busTriggers = local.broker ? attachServiceBusTriggers(local.broker.broker, runtime, settings) : [];
    if (!local.broker && app.functions.some((fn) => fn.trigger.type.toLowerCase() === 'servicebustrigger')) {
      logger.log('warning', 'Service Bus triggers will not run: the dev host only delivers from its local broker (ServiceBusConnection with UseDevelopmentBroker=true).');
    }

    const timers = new TimerScheduler(runtime, settings);
    timers.start(app.functions);
    cleanups.push(() => timers.stop());
    await app.core.runHooks('appStart', { hookData: {}, appHookData: {}, functionAppDirectory: options.root });
    cleanups.push(() => app.core.runHooks('appTerminate', { hookData: {}, appHookData: {} }));

    const host: DevHost = {
      functionsUrl,
      webUrl,
      storage: { connectionString: settings.AzureWebJobsStorage ?? '', azurite },
      smartsheetUrl: local.smartsheet?.baseUrl,
      modelUrl: local.model?.url,
      webPubSubUrl: local.webPubSub?.url,
      brokerUrl: local.broker?.url,
      broker: local.broker?.broker,
      keyVaultUrl: local.keyVault?.url,
      functions: app.functions,
      keys,
      hostJson,
      runtime,
      durable,
      describe() {
        const lines = app.functions.map((fn) => {
          if (isHttpTrigger(fn)) {
            const route = routes.find((r) => r.fn === fn)!;
            const prefix = hostJson.routePrefix ? `/${hostJson.routePrefix}` : '';
            return `  ${fn.name}: [${route.methods.join(',')}] ${functionsUrl}${prefix}/${route.route.template}`;
          }
          const schedule = timers.describe().find((t) => t.name === fn.name)?.schedule;
          const topic = busTriggers.includes(fn) ? `${String(fn.trigger.topicName)}/${String(fn.trigger.subscriptionName)}` : undefined;
          return `  ${fn.name}: ${fn.trigger.type}${schedule ? ` (${schedule})` : ''}${topic ? ` (${topic})` : ''}`;
        });
        return [
          'ChatSheetAI dev host',
          webUrl ? `  Web app:   ${webUrl}` : undefined,
          `  Functions: ${functionsUrl}`,
          `  Storage:   ${azurite ? `Azurite${options.azuriteLocation ? ` (${options.azuriteLocation})` : ' (in memory)'} blob ${azurite.ports.blob}, queue ${azurite.ports.queue}, table ${azurite.ports.table}` : 'external account from AzureWebJobsStorage'}`,
          local.model ? `  Model:     offline model at ${local.model.url} (set AZURE_OPENAI_* for Azure OpenAI)` : undefined,
          local.smartsheet ? `  Smartsheet: emulator at ${local.smartsheet.baseUrl} (admin API at ${local.smartsheet.url}/admin/…)` : undefined,
          local.webPubSub ? `  Web PubSub: emulator at ${local.webPubSub.url}` : undefined,
          local.broker ? `  Service Bus: local broker at ${local.broker.url} (dead letters at ${local.broker.url}/$admin/…)` : undefined,
          local.keyVault ? `  Key Vault: emulator at ${local.keyVault.url}` : undefined,
          `  Settings:  ${localSettings.source}`,
          '',
          'Functions:',
          ...lines,
        ]
          .filter((line) => line !== undefined)
          .join('\n');
      },
      stop: cleanup,
    };
    return host;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
