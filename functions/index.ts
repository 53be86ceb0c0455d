/**
 * The functions app's entry (package.json "main"): every trigger registers on import.
 * Settings are parsed here, at start-up, so a bad setting stops the app with a
 * message naming it instead of failing on some later request.
 */
import './health/health.http.js';
import './platform/info.http.js';
import './sessions/session-load.orchestration.js';
import './sessions/sessions-create.http.js';
import './sessions/sessions-get.http.js';
import './sessions/sessions-list.http.js';
import './sessions/sessions-reload.http.js';
import './sessions/sessions-sheet.http.js';
import './sessions/sessions-tool.http.js';
import './sheets/sheets-list.http.js';
import './sheets/sheets-export.http.js';
import './sheets/sheets-matches.http.js';
import './sheets/cell-history.http.js';
import './sheets/comments-counts.http.js';
import './sheets/row-comments-get.http.js';
import './sheets/row-comments-post.http.js';
import './sheets/conversations-get.http.js';
import './sheets/conversations-post.http.js';
import './sheets/comments-delete.http.js';
import './sheets/comments-edit.http.js';
import './sheets/rows-patch.http.js';
import './sheets/cells-patch.http.js';
import './sheets/grid-edit.http.js';
import './sessions/sessions-new-chat.http.js';
import './chat/messages-post.http.js';
import './chat/messages-list.http.js';
import './chat/messages-stop.http.js';
import './changesets/changeset-approval.orchestration.js';
import './changesets/changesets-get.http.js';
import './changesets/changesets-approve.http.js';
import './changesets/changesets-reject.http.js';
import './changesets/changesets-revert.http.js';
import './realtime/negotiate.http.js';
import './live/webhook.http.js';
import './live/sheet-events.topic.js';
import './live/live-upkeep.timer.js';
import './jobs/job.orchestration.js';
import './jobs/jobs-create.http.js';
import './jobs/jobs-list.http.js';
import './jobs/jobs-get.http.js';
import './jobs/jobs-actions.http.js';
import './maintenance/cleanup.timer.js';
import { app } from '@azure/functions';
import { getSettings } from './platform/settings.js';
import { flushTelemetry, startTelemetry } from './platform/telemetry.js';

if (startTelemetry(getSettings())) app.hook.appTerminate(() => flushTelemetry()); // spans still buffered go out before the worker stops
