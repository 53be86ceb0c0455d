import { app } from '@azure/functions';
import { getServices } from '../platform/services.js';

/**
 * Webhook upkeep (every 5 minutes): a working webhook on every sheet with an
 * active session — created, re-enabled after DISABLED_CALLBACK_FAILED, pointed at
 * our callback URL — and none left on sheets nobody uses.
 * Reconciliation (every 2 minutes): a sheet whose version moved without a webhook
 * callback still gets its sheet-changed notice.
 */
app.timer('webhook-upkeep', {
  schedule: '0 */5 * * * *',
  handler: async (_timer, context) => {
    const outcome = await getServices().upkeep.upkeep();
    context.log(`webhook upkeep: ${outcome.sheets} active sheets; created ${outcome.created.length}, re-enabled ${outcome.enabled.length}, deleted ${outcome.deleted.length}, failed ${outcome.failed.length}`);
    for (const failure of outcome.failed) context.warn(`webhook upkeep failed for sheet ${failure.sheetId}: ${failure.reason}`);
  },
});

app.timer('sheet-reconcile', {
  schedule: '30 */2 * * * *',
  handler: async (_timer, context) => {
    const outcome = await getServices().upkeep.reconcile();
    if (outcome.notices.length) context.log(`reconciliation: ${outcome.notices.map((n) => `sheet ${n.sheetId} → version ${n.version}`).join(', ')}`);
    if (outcome.unreachable.length) context.warn(`reconciliation: Smartsheet does not answer for sheets ${outcome.unreachable.join(', ')}; their sessions are labelled read-only`);
  },
});
