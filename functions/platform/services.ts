import { ChangeSetsService } from '../changesets/changesets.service.js';
import { AzureOpenAIModel } from '../chat/azure-openai.adapter.js';
import { ChatService } from '../chat/chat.service.js';
import type { ChatModel } from '../chat/model.port.js';
import { DevBrokerChannel, parseServiceBusConnection } from '../events/dev-broker-channel.adapter.js';
import { ServiceBusChannel } from '../events/servicebus-channel.adapter.js';
import type { SheetEventsPublisher } from '../events/sheet-events.port.js';
import type { DependencyProbe } from '../health/health.service.js';
import { LiveUpdatesService } from '../live/live-updates.service.js';
import { WebhookUpkeepService } from '../live/webhook-upkeep.service.js';
import { JobsService, type JobsDeps } from '../jobs/jobs.service.js';
import { JobRunner } from '../jobs/job-runner.js';
import { CellEditService } from '../sheets/cell-edit.service.js';
import { GridEditService } from '../sheets/grid-edit.service.js';
import { SheetCommentsService } from '../sheets/sheet-comments.service.js';
import { TableTokenBucket } from '../smartsheet/rate-limit.adapter.js';
import type { RealtimePort } from '../realtime/realtime.port.js';
import { WebPubSubRealtime } from '../realtime/webpubsub.adapter.js';
import { KeyVaultSecretStore } from '../secrets/keyvault-secrets.adapter.js';
import type { SecretStore } from '../secrets/secret-store.port.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { SmartsheetAdapter } from '../smartsheet/smartsheet.adapter.js';
import type { SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import { BlobLeaseWriteLock } from '../storage/blob-lease-lock.adapter.js';
import { CachedSnapshotStore } from '../storage/snapshot-cache.js';
import type { ChangeSetStore, MessageStore, PostedCommentStore, SessionStore, SheetStateStore, SnapshotStore, WebhookStore } from '../storage/stores.port.js';
import { BlobJobInputStore, TableJobRowStore } from '../storage/job-storage.adapter.js';
import { BlobSnapshotStore } from '../storage/snapshot-blobs.adapter.js';
import { TableChangeSetStore, TableJobStore, TablePostedCommentStore, TableSessionStore, TableSheetStateStore, TableWebhookStore } from '../storage/table-stores.adapter.js';
import { TableMessageStore } from '../storage/table-messages.adapter.js';
import { tableStorageProbe } from '../storage/table-storage.adapter.js';
import { labellingUnreachable, SheetReachability } from '../live/sheet-reachability.js';
import { ConfigError } from './errors.js';
import { getSettings, type Settings } from './settings.js';

/**
 * The composition root: adapters are built once per process from the settings,
 * each on first use, and handed to services. Triggers ask for what they need here.
 */
export interface Services {
  settings: Settings;
  healthProbes: DependencyProbe[];
  smartsheet: SmartsheetPort;
  sessionStore: SessionStore;
  messages: MessageStore;
  snapshots: SnapshotStore;
  sessions: SessionsService;
  changeSetStore: ChangeSetStore;
  publisher: SheetEventsPublisher;
  changeSets: ChangeSetsService;
  model: ChatModel;
  chat: ChatService;
  webhookStore: WebhookStore;
  secrets: SecretStore;
  sheetStates: SheetStateStore;
  reachability: SheetReachability;
  realtime: RealtimePort;
  live: LiveUpdatesService;
  upkeep: WebhookUpkeepService;
  jobStore: TableJobStore;
  jobRows: TableJobRowStore;
  jobInputs: BlobJobInputStore;
  jobs: JobsService;
  jobRunner: JobRunner;
  cellEdits: CellEditService;
  gridEdits: GridEditService;
  postedComments: PostedCommentStore;
  comments: SheetCommentsService;
}

/** The event channel: the dev host's broker locally, Service Bus in Azure. */
export function publisherFromSettings(settings: Settings): SheetEventsPublisher {
  const connection = settings.ServiceBusConnection;
  if (connection && parseServiceBusConnection(connection).developmentBroker) return new DevBrokerChannel(connection, settings.SHEET_EVENTS_TOPIC);
  return new ServiceBusChannel({
    topic: settings.SHEET_EVENTS_TOPIC,
    ...(connection ? { connectionString: connection } : { fullyQualifiedNamespace: settings.ServiceBusConnection__fullyQualifiedNamespace! }),
  });
}

/** Where Smartsheet should call us: the setting, else this app's own host name. */
export function webhookCallbackUrl(settings: Settings): string {
  if (settings.WEBHOOK_CALLBACK_URL) return settings.WEBHOOK_CALLBACK_URL;
  const host = settings.WEBSITE_HOSTNAME;
  if (!host) throw new ConfigError('WEBHOOK_CALLBACK_URL is not set and the host name (WEBSITE_HOSTNAME) is unknown.');
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host);
  return `${local ? 'http' : 'https'}://${host}/api/webhooks/smartsheet`;
}

export function smartsheetFromSettings(settings: Settings): SmartsheetPort {
  return new SmartsheetAdapter({
    baseUrl: settings.SMARTSHEET_BASE_URL,
    accessToken: settings.SMARTSHEET_ACCESS_TOKEN,
    changeAgent: settings.SMARTSHEET_CHANGE_AGENT,
    ...(settings.SMARTSHEET_INTEGRATION_ORG ? { integrationSource: `AI,${settings.SMARTSHEET_INTEGRATION_ORG},ChatSheetAI` } : {}),
    lock: new BlobLeaseWriteLock(storageConnection(settings)),
    maxAttempts: settings.SMARTSHEET_MAX_ATTEMPTS,
    initialDelayMs: settings.SMARTSHEET_RETRY_DELAY_MS,
    maxDelayMs: Math.max(settings.SMARTSHEET_RETRY_DELAY_MS, 10_000),
    timeoutMs: settings.SMARTSHEET_TIMEOUT_MS,
    breakerThreshold: settings.SMARTSHEET_BREAKER_THRESHOLD,
    halfOpenAfterMs: settings.SMARTSHEET_BREAKER_HALF_OPEN_MS,
  });
}

/** Builds a value on first use and keeps it: one adapter per process, and none built that a call does not need. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** The storage connection string; with only an account name, one without a key (the adapters then use Entra ID). */
export function storageConnection(settings: Settings): string {
  return settings.AzureWebJobsStorage ?? `AccountName=${settings.AzureWebJobsStorage__accountName};EndpointSuffix=core.windows.net`;
}
const storage = () => storageConnection(getSettings());
/** What the jobs service and the job runner share: one set, so both see the same stores and the same request budget. */
const jobDeps = lazy((): JobsDeps => {
  const s = getSettings();
  return {
    jobs: services.jobStore,
    rows: services.jobRows,
    inputs: services.jobInputs,
    sessions: services.sessions,
    snapshots: services.snapshots,
    smartsheet: services.smartsheet,
    model: services.model,
    publisher: services.publisher,
    realtime: services.realtime,
    budget: new TableTokenBucket(storage(), s.SMARTSHEET_ACCESS_TOKEN, s.SMARTSHEET_REQUESTS_PER_MINUTE),
    pilotRows: s.JOB_PILOT_ROWS,
    modelBatchRows: s.JOB_MODEL_BATCH_ROWS,
    modelConcurrency: s.JOB_MODEL_CONCURRENCY,
    approvalMinutes: s.JOB_APPROVAL_MINUTES,
    requestsPerMinute: s.SMARTSHEET_REQUESTS_PER_MINUTE,
  };
});

/** Each service, built on first use; every name of `Services` but the settings, so none can be left out. */
const made: { [K in Exclude<keyof Services, 'settings'>]: () => Services[K] } = {
  healthProbes: lazy(() => [tableStorageProbe(storage())]),
  smartsheet: lazy(() => labellingUnreachable(smartsheetFromSettings(getSettings()), services.reachability)),
  sessionStore: lazy((): SessionStore => new TableSessionStore(storage())),
  messages: lazy((): MessageStore => new TableMessageStore(storage())),
  snapshots: lazy((): SnapshotStore => new CachedSnapshotStore(new BlobSnapshotStore(storage()))),
  changeSetStore: lazy((): ChangeSetStore => new TableChangeSetStore(storage())),
  publisher: lazy((): SheetEventsPublisher => publisherFromSettings(getSettings())),
  webhookStore: lazy((): WebhookStore => new TableWebhookStore(storage())),
  secrets: lazy((): SecretStore => new KeyVaultSecretStore(getSettings().KEY_VAULT_URL)),
  sheetStates: lazy((): SheetStateStore => new TableSheetStateStore(storage())),
  reachability: lazy(() => new SheetReachability({ sheetStates: services.sheetStates })),
  realtime: lazy((): RealtimePort => {
    const s = getSettings();
    return new WebPubSubRealtime({ hub: s.WEBPUBSUB_HUB, ...(s.WEBPUBSUB_CONNECTION_STRING ? { connectionString: s.WEBPUBSUB_CONNECTION_STRING } : { endpoint: s.WEBPUBSUB_ENDPOINT! }) });
  }),
  cellEdits: lazy(() => new CellEditService({ sessions: services.sessions, smartsheet: services.smartsheet, publisher: services.publisher })),
  gridEdits: lazy(() => new GridEditService({ sessions: services.sessions, snapshots: services.snapshots, changeSets: services.changeSets })),
  postedComments: lazy((): PostedCommentStore => new TablePostedCommentStore(storage())),
  comments: lazy(() => new SheetCommentsService({ sessions: services.sessions, smartsheet: services.smartsheet, publisher: services.publisher, posted: services.postedComments, signComments: getSettings().COMMENT_SIGNATURE === 'name' })),
  jobStore: lazy(() => new TableJobStore(storage())),
  jobRows: lazy(() => new TableJobRowStore(storage())),
  jobInputs: lazy(() => new BlobJobInputStore(storage())),
  jobs: lazy(() => new JobsService(jobDeps())),
  jobRunner: lazy(() => new JobRunner(jobDeps())),
  upkeep: lazy(
    () =>
      new WebhookUpkeepService({
        smartsheet: services.smartsheet,
        webhooks: services.webhookStore,
        secrets: services.secrets,
        sessionStore: services.sessionStore,
        sheetStates: services.sheetStates,
        snapshots: services.snapshots,
        publisher: services.publisher,
        changeAgent: getSettings().SMARTSHEET_CHANGE_AGENT,
        callbackUrl: () => webhookCallbackUrl(getSettings()),
        idleMinutes: getSettings().SESSION_IDLE_MINUTES,
      }),
  ),
  live: lazy(
    () =>
      new LiveUpdatesService({
        smartsheet: services.smartsheet,
        snapshots: services.snapshots,
        sessionStore: services.sessionStore,
        sessions: services.sessions,
        messages: services.messages,
        sheetStates: services.sheetStates,
        webhooks: services.webhookStore,
        secrets: services.secrets,
        realtime: services.realtime,
        publisher: services.publisher,
        changeAgent: getSettings().SMARTSHEET_CHANGE_AGENT,
        idleMinutes: getSettings().SESSION_IDLE_MINUTES,
      }),
  ),
  changeSets: lazy(
    () =>
      new ChangeSetsService({
        changeSets: services.changeSetStore,
        snapshots: services.snapshots,
        smartsheet: services.smartsheet,
        sessions: services.sessions,
        publisher: services.publisher,
        approvalMinutes: getSettings().CHANGESET_APPROVAL_MINUTES,
        signComments: getSettings().COMMENT_SIGNATURE === 'name',
      }),
  ),
  model: lazy((): ChatModel => {
    const s = getSettings();
    const offline = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(s.AZURE_OPENAI_ENDPOINT);
    return new AzureOpenAIModel({
      endpoint: s.AZURE_OPENAI_ENDPOINT,
      deployment: s.AZURE_OPENAI_DEPLOYMENT,
      apiVersion: s.AZURE_OPENAI_API_VERSION,
      apiKey: s.AZURE_OPENAI_API_KEY,
      timeoutMs: s.MODEL_TIMEOUT_MS,
      maxAttempts: s.MODEL_MAX_ATTEMPTS,
      retryDelayMs: s.MODEL_RETRY_DELAY_MS,
      ...(s.AZURE_OPENAI_REASONING_EFFORT ? { reasoningEffort: s.AZURE_OPENAI_REASONING_EFFORT } : {}),
      ...(offline ? { label: 'Offline model (local)' } : {}),
    });
  }),
  chat: lazy(
    () =>
      new ChatService({
        sessions: services.sessions,
        messages: services.messages,
        changeSets: services.changeSets,
        jobs: services.jobs,
        live: services.smartsheet,
        model: services.model,
        realtime: services.realtime,
        maxRounds: getSettings().CHAT_MAX_TOOL_ROUNDS,
        tokenBudget: getSettings().PROMPT_TOKEN_BUDGET,
        turnDeadlineMs: getSettings().CHAT_TURN_DEADLINE_MS,
      }),
  ),
  sessions: lazy(
    () => new SessionsService({ sessions: services.sessionStore, messages: services.messages, snapshots: services.snapshots, smartsheet: services.smartsheet, idleMinutes: getSettings().SESSION_IDLE_MINUTES }),
  ),
};

const services = Object.defineProperties({} as Services, {
  settings: { get: getSettings },
  ...Object.fromEntries(Object.entries(made).map(([name, make]) => [name, { get: make }])),
});

export function getServices(): Services {
  return services;
}
